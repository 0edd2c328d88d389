package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RtpFloodIT {
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
    void validRtpFromAFixedPortArrivesAsSentAcrossASequenceWrap() throws Exception {
        for (boolean v6 : new boolean[] {false, true}) {
            int count = 300;
            try (UdpReceiver rx = UdpReceiver.open(lan.client(1).ns(), 6000);
                 RtpFlood flood = RtpFlood.from(lan.client(0).ns(), 40000)
                         .to(new InetSocketAddress(lan.client(1).address(v6), 6000))
                         .ssrc(0xfeedbeefL).payloadType(100).payloadSize(500).rate(2000).count(count)
                         .firstSequence(65_400).firstTimestamp(0xffff_ff00L).timestampStep(3000).markerEvery(3)
                         .start()) {
                assertTrue(flood.await(Duration.ofSeconds(10)));
                assertEquals(count, flood.sent());
                assertTrue(rx.awaitCount(count, Duration.ofSeconds(3)), "received " + rx.count());
                List<UdpReceiver.Packet> packets = rx.packets();
                for (int i = 0; i < count; i++) {
                    UdpReceiver.Packet p = packets.get(i);
                    assertEquals(new InetSocketAddress(lan.client(0).address(v6), 40000), p.source());
                    byte[] rtp = p.payload();
                    assertTrue(RtpPackets.isRtpVersion2(rtp));
                    assertEquals(0xfeedbeefL, RtpPackets.ssrc(rtp));
                    assertEquals(100, RtpPackets.payloadType(rtp));
                    assertEquals((65_400 + i) & 0xffff, RtpPackets.sequence(rtp), "wraps after 65535");
                    assertEquals((0xffff_ff00L + 3000L * i) & 0xffff_ffffL, RtpPackets.timestamp(rtp));
                    assertEquals((i + 1) % 3 == 0, RtpPackets.marker(rtp));
                    assertArrayEquals(RtpPackets.patternPayload(i, 500), RtpPackets.payload(rtp));
                }
                long spanMillis = (packets.getLast().receivedNanos() - packets.getFirst().receivedNanos()) / 1_000_000;
                assertTrue(spanMillis >= 140, "paced at 2000/s: 300 packets span about 150 ms, took " + spanMillis);
            }
        }
    }

    @Test
    void anUnboundedFloodRunsUntilClosedAndTheReceiverStoresOnlyWhatItIsAskedTo() throws Exception {
        try (UdpReceiver rx = UdpReceiver.open(lan.client(1).ns(), 6002, 10)) {
            RtpFlood flood = RtpFlood.from(lan.client(0).ns(), 0).to(new InetSocketAddress(lan.client(1).ipv4(), 6002))
                    .rate(1000).count(0).start();
            assertTrue(rx.awaitCount(50, Duration.ofSeconds(3)));
            flood.close();
            long sent = flood.sent();
            assertTrue(rx.awaitCount(sent, Duration.ofSeconds(2)), rx.count() + " of " + sent);
            Thread.sleep(100);
            assertEquals(sent, rx.count(), "the flood stopped");
            assertEquals(10, rx.packets().size());
        }
    }
}
