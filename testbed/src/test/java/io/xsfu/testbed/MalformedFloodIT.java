package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Crafted frames cross the bridge unchanged and the server's kernel judges them as their kinds say. */
class MalformedFloodIT {
    private static final int MEDIA_PORT = 5004;
    private static final int REGISTERED_PORT = 40000;
    private static final int UNKNOWN_PORT = 40001;
    private static final long SSRC = 0x0badf00dL;
    private static final long SEED = 7;
    /** Kinds that are well-formed UDP, which the kernel must deliver to a socket on the media port. */
    private static final Set<MalformedKind> VALID_UDP = EnumSet.of(MalformedKind.IPV4_OPTIONS,
            MalformedKind.NON_RTP_PAYLOAD, MalformedKind.RTP_BAD_VERSION, MalformedKind.RTP_CSRC_OVERRUN,
            MalformedKind.EMPTY_UDP, MalformedKind.UNKNOWN_SOURCE_PORT);

    private static LanTopology lan;

    @BeforeAll
    static void topology() {
        Netns.deleteOrphans();
        lan = LanTopology.create(1);
    }

    @AfterAll
    static void cleanup() {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void everyKindArrivesAtTheServerAsCrafted() throws Exception {
        LanTopology.Client c = lan.client(0);
        int perKind = 10;
        int kinds = MalformedKind.values().length;
        try (PacketCapture capture = PacketCapture.start(lan.server(), lan.serverIfName(),
                PacketCapture.fromMac(c.mac()).and(f -> Bytes.getShort(f, 12) == 0x0800));
             UdpReceiver media = UdpReceiver.open(lan.server(), MEDIA_PORT)) {
            MalformedFlood.Result result = flood().framesPerKind(perKind).rate(2000).run();

            for (MalformedKind k : MalformedKind.values()) {
                assertEquals(perKind, result.sent().get(k), k.name());
            }
            assertEquals(0, result.refused());
            assertTrue(capture.awaitCount(perKind * kinds, Duration.ofSeconds(5)),
                    "captured " + capture.count() + " of " + perKind * kinds);
            Thread.sleep(200);
            List<byte[]> frames = capture.frames();
            assertEquals(perKind * kinds, frames.size(), "nothing else from the client");

            // Byte for byte: every captured frame is one the flood crafted, as many times as it was crafted (the bare
            // Ethernet header is the same every time).
            Map<String, MalformedKind> kindOf = new HashMap<>();
            Map<String, Integer> outstanding = new HashMap<>();
            MalformedFrames.Addressing a = addressing(c);
            for (MalformedKind k : MalformedKind.values()) {
                for (int i = 0; i < perKind; i++) {
                    String hex = HexFormat.of().formatHex(MalformedFrames.craft(k, a, i, SEED));
                    kindOf.put(hex, k);
                    outstanding.merge(hex, 1, Integer::sum);
                }
            }
            Map<MalformedKind, Integer> arrived = new EnumMap<>(MalformedKind.class);
            for (byte[] f : frames) {
                String hex = HexFormat.of().formatHex(f);
                Integer left = outstanding.get(hex);
                assertTrue(left != null && left > 0, "unexpected or duplicate frame " + hex);
                outstanding.put(hex, left - 1);
                MalformedKind k = kindOf.get(hex);
                arrived.merge(k, 1, Integer::sum);
                assertLooksLike(k, f);
            }
            for (MalformedKind k : MalformedKind.values()) {
                assertEquals(perKind, arrived.getOrDefault(k, 0), k + " frames that arrived");
            }

            // The kernel is the independent judge of the crafting: exactly the well-formed UDP kinds reach a socket.
            int validCount = perKind * VALID_UDP.size();
            assertTrue(media.awaitCount(validCount, Duration.ofSeconds(3)), "delivered " + media.count());
            Thread.sleep(200);
            assertEquals(validCount, media.count());
            long fromUnknown = media.packets(p -> p.source().getPort() == UNKNOWN_PORT).size();
            assertEquals(perKind, fromUnknown);
            assertTrue(media.packets().stream().allMatch(p -> p.source().getAddress().equals(c.ipv4())));
            long empty = media.packets(p -> p.payload().length == 0).size();
            assertEquals(perKind, empty, "EMPTY_UDP arrives as zero-length datagrams");
        }
    }

    @Test
    void aTimedFloodSendsAtTheRequestedRate() throws Exception {
        long start = System.nanoTime();
        MalformedFlood.Result r = flood().kinds(EnumSet.of(MalformedKind.BAD_IHL, MalformedKind.EMPTY_UDP))
                .rate(500).duration(Duration.ofSeconds(1)).run();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.refused());
        assertEquals(500, r.total(), "paced from the start: one frame per 2 ms for 1 s");
        assertEquals(250, r.sent().get(MalformedKind.BAD_IHL), "round-robin over the kinds");
        assertTrue(elapsedMillis >= 990, "took " + elapsedMillis + " ms");
        assertEquals(Set.of(MalformedKind.BAD_IHL, MalformedKind.EMPTY_UDP), r.sent().keySet());
    }

    private MalformedFlood.Builder flood() {
        return MalformedFlood.from(lan, lan.client(0)).mediaPort(MEDIA_PORT).sourcePort(REGISTERED_PORT)
                .unknownSourcePort(UNKNOWN_PORT).ssrc(SSRC).payloadType(96).seed(SEED);
    }

    private static MalformedFrames.Addressing addressing(LanTopology.Client c) {
        return MalformedFrames.Addressing.of(c.mac(), lan.serverMac(), c.ipv4(), lan.serverIpv4(), REGISTERED_PORT,
                MEDIA_PORT, UNKNOWN_PORT, SSRC, 96);
    }

    /** A few telling bytes per kind, as seen on the server's interface. */
    private static void assertLooksLike(MalformedKind k, byte[] f) {
        int ip = 14;
        switch (k) {
            case TRUNCATED_ETHERNET -> assertEquals(14, f.length);
            case TRUNCATED_IPV4 -> assertEquals(26, f.length);
            case BAD_IHL -> assertEquals(0x44, f[ip] & 0xff);
            case IPV4_OPTIONS -> assertEquals(0x46, f[ip] & 0xff);
            case IPV4_FIRST_FRAGMENT -> assertEquals(0x2000, Bytes.getShort(f, ip + 6));
            case IPV4_NON_FIRST_FRAGMENT -> assertEquals(185, Bytes.getShort(f, ip + 6));
            case UDP_LENGTH_MISMATCH -> assertEquals(f.length - 34 + 100, Bytes.getShort(f, 38));
            case BAD_IPV4_CHECKSUM -> assertTrue(Checksums.internet(f, ip, 20) != 0);
            case NON_RTP_PAYLOAD -> assertTrue((f[42] & 0xff) >= 80 && (f[42] & 0xff) < 128);
            case RTP_BAD_VERSION -> assertTrue((f[42] & 0xc0) != 0x80);
            case RTP_CSRC_OVERRUN -> assertEquals(0x8f, f[42] & 0xff);
            case EMPTY_UDP -> assertEquals(8, Bytes.getShort(f, 38));
            case UNKNOWN_SOURCE_PORT -> assertEquals(UNKNOWN_PORT, Bytes.getShort(f, 34));
        }
    }
}
