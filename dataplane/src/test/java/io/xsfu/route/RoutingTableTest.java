package io.xsfu.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.rtp.MediaCodec;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final ProducerSpec CAM = ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, 1111).withRtx(97, 1112);
    private static final ProducerSpec MIC = ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, 2222);

    private static InetSocketAddress remote(int port) {
        return new InetSocketAddress("10.0.0.2", port);
    }

    private static String[] receivers(Producer p) {
        return Arrays.stream(p.consumers()).map(c -> c.transport().participantId()).toArray(String[]::new);
    }

    @Test
    void everyReceiverConsumesEveryProducerOfEveryOtherSenderByDefault() {
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("r", "a", 40000, null, true, true, null)
                .producer("r", "a", CAM).producer("r", "a", MIC)
                .participant("r", "b", 40001, remote(5002), true, true, null)
                .producer("r", "b", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, 1111))
                .participant("r", "c", 40002, remote(5003), false, true, null)
                .build();
        Transport a = t.byLocalPort(40000);
        assertArrayEquals(new String[] {"b", "c"}, receivers(a.producerBySsrc(1111)));
        assertArrayEquals(new String[] {"b", "c"}, receivers(a.producerBySsrc(2222)));
        assertArrayEquals(new String[] {"a", "c"}, receivers(t.byLocalPort(40001).producerBySsrc(1111)));
        assertEquals(3, t.byLocalPort(40002).consumers().length, "c gets a's two producers and b's one");
        assertEquals(0, t.byLocalPort(40002).producers().length);
        assertEquals("cam", a.producerByRtxSsrc(1112).id());
        assertNull(a.producerBySsrc(1112));
        assertTrue(a.comedia());
        assertTrue(t.byLocalPort(40001).remote().known());
    }

    @Test
    void collidingProducerSsrcsBecomeDistinctConsumerSsrcs() {
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("r", "a", 40000, null, true, false, null).producer("r", "a", CAM)
                .participant("r", "b", 40001, null, true, false, null)
                .producer("r", "b", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, 1111))
                .participant("r", "v", 40002, remote(6000), false, true, null, new TransportOptions(true, true, false, true, Map.of()))
                .build();
        Consumer[] incoming = t.byLocalPort(40002).consumers();
        assertEquals(2, incoming.length);
        Set<Integer> ssrcs = new HashSet<>();
        for (Consumer c : incoming) {
            assertTrue(ssrcs.add(c.ssrc()));
            assertNotEquals(1111, c.ssrc(), "never a producer's SSRC");
            assertEquals(96, c.payloadType());
        }
        Consumer fromA = t.byLocalPort(40000).producerBySsrc(1111).consumers()[0];
        assertTrue(fromA.rtx(), "a's cam has RTX and v takes it");
        assertEquals(97, fromA.rtxPayloadType());
        assertTrue(ssrcs.add(fromA.rtxSsrc()));
        Consumer fromB = t.byLocalPort(40001).producerBySsrc(1111).consumers()[0];
        assertTrue(!fromB.rtx(), "b's cam has no RTX: plain retransmissions");
        assertEquals(fromA, t.byLocalPort(40002).consumerBySsrc(fromA.ssrc()));
    }

    @Test
    void consumerSsrcsAreStableAcrossBuildsOfTheSameConfig() {
        int first = build().byLocalPort(40000).producerBySsrc(1111).consumers()[0].ssrc();
        int again = build().byLocalPort(40000).producerBySsrc(1111).consumers()[0].ssrc();
        assertEquals(first, again);
    }

    private static RoutingTable build() {
        return RoutingTable.builder(40000, 40099)
                .participant("r", "a", 40000, null, true, false, null).producer("r", "a", CAM)
                .participant("r", "v", 40001, remote(6000), false, true, null).build();
    }

    @Test
    void subscriptionsNameParticipantsOrSingleProducers() {
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("r1", "pub", 40000, null, true, false, null).producer("r1", "pub", CAM).producer("r1", "pub", MIC)
                .participant("r1", "audio-only", 40010, remote(6000), false, true, List.of("pub/mic"))
                .participant("r1", "all", 40011, remote(6001), false, true, List.of("pub"))
                .participant("r2", "other", 40020, remote(6002), false, true, null)
                .build();
        assertEquals(1, t.byLocalPort(40010).consumers().length);
        assertEquals("mic", t.byLocalPort(40010).consumers()[0].producer().id());
        assertEquals(2, t.byLocalPort(40011).consumers().length);
        assertEquals(0, t.byLocalPort(40020).consumers().length, "another room sees nothing");
        assertEquals(4, t.transports().size());
    }

    @Test
    void headerExtensionsAreKeptWhenBothSidesUseTheSameIdForTheSameUri() {
        String orientation = "urn:3gpp:video-orientation";
        String level = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
        String mid = TransportOptions.MID;
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("r", "pub", 40000, null, true, false, null,
                        new TransportOptions(true, true, false, false, Map.of(orientation, 1, level, 2, mid, 3)))
                .producer("r", "pub", MIC)
                .participant("r", "sub", 40001, remote(6000), false, true, null,
                        new TransportOptions(true, true, false, false, Map.of(orientation, 1, level, 5, mid, 3)))
                .build();
        assertEquals(1L << 1, t.byLocalPort(40001).consumers()[0].keepExtensions(),
                "orientation kept, audio level's ids differ, the publisher's MID never reaches a subscriber");
    }

    @Test
    void lookupOutsideTheRangeOrOnAFreePortFindsNothing() {
        RoutingTable t = RoutingTable.builder(40000, 40009).participant("r", "a", 40005, null, true, true, null).build();
        assertNull(t.byLocalPort(39999));
        assertNull(t.byLocalPort(40010));
        assertNull(t.byLocalPort(40004));
        assertEquals("r/a", t.byLocalPort(40005).key());
    }

    @Test
    void inconsistentInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009)
                .participant("r", "a", 40000, null, true, true, null)
                .participant("s", "b", 40000, null, true, true, null).build());
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009)
                .participant("r", "a", 40010, null, true, true, null));
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009)
                .participant("r", "a", 40000, null, true, true, null)
                .participant("r", "a", 40001, null, true, true, null));
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009).producer("r", "x", MIC));
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40010, 40000));
    }
}
