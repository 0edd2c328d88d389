package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaper on the bridge port towards client 1, measured with real UDP from client 0: two RTP floods of 2 Mbit/s,
 * one to the limited port and one to another port of the same host, as two browsers on one address would receive.
 */
class RateLimitIT {
    private static final int PAYLOAD = 1000;
    /** Ethernet, IPv4 and UDP headers: what the shaper counts besides the datagram. */
    private static final int IPV4_OVERHEAD = 14 + 20 + 8;
    private static final int IPV6_OVERHEAD = 14 + 40 + 8;
    /** 250 packets of 1012 bytes (RTP) a second: 2.1 Mbit/s on the wire. */
    private static final int PPS = 250;
    private static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration MEASURE = Duration.ofMillis(3000);

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
    void limitsOnlyThePortItNamesChangesLiveAndLifts() throws Exception {
        LanTopology.Client rx = lan.client(1);
        try (UdpReceiver limited = UdpReceiver.open(rx.ns(), 7000);
             UdpReceiver other = UdpReceiver.open(rx.ns(), 7002);
             RateLimit limit = RateLimit.on(lan.lan(), rx.bridgePort()).rate(500_000).udpDestinationPort(7000)
                     .queue(Duration.ofMillis(80)).apply()) {
            assertTrue(limit.limiting());
            assertEquals(5000, limit.queueBytes(), "80 ms at 500 kbit/s");
            Rates r = measure(rx.ipv4(), limited, other, 31000);
            assertWithin(500_000, r.limited, 0.15, "the limited port gets the limit");
            assertWithin(wireRate(PPS, IPV4_OVERHEAD), r.other, 0.10, "the other port gets everything");
            assertTrue(limit.dropped() > 0, "the queue overflowed: " + limit.dropped());
            // Every datagram to the limited port either left the queue or was dropped there, and what left arrived.
            assertEquals(r.sentToLimited, limit.sentPackets() + limit.dropped(), "all classified, none in the queue");
            assertEquals(limited.count(), limit.sentPackets(), "what the shaper let through arrived");

            limit.rate(1_000_000);
            assertEquals(10_000, limit.queueBytes());
            r = measure(rx.ipv4(), limited, other, 31004);
            assertWithin(1_000_000, r.limited, 0.15, "a new rate applies live");

            long droppedBefore = limit.dropped();
            limit.lift();
            assertFalse(limit.limiting());
            assertFalse(lan.lan().exec("tc", "qdisc", "show", "dev", rx.bridgePort()).contains("htb"));
            r = measure(rx.ipv4(), limited, other, 31008);
            assertWithin(wireRate(PPS, IPV4_OVERHEAD), r.limited, 0.10, "lifted: full rate");
            assertEquals(droppedBefore, limit.dropped(), "counters survive the lift, and nothing more is dropped");

            limit.rate(500_000);
            assertTrue(limit.limiting(), "a rate after a lift puts the limit back");
            r = measure(rx.ipv4(), limited, other, 31012);
            assertWithin(500_000, r.limited, 0.15, "limited again");
        }
        assertFalse(lan.lan().exec("tc", "qdisc", "show", "dev", rx.bridgePort()).contains("htb"), "closed: removed");
    }

    @Test
    void limitsIpv6Too() throws Exception {
        LanTopology.Client rx = lan.client(1);
        try (UdpReceiver limited = UdpReceiver.open(rx.ns(), 7010);
             UdpReceiver other = UdpReceiver.open(rx.ns(), 7012);
             RateLimit limit = RateLimit.on(lan.lan(), rx.bridgePort()).rate(500_000).udpDestinationPort(7010)
                     .apply()) {
            Rates r = measure(rx.ipv6(), limited, other, 31020);
            assertWithin(500_000, r.limited, 0.15, "the limited port gets the limit");
            assertWithin(wireRate(PPS, IPV6_OVERHEAD), r.other, 0.10, "the other port gets everything");
            assertEquals(limited.count(), limit.sentPackets());
        }
    }

