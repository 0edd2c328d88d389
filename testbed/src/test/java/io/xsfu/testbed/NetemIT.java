package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loss (and, where the kernel has netem, delay) on the bridge port towards client 1, measured with real UDP. */
class NetemIT {
    private static LanTopology lan;

    @BeforeAll
    static void topology() {
        Netns.deleteOrphans();
        lan = LanTopology.create(2);
    }

    @AfterAll
    static void cleanup() {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void tenPercentLossDropsAboutOneDatagramInTenUntilRemoved() throws Exception {
        int n = 4000;
        LanTopology.Client rx = lan.client(1);
        try (UdpReceiver receiver = UdpReceiver.open(rx.ns(), 6000, 0);
             UdpSender sender = UdpSender.open(lan.client(0).ns(), 41000)) {
            InetSocketAddress to = new InetSocketAddress(rx.ipv4(), receiver.port());
            // Resolve the neighbour before measuring (the filter drops UDP only, so ARP is never lost anyway).
            sender.send(new byte[] {0}, to);
            assertTrue(receiver.awaitCount(1, Duration.ofSeconds(2)));
            long before = receiver.count();
            long dropped;
            try (Netem loss = Netem.loss(lan.lan(), rx.bridgePort(), 10)) {
                assertEquals(Netem.Mechanism.BPF_UDP_LOSS, loss.mechanism());
                assertEquals(0, loss.dropped());
                send(sender, to, n);
                Thread.sleep(300);
                long received = receiver.count() - before;
                dropped = loss.dropped();
                assertEquals(n - received, dropped, "every datagram missing was dropped by the filter, and counted");
                // Binomial(4000, 0.1): mean 400, standard deviation 19; +-6 sigma.
                assertTrue(dropped > 285 && dropped < 515, "about 10 % lost: " + dropped + " of " + n);
            }
            before = receiver.count();
            send(sender, to, 500);
            assertTrue(receiver.awaitCount(before + 500, Duration.ofSeconds(2)), "nothing lost once removed: "
                    + (receiver.count() - before));
            String qdiscs = lan.lan().exec("tc", "qdisc", "show", "dev", rx.bridgePort());
            assertTrue(!qdiscs.contains("clsact"), qdiscs);
        }
    }

    @Test
    void delayNeedsTheNetemQdisc() throws Exception {
        LanTopology.Client rx = lan.client(1);
        if (!Netem.kernelHasNetem(lan.lan(), rx.bridgePort())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Netem.on(lan.lan(), rx.bridgePort()).delay(Duration.ofMillis(50)).apply());
            assertTrue(e.getMessage().contains("CONFIG_NET_SCH_NETEM"), e.getMessage());
            System.out.println("this kernel has no sch_netem: delay is not available, loss uses the BPF filter");
            return;
        }
        try (UdpReceiver receiver = UdpReceiver.open(rx.ns(), 6002);
             UdpSender sender = UdpSender.open(lan.client(0).ns(), 41002);
             Netem delay = Netem.on(lan.lan(), rx.bridgePort()).delay(Duration.ofMillis(50)).apply()) {
            assertEquals(Netem.Mechanism.NETEM_QDISC, delay.mechanism());
            long sentAt = System.nanoTime();
            sender.send(new byte[] {1}, new InetSocketAddress(rx.ipv4(), receiver.port()));
            assertTrue(receiver.awaitCount(1, Duration.ofSeconds(2)));
            long oneWay = receiver.packets().getFirst().receivedNanos() - sentAt;
            assertTrue(oneWay >= Duration.ofMillis(50).toNanos(), "delayed: " + oneWay / 1_000_000 + " ms");
        }
    }

    private static void send(UdpSender sender, InetSocketAddress to, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            sender.send(RtpPackets.patternPayload(i, 100), to);
            // Paced so no socket buffer on the way overflows: the filter should be the only loss.
            if (i % 100 == 99) {
                Thread.sleep(2);
            }
        }
    }
}
