package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xsfu.sfu.SfuControl.ParticipantView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every method after join: its parameters, permissions, ownership, and the SFU's answers. */
class RequestHandlerTest {
    private static final String CAM = "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,"
            + "\"ssrc\":1111,\"rtx\":{\"payloadType\":97,\"ssrc\":1112}}";

    private final SignalingFixture fixture = SignalingFixture.create();

    private static void assertMessage(JsonNode error, String part) {
        assertTrue(error.get("message").asText().contains(part), () -> "'" + part + "' not in " + error);
    }

    private ParticipantView view(String participant) {
        return fixture.sfu.rooms().getFirst().participants().stream().filter(p -> p.id().equals(participant))
                .findFirst().orElseThrow();
    }

    @Test
    void createTransportIsComediaByDefault() {
        var alice = fixture.joined("r", "alice");
        JsonNode result = alice.result("createTransport", "{}");
        assertEquals("[\"192.0.2.10\"]", result.get("addresses").toString());
        assertEquals(40000, result.get("port").asInt());
        assertEquals(null, view("alice").remote());
    }

    @Test
    void createTransportTakesAFixedRemoteAndTheNegotiatedOptions() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{\"remote\":{\"address\":\"2001:db8::7\",\"port\":5004},"
                + "\"rtcp\":{\"nack\":true,\"pli\":false,\"fir\":true},\"rtx\":true,"
                + "\"headerExtensions\":[{\"id\":1,\"uri\":\"urn:ietf:params:rtp-hdrext:sdes:mid\"},"
                + "{\"id\":3,\"uri\":\"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\"}]}");
        assertEquals("2001:db8:0:0:0:0:0:7:5004", view("alice").remote());
    }

    @Test
    void createTransportValidatesEveryField() {
        var alice = fixture.joined("r", "alice");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"localhost\",\"port\":5004}}",
                ErrorCode.INVALID_PARAMS), "params.remote.address: must be an IPv4 or IPv6 address literal");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"10.0.0.256\",\"port\":5004}}",
                ErrorCode.INVALID_PARAMS), "params.remote.address");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"0.0.0.0\",\"port\":5004}}",
                ErrorCode.INVALID_PARAMS), "unspecified");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"239.1.1.1\",\"port\":5004}}",
                ErrorCode.INVALID_PARAMS), "multicast");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":0}}",
                ErrorCode.INVALID_PARAMS), "params.remote.port: must be an integer between 1 and 65535, got 0");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":\"5004\"}}",
                ErrorCode.INVALID_PARAMS), "got \"5004\"");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\"}}",
                ErrorCode.INVALID_PARAMS), "params.remote.port: required");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":1,\"x\":1}}",
                ErrorCode.INVALID_PARAMS), "params.remote.x: unknown field");
        assertMessage(alice.error("createTransport", "{\"remote\":\"127.0.0.1:5004\"}",
                ErrorCode.INVALID_PARAMS), "params.remote: must be an object");
        assertMessage(alice.error("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":5},\"comedia\":true}",
                ErrorCode.INVALID_PARAMS), "params.comedia");
        assertMessage(alice.error("createTransport", "{\"comedia\":false}", ErrorCode.INVALID_PARAMS),
                "params.remote: required when comedia is false");
        assertMessage(alice.error("createTransport", "{\"comedia\":\"yes\"}", ErrorCode.INVALID_PARAMS),
                "params.comedia: must be true or false");
        assertMessage(alice.error("createTransport", "{\"rtcp\":{\"nack\":1}}", ErrorCode.INVALID_PARAMS),
                "params.rtcp.nack: must be true or false");
        assertMessage(alice.error("createTransport", "{\"rtcp\":{\"remb\":true}}", ErrorCode.INVALID_PARAMS),
                "params.rtcp.remb: unknown field");
        assertMessage(alice.error("createTransport", "{\"rtx\":true,\"rtcp\":{\"nack\":false}}", ErrorCode.INVALID_PARAMS),
                "params.rtx: true needs rtcp.nack");
        assertMessage(alice.error("createTransport", "{\"headerExtensions\":{}}", ErrorCode.INVALID_PARAMS),
                "params.headerExtensions: must be an array");
        assertMessage(alice.error("createTransport", "{\"headerExtensions\":[{\"id\":1,\"uri\":\"urn:x\"}]}",
                ErrorCode.INVALID_PARAMS), "params.headerExtensions[0].uri: unknown header extension");
        assertMessage(alice.error("createTransport", "{\"headerExtensions\":[{\"id\":0,"
                + "\"uri\":\"urn:ietf:params:rtp-hdrext:sdes:mid\"}]}", ErrorCode.INVALID_PARAMS),
                "params.headerExtensions[0].id: must be an integer between 1 and 255");
        assertMessage(alice.error("createTransport", "{\"headerExtensions\":[{\"id\":1,"
                + "\"uri\":\"urn:ietf:params:rtp-hdrext:sdes:mid\"},{\"id\":1,"
                + "\"uri\":\"urn:ietf:params:rtp-hdrext:toffset\"}]}", ErrorCode.INVALID_PARAMS),
                "params.headerExtensions[1].id: id 1 is also used");
        assertMessage(alice.error("createTransport", "{\"headerExtensions\":[7]}", ErrorCode.INVALID_PARAMS),
                "params.headerExtensions[0]: must be an object");
        assertMessage(alice.error("createTransport", "{\"port\":40000}", ErrorCode.INVALID_PARAMS),
                "params.port: unknown field");
        assertEquals(List.of("join r/alice"), fixture.sfu.calls(), "no refused request reached the SFU");
    }

    @Test
    void noPortsLeftIsReported() {
        var fixture = new SignalingFixture(SignalingFixture.config(), new FakeSfu(FakeSfu.PORT_MIN), CounterSource.NONE);
        fixture.joined("r", "a").result("createTransport", "{}");
        fixture.joined("r", "b").error("createTransport", "{}", ErrorCode.NO_PORTS);
    }

    @Test
    void produceDeclaresAStream() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        JsonNode producer = alice.result("produce", CAM);
        assertEquals("alice/cam", producer.get("key").asText());
        assertEquals("alice", producer.get("participant").asText());
        assertEquals("cam", producer.get("id").asText());
        assertEquals("video", producer.get("kind").asText());
        assertEquals("VP8", producer.get("codec").asText());
        assertEquals(96, producer.get("payloadType").asInt());
        assertEquals(90000, producer.get("clockRate").asInt());
        JsonNode mic = alice.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"OPUS\","
                + "\"payloadType\":111,\"clockRate\":48000,\"ssrc\":4294967295}");
        assertEquals("opus", mic.get("codec").asText());
        assertEquals(48000, mic.get("clockRate").asInt());
        assertEquals(2, view("alice").producers().size());
    }

    @Test
    void produceValidatesEveryField() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        String base = "\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96";
        assertMessage(alice.error("produce", "{" + base + "}", ErrorCode.INVALID_PARAMS), "params.ssrc: required");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":0}", ErrorCode.INVALID_PARAMS),
                "params.ssrc: must be an integer between 1 and 4294967295, got 0");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":4294967296}", ErrorCode.INVALID_PARAMS),
                "params.ssrc");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":\"1111\"}", ErrorCode.INVALID_PARAMS),
                "params.ssrc");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1.5}", ErrorCode.INVALID_PARAMS), "params.ssrc");
        assertMessage(alice.error("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":95,"
                + "\"ssrc\":1}", ErrorCode.INVALID_PARAMS), "params.payloadType: must be an integer between 96 and 127");
        assertMessage(alice.error("produce", "{\"id\":\"cam\",\"kind\":\"audio\",\"codec\":\"VP8\",\"payloadType\":96,"
                + "\"ssrc\":1}", ErrorCode.INVALID_PARAMS), "params.kind: VP8 is video, not audio");
        assertMessage(alice.error("produce", "{\"id\":\"cam\",\"kind\":\"data\",\"codec\":\"VP8\",\"payloadType\":96,"
                + "\"ssrc\":1}", ErrorCode.INVALID_PARAMS), "params.kind: must be \"audio\" or \"video\"");
        assertMessage(alice.error("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"AV1\",\"payloadType\":96,"
                + "\"ssrc\":1}", ErrorCode.INVALID_PARAMS), "params.codec: must be one of opus, VP8, VP9, H264");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1,\"clockRate\":48000}", ErrorCode.INVALID_PARAMS),
                "params.clockRate: must be 90000 for VP8");
        assertMessage(alice.error("produce", "{\"id\":\"../x\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,"
                + "\"ssrc\":1}", ErrorCode.INVALID_PARAMS), "params.id: must be an id");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1,\"rtx\":{\"payloadType\":96,\"ssrc\":2}}",
                ErrorCode.INVALID_PARAMS), "params.rtx.payloadType: must differ");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1,\"rtx\":{\"payloadType\":97,\"ssrc\":1}}",
                ErrorCode.INVALID_PARAMS), "params.rtx.ssrc: must differ");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1,\"rtx\":{\"payloadType\":97}}",
                ErrorCode.INVALID_PARAMS), "params.rtx.ssrc: required");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1,\"rtx\":true}", ErrorCode.INVALID_PARAMS),
                "params.rtx: must be an object");
        assertMessage(alice.error("produce", "{" + base + ",\"ssrc\":1,\"simulcast\":true}", ErrorCode.INVALID_PARAMS),
                "params.simulcast: unknown field");
        assertEquals(List.of("join r/alice", "createTransport r/alice"), fixture.sfu.calls());
    }

    @Test
    void produceNeedsThePublishPermissionAndUniqueStreams() {
        var viewer = fixture.connect();
        viewer.result("join", "{\"room\":\"r\",\"token\":\"" + fixture.token("r", "viewer", Permission.SUBSCRIBE) + "\"}");
        viewer.result("createTransport", "{}");
        assertMessage(viewer.error("produce", CAM, ErrorCode.FORBIDDEN), "publish permission");
        var alice = fixture.joined("r", "alice");
        alice.error("produce", CAM, ErrorCode.INVALID_PARAMS); // no transport yet (the SFU says so)
        alice.result("createTransport", "{}");
        alice.result("produce", CAM);
        alice.error("produce", CAM, ErrorCode.CONFLICT);
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        bob.error("produce", CAM, ErrorCode.CONFLICT); // same SSRC in the room
    }

    @Test
    void consumeGivesTheSubscriberItsOwnStream() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", CAM);
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{\"rtx\":true}");
        JsonNode consumer = bob.result("consume", "{\"producer\":\"alice/cam\"}");
        assertEquals("alice/cam", consumer.get("producer").asText());
        assertEquals(96, consumer.get("payloadType").asInt());
        assertEquals("VP8", consumer.get("codec").asText());
        assertEquals(90000, consumer.get("clockRate").asInt());
        assertFalse(consumer.get("paused").asBoolean());
        assertEquals(97, consumer.get("rtx").get("payloadType").asInt());
        assertTrue(consumer.get("rtx").get("ssrc").asLong() > 0);
        assertTrue(consumer.get("ssrc").asLong() != 1111, "a consumer has its own SSRC");
        var carol = fixture.joined("r", "carol");
        carol.result("createTransport", "{}");
        JsonNode plain = carol.result("consume", "{\"producer\":\"alice/cam\",\"paused\":true}");
        assertFalse(plain.has("rtx"), "no RTX for a subscriber that did not negotiate it");
        assertTrue(plain.get("paused").asBoolean());
    }

    @Test
    void consumeChecksPermissionKeyAndExistence() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", CAM);
        var publisherOnly = fixture.connect();
        publisherOnly.result("join", "{\"room\":\"r\",\"token\":\"" + fixture.token("r", "p", Permission.PUBLISH) + "\"}");
        assertMessage(publisherOnly.error("consume", "{\"producer\":\"alice/cam\"}", ErrorCode.FORBIDDEN),
                "subscribe permission");
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        assertMessage(bob.error("consume", "{\"producer\":\"alice\"}", ErrorCode.INVALID_PARAMS),
                "params.producer: must be \"participant/producer\"");
        bob.error("consume", "{\"producer\":\"alice/cam/x\"}", ErrorCode.INVALID_PARAMS);
        bob.error("consume", "{\"producer\":\"alice/mic\"}", ErrorCode.NOT_FOUND);
        bob.error("consume", "{\"producer\":\"alice/cam\",\"paused\":0}", ErrorCode.INVALID_PARAMS);
        var other = fixture.joined("s", "alice");
        other.result("createTransport", "{}");
        other.error("consume", "{\"producer\":\"alice/cam\"}", ErrorCode.NOT_FOUND); // another room's producer
        bob.result("consume", "{\"producer\":\"alice/cam\"}");
        bob.error("consume", "{\"producer\":\"alice/cam\"}", ErrorCode.CONFLICT);
    }

    @Test
    void pauseAndResumeOnlyOwnConsumers() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", CAM);
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        String id = bob.result("consume", "{\"producer\":\"alice/cam\"}").get("id").asText();
        JsonNode paused = bob.result("pauseConsumer", "{\"consumer\":\"" + id + "\"}");
        assertEquals(id, paused.get("consumer").asText());
        assertTrue(paused.get("paused").asBoolean());
        assertTrue(view("bob").consumers().getFirst().paused());
        assertFalse(bob.result("resumeConsumer", "{\"consumer\":\"" + id + "\"}").get("paused").asBoolean());
        assertFalse(view("bob").consumers().getFirst().paused());
        alice.error("pauseConsumer", "{\"consumer\":\"" + id + "\"}", ErrorCode.NOT_FOUND); // bob's, not alice's
        bob.error("pauseConsumer", "{\"consumer\":\"nope\"}", ErrorCode.NOT_FOUND);
        assertMessage(bob.error("pauseConsumer", "{\"consumer\":\"has space\"}", ErrorCode.INVALID_PARAMS),
                "params.consumer: must be a consumer id");
        bob.error("resumeConsumer", "{\"consumer\":3}", ErrorCode.INVALID_PARAMS);
        bob.error("resumeConsumer", "{}", ErrorCode.INVALID_PARAMS);
    }

    @Test
    void preferredLayersReachTheSfu() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", CAM);
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        String id = bob.result("consume", "{\"producer\":\"alice/cam\"}").get("id").asText();
        JsonNode result = bob.result("setPreferredLayers", "{\"consumer\":\"" + id
                + "\",\"spatialLayer\":2,\"temporalLayer\":3}");
        assertEquals(2, result.get("spatialLayer").asInt());
        assertEquals(3, result.get("temporalLayer").asInt());
        assertTrue(result.get("applied").asBoolean());
        assertTrue(fixture.sfu.calls().contains("layers r/bob/" + id + " 2/3"), fixture.sfu.calls().toString());
        assertMessage(bob.error("setPreferredLayers", "{\"consumer\":\"" + id + "\",\"spatialLayer\":3,"
                + "\"temporalLayer\":0}", ErrorCode.INVALID_PARAMS), "params.spatialLayer: must be an integer between 0 and 2");
        assertMessage(bob.error("setPreferredLayers", "{\"consumer\":\"" + id + "\",\"spatialLayer\":0,"
                + "\"temporalLayer\":-1}", ErrorCode.INVALID_PARAMS), "params.temporalLayer");
        bob.error("setPreferredLayers", "{\"consumer\":\"" + id + "\",\"spatialLayer\":0}", ErrorCode.INVALID_PARAMS);
        alice.error("setPreferredLayers", "{\"consumer\":\"" + id + "\",\"spatialLayer\":0,\"temporalLayer\":0}",
                ErrorCode.NOT_FOUND);
    }

    @Test
    void closeProducerClosesOnlyOwnProducers() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", CAM);
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        bob.result("consume", "{\"producer\":\"alice/cam\"}");
        bob.error("closeProducer", "{\"producer\":\"cam\"}", ErrorCode.NOT_FOUND); // alice's, not bob's
        bob.error("closeProducer", "{\"producer\":\"alice/cam\"}", ErrorCode.INVALID_PARAMS);
        assertEquals("cam", alice.result("closeProducer", "{\"producer\":\"cam\"}").get("producer").asText());
        assertEquals(List.of(), view("alice").producers());
        assertEquals(List.of(), view("bob").consumers(), "its consumers went with it");
        alice.error("closeProducer", "{\"producer\":\"cam\"}", ErrorCode.NOT_FOUND);
    }
}