    @Test
    void withoutAPortTheWholeDeviceIsLimited() throws Exception {
        LanTopology.Client rx = lan.client(1);
        try (UdpReceiver a = UdpReceiver.open(rx.ns(), 7020);
             UdpReceiver b = UdpReceiver.open(rx.ns(), 7022);
             RateLimit limit = RateLimit.of(lan.lan(), rx.bridgePort(), 1_000_000)) {
            Rates r = measure(rx.ipv4(), a, b, 31030);
            assertWithin(1_000_000, r.limited + r.other, 0.15, "both floods share the limit");
            assertTrue(limit.dropped() > 0);
        }
    }

    /**
     * The end-to-end set-up: two receivers in the root namespace (two browsers with one address), the limit on the
     * bridge port towards the root namespace for one of their ports.
     */
    @Test
    void onTheRootPortOneOfTwoRootSocketsIsLimited() throws Exception {
        try (LanTopology withRoot = LanTopology.builder().clients(1).rootPort(true).build();
             UdpReceiver limited = UdpReceiver.openHere(0);
             UdpReceiver other = UdpReceiver.openHere(0);
             RateLimit limit = RateLimit.on(withRoot.lan(), withRoot.rootBridgePort()).rate(500_000)
                     .udpDestinationPort(limited.port()).apply()) {
            Rates r = measure(withRoot.client(0).ns(), withRoot.rootIpv4(), limited, other, 31040);
            assertWithin(500_000, r.limited, 0.15, "the limited browser port gets the limit");
            assertWithin(wireRate(PPS, IPV4_OVERHEAD), r.other, 0.10, "the other browser port gets everything");
            assertEquals(limited.count(), limit.sentPackets());
        }
    }

    private record Rates(double limited, double other, long sentToLimited) {
    }

    /**
     * Two floods of {@value #PPS} packets/s from client 0, one to each receiver, for settle + measure; the wire
     * rates (bit/s, Ethernet frames) at which each receiver got packets during the measuring window.
     */
    private static Rates measure(InetAddress to, UdpReceiver limited, UdpReceiver other, int sourcePort)
            throws Exception {
        return measure(lan.client(0).ns(), to, limited, other, sourcePort);
    }

    private static Rates measure(Netns tx, InetAddress to, UdpReceiver limited, UdpReceiver other, int sourcePort)
            throws Exception {
        int overhead = to instanceof java.net.Inet6Address ? IPV6_OVERHEAD : IPV4_OVERHEAD;
        long count = PPS * (SETTLE.toMillis() + MEASURE.toMillis()) / 1000;
        long start = System.nanoTime();
        long sent;
        try (RtpFlood a = RtpFlood.from(tx, sourcePort).to(new InetSocketAddress(to, limited.port()))
                .payloadSize(PAYLOAD - 12).rate(PPS).count(count).start();
             RtpFlood b = RtpFlood.from(tx, sourcePort + 1).to(new InetSocketAddress(to, other.port()))
                     .payloadSize(PAYLOAD - 12).rate(PPS).count(count).ssrc(0x55667788L).start()) {
            assertTrue(a.await(Duration.ofSeconds(10)) && b.await(Duration.ofSeconds(10)), "floods ended");
            sent = a.sent();
        }
        // The limited queue holds at most 80 ms (or 160 ms at a lower rate): let it drain.
        Thread.sleep(400);
        long from = start + SETTLE.toNanos();
        long to2 = from + MEASURE.toNanos();
        Rates r = new Rates(rate(limited, from, to2, overhead), rate(other, from, to2, overhead), sent);
        System.out.printf("RateLimitIT: port %d %.0f kbit/s, port %d %.0f kbit/s%n", limited.port(), r.limited / 1000,
                other.port(), r.other / 1000);
        return r;
    }

    private static double rate(UdpReceiver r, long fromNanos, long toNanos, int overhead) {
        long bytes = r.packets(p -> p.receivedNanos() >= fromNanos && p.receivedNanos() < toNanos).stream()
                .mapToLong(p -> p.payload().length + overhead).sum();
        return bytes * 8.0 * 1e9 / (toNanos - fromNanos);
    }

    private static double wireRate(int pps, int overhead) {
        return pps * (PAYLOAD + overhead) * 8.0;
    }

    private static void assertWithin(double expected, double actual, double fraction, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * fraction,
                what + ": " + Math.round(actual / 1000) + " kbit/s, expected " + Math.round(expected / 1000)
                        + " kbit/s +-" + Math.round(fraction * 100) + " %");
    }
}
