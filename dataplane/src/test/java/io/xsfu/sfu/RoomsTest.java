package io.xsfu.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Codec;
import io.xsfu.config.MediaConfig;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.RoomConfig;
import io.xsfu.config.SrtpConfig;
import io.xsfu.config.SrtpCryptoSuite;
import io.xsfu.config.XsfuConfig;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.srtp.SrtpParameters;
import io.xsfu.srtp.SrtpProfile;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomsTest {
    private final List<RoutingTable> published = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private Rooms rooms;

    private static final ProducerSpec CAM = ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, 1111).withRtx(97, 1112);

    @BeforeEach
    void setUp() {
        XsfuConfig config = XsfuConfig.of(MediaConfig.of("eth0", 40000, 40003, "10.0.0.1"),
                RoomConfig.of("static", ParticipantConfig.of("cam", 40000, RemoteConfig.comedia()).withReceive(false)
                        .withProducers(ProducerConfig.video("v", Codec.VP8, 96, 5555))));
        rooms = new Rooms(config, 2, 3, published::add);
        rooms.addListener(new SfuControl.SfuListener() {
            @Override
            public void participantJoined(String room, String participant) {
                events.add("joined " + room + "/" + participant);
            }

            @Override
            public void participantLeft(String room, String participant) {
                events.add("left " + room + "/" + participant);
            }

            @Override
            public void producerAdded(String room, SfuControl.ProducerInfo producer) {
                events.add("producer " + producer.key());
            }

            @Override
            public void producerClosed(String room, String producerKey) {
                events.add("closed " + producerKey);
            }
        });
    }

    private RoutingTable last() {
        return published.get(published.size() - 1);
    }

    @Test
    void aCallThroughSignalingPublishesTablesWithTheRightConsumers() {
        SfuControl.JoinResult alice = rooms.join("call", "alice");
        assertEquals(List.of("alice"), alice.participants());
        SfuControl.TransportInfo t = rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT);
        assertEquals(40001, t.port(), "the first free port; 40000 is the static participant's");
        assertEquals(List.of("10.0.0.1"), t.addresses());
        rooms.produce("call", "alice", CAM);
        rooms.join("call", "bob");
        assertEquals(40002, rooms.createTransport("call", "bob", new InetSocketAddress("10.0.0.9", 5000),
                new TransportOptions(true, true, false, true, java.util.Map.of())).port());
        SfuControl.ConsumerInfo c = rooms.consume("call", "bob", "alice/cam", true);
        assertEquals("alice/cam", c.producerKey());
        assertNotEquals(1111L, c.ssrc());
        assertEquals(96, c.payloadType());
        assertEquals(97, c.rtxPayloadType(), "bob takes RTX and alice's cam has it");
        assertTrue(c.paused());
        var bob = last().byLocalPort(40002);
        assertEquals(1, bob.consumers().length);
        assertEquals((int) c.ssrc(), bob.consumers()[0].ssrc());
        assertTrue(bob.consumers()[0].requestedPaused());
        rooms.setConsumerPaused("call", "bob", "alice/cam", false);
        assertTrue(!last().byLocalPort(40002).consumers()[0].requestedPaused());
        assertEquals(List.of("joined call/alice", "producer alice/cam", "joined call/bob"), events);
    }

    @Test
    void leavingReleasesTheTransportTheProducersAndTheirConsumers() {
        rooms.join("call", "alice");
        rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT);
        rooms.produce("call", "alice", CAM);
        rooms.join("call", "bob");
        rooms.createTransport("call", "bob", null, TransportOptions.DEFAULT);
        rooms.consume("call", "bob", "alice/cam", false);
        rooms.leave("call", "alice");
        assertEquals(null, last().byLocalPort(40001), "alice's port is free again");
        assertEquals(0, last().byLocalPort(40002).consumers().length);
        assertTrue(events.contains("closed alice/cam"));
        assertTrue(events.contains("left call/alice"));
        rooms.join("call", "carol");
        assertEquals(40001, rooms.createTransport("call", "carol", null, TransportOptions.DEFAULT).port());
    }

    @Test
    void refusalsHaveCodesAndChangeNothing() {
        rooms.join("call", "alice");
        int tables = published.size();
        assertCode(SfuException.Code.CONFLICT, () -> rooms.join("call", "alice"));
        assertCode(SfuException.Code.CONFLICT, () -> rooms.join("static", "cam"));
        assertCode(SfuException.Code.INVALID, () -> rooms.produce("call", "alice", CAM));
        assertCode(SfuException.Code.NOT_FOUND, () -> rooms.createTransport("call", "nobody", null, TransportOptions.DEFAULT));
        assertCode(SfuException.Code.INVALID, () -> rooms.join("call", "bad id"));
        rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT);
        tables = published.size();
        assertCode(SfuException.Code.CONFLICT, () -> rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT));
        assertCode(SfuException.Code.NOT_FOUND, () -> rooms.consume("call", "alice", "ghost/cam", false));
        assertCode(SfuException.Code.INVALID, () -> rooms.consume("call", "alice", "nonsense", false));
        rooms.produce("call", "alice", CAM);
        assertCode(SfuException.Code.INVALID, () -> rooms.consume("call", "alice", "alice/cam", false));
        assertCode(SfuException.Code.CONFLICT, () -> rooms.produce("call", "alice",
                ProducerSpec.of("cam2", MediaCodec.OPUS, 111, 48000, 1112)));
        assertCode(SfuException.Code.NOT_FOUND, () -> rooms.setConsumerPaused("call", "alice", "x/y", true));
        assertEquals(tables + 1, published.size(), "only the successful produce published a table");
        rooms.join("call", "dave");
        assertCode(SfuException.Code.INVALID, () -> rooms.createTransport("call", "dave",
                new InetSocketAddress("fd00::2", 5000), TransportOptions.DEFAULT), "no IPv6 media address");
    }

    @Test
    void limitsOnRoomsParticipantsAndPorts() {
        rooms.join("a", "p1");
        assertCode(SfuException.Code.TOO_MANY_ROOMS, () -> rooms.join("b", "p1"), "static + a = 2 rooms");
        rooms.join("a", "p2");
        rooms.join("a", "p3");
        assertCode(SfuException.Code.ROOM_FULL, () -> rooms.join("a", "p4"));
        rooms.join("static", "viewer");
        rooms.createTransport("a", "p1", null, TransportOptions.DEFAULT);
        rooms.createTransport("a", "p2", null, TransportOptions.DEFAULT);
        rooms.createTransport("a", "p3", null, TransportOptions.DEFAULT);
        assertCode(SfuException.Code.NO_PORTS, () -> rooms.createTransport("static", "viewer", null, TransportOptions.DEFAULT));
    }

    @Test
    void aSubscriberMayKnowTheCodecByAnotherPayloadType() {
        rooms.join("call", "alice");
        rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT);
        rooms.produce("call", "alice", CAM);
        rooms.join("call", "bob");
        rooms.createTransport("call", "bob", null, TransportOptions.DEFAULT);
        SfuControl.ConsumerInfo c = rooms.consume("call", "bob", "alice/cam", false, 120);
        assertEquals(120, c.payloadType());
        assertEquals(120, last().byLocalPort(40002).consumers()[0].payloadType());
        rooms.join("call", "carol");
        rooms.createTransport("call", "carol", null, TransportOptions.DEFAULT);
        assertCode(SfuException.Code.INVALID, () -> rooms.consume("call", "carol", "alice/cam", false, 50), "not dynamic");
        assertCode(SfuException.Code.INVALID, () -> rooms.consume("call", "carol", "alice/cam", false, 97), "the RTX one");
    }

    @Test
    void aDynamicParticipantMayConsumeAStaticProducer() {
        rooms.join("static", "viewer");
        rooms.createTransport("static", "viewer", new InetSocketAddress("10.0.0.9", 5000), TransportOptions.DEFAULT);
        SfuControl.ConsumerInfo c = rooms.consume("static", "viewer", "cam/v", false);
        assertEquals("VP8", c.codec());
        assertEquals(-1, c.rtxSsrc());
        SfuControl.RoomView room = rooms.rooms().stream().filter(r -> r.id().equals("static")).findFirst().orElseThrow();
        assertEquals(List.of("cam", "viewer"), room.participants().stream().map(SfuControl.ParticipantView::id).toList());
        assertTrue(room.participants().get(0).isStatic());
        assertEquals(1, room.participants().get(1).consumers().size());
    }

    @Test
    void givenSrtpKeysTravelWithTheTableAndStayWithTheTransport() {
        SrtpParameters keys = new SrtpParameters(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key(30, 1), key(30, 2));
        rooms.join("call", "alice");
        rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT.withSrtp(keys));
        var alice = last().byLocalPort(40001);
        assertTrue(alice.srtpRequired());
        assertEquals(keys, alice.options().srtp());
        assertFalse(alice.options().webrtc());
        rooms.produce("call", "alice", CAM);
        assertEquals(keys, last().byLocalPort(40001).options().srtp(), "every later table carries the keys");
        assertCode(SfuException.Code.INVALID, () -> rooms.configureTransport("call", "alice", TransportOptions.DEFAULT),
                "dropping the keys");
        SrtpParameters other = new SrtpParameters(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key(30, 3), key(30, 2));
        assertCode(SfuException.Code.INVALID, () -> rooms.configureTransport("call", "alice",
                TransportOptions.DEFAULT.withSrtp(other)), "other keys");
        rooms.configureTransport("call", "alice", new TransportOptions(true, true, true, false, java.util.Map.of()).withSrtp(keys));
        assertTrue(last().byLocalPort(40001).options().fir(), "feedback may change, keys stay");
        rooms.closeTransport("call", "alice");
        rooms.createTransport("call", "alice", null, TransportOptions.DEFAULT);
        assertFalse(last().byLocalPort(40001).srtpRequired(), "a new transport starts from its own options");
    }

    @Test
    void aConfigParticipantsSrtpBecomesItsTransportsKeys() {
        byte[] receive = key(28, 5);
        byte[] send = key(28, 6);
        XsfuConfig config = XsfuConfig.of(MediaConfig.of("eth0", 40000, 40003, "10.0.0.1"),
                RoomConfig.of("r", ParticipantConfig.of("cam", 40000, RemoteConfig.comedia()).withReceive(false)
                                .withProducers(ProducerConfig.video("v", Codec.VP8, 96, 5555))
                                .withSrtp(SrtpConfig.of(SrtpCryptoSuite.AEAD_AES_128_GCM, receive, send)),
                        ParticipantConfig.of("viewer", 40001, RemoteConfig.fixed("10.0.0.2", 5004)).withSend(false)))
                .requireValid();
        RoutingTable table = new Rooms(config, 2, 3, published::add).table();
        var cam = table.byLocalPort(40000);
        assertEquals(new SrtpParameters(SrtpProfile.AEAD_AES_128_GCM, receive, send), cam.options().srtp());
        assertTrue(cam.srtpRequired());
        assertFalse(table.byLocalPort(40001).srtpRequired(), "a participant without srtp stays in clear");
    }

    private static byte[] key(int length, int seed) {
        byte[] k = new byte[length];
        new java.util.Random(seed).nextBytes(k);
        return k;
    }

    private static void assertCode(SfuException.Code code, Runnable call) {
        assertCode(code, call, "");
    }

    private static void assertCode(SfuException.Code code, Runnable call, String why) {
        SfuException e = assertThrows(SfuException.class, call::run, why);
        assertEquals(code, e.code(), e.getMessage());
    }
}
