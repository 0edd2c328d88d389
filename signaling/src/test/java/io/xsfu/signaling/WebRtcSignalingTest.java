package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.xsfu.config.MediaConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.forward.Command;
import io.xsfu.forward.HandshakeQueue;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.sfu.Rooms;
import io.xsfu.sfu.SfuControl.ConsumerInfo;
import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.webrtc.WebRtcConductor;
import io.xsfu.webrtc.dtls.DtlsCertificate;
import io.xsfu.webrtc.dtls.DtlsConfig;
import io.xsfu.webrtc.sdp.ChromiumOffers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * createTransport {webrtc: true} and negotiate over the real room model and a real conductor: what a browser's
 * offer becomes (producers, consumers, transport options, the answer) and what bad offers get.
 */
class WebRtcSignalingTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generate();
    /** Alice publishes camera and microphone: Chromium's sendrecv offer (audio mid 0, video mid 1 with RTX). */
    private static final String ALICE = ChromiumOffers.SENDRECV;

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final AtomicReference<RoutingTable> table = new AtomicReference<>();
    private final Rooms rooms = new Rooms(XsfuConfig.of(MediaConfig.of("eth0", 40000, 40010, "192.0.2.10")), 10, 10,
            table::set);
    private WebRtcConductor conductor;
    private SignalingFixture fixture;

    private SignalingFixture fixture(Duration connectTimeout) {
        conductor = new WebRtcConductor(new HandshakeQueue(1 << 16), commands::add, DtlsConfig.defaults(CERT),
                WebRtcConductor.LOG_ONLY, new CountersManager(new UnsafeBuffer(new byte[64 * 1024]),
                new UnsafeBuffer(new byte[16 * 1024])), connectTimeout);
        fixture = new SignalingFixture(SignalingFixture.config().withMaxMessageBytes(256 * 1024), rooms, conductor);
        return fixture;
    }

    @AfterEach
    void close() {
        if (conductor != null) {
            conductor.close();
        }
    }

    private static String params(String sdp, String receive) {
        return "{\"sdp\":" + JsonNodeFactory.instance.textNode(sdp) + ",\"receive\":" + receive + "}";
    }

    /** Alice's offer as a subscriber would make it: both m-lines recvonly, no SSRCs of its own. */
    private static String recvonly(String offer) {
        return offer.replace("a=sendrecv", "a=recvonly").lines()
                .filter(l -> !l.startsWith("a=ssrc") && !l.startsWith("a=msid:"))
                .reduce(new StringBuilder(), (b, l) -> b.append(l).append("\r\n"), StringBuilder::append).toString();
    }

    private ParticipantView view(String participant) {
        return rooms.rooms().getFirst().participants().stream().filter(p -> p.id().equals(participant))
                .findFirst().orElseThrow();
    }

    @Test
    void createTransportGivesIceLiteCredentialsHostCandidatesAndTheFingerprint() {
        var alice = fixture(Duration.ofSeconds(30)).joined("r", "alice");
        JsonNode t = alice.result("createTransport", "{\"webrtc\":true}");
        assertEquals(40000, t.get("port").asInt());
        assertTrue(t.get("ice").get("lite").asBoolean());
        assertTrue(t.get("ice").get("ufrag").asText().length() >= 4);
        assertTrue(t.get("ice").get("pwd").asText().length() >= 22);
        JsonNode candidate = t.get("candidates").get(0);
        assertEquals("192.0.2.10", candidate.get("address").asText());
        assertEquals(40000, candidate.get("port").asInt());
        assertEquals("host", candidate.get("type").asText());
        assertEquals(CERT.fingerprint().value(), t.get("dtls").get("fingerprint").get("value").asText());
        assertTrue(table.get().byLocalPort(40000).options().webrtc(), "the agent hands its STUN and DTLS over");
    }

    @Test
    void aPublishersOfferBecomesProducersAndTheAnswerIsIceLitePassiveDtls() {
        var alice = fixture(Duration.ofSeconds(30)).joined("r", "alice");
        alice.result("createTransport", "{\"webrtc\":true}");
        JsonNode result = alice.result("negotiate", params(ALICE, "[]"));
        String answer = result.get("sdp").asText();
        assertTrue(answer.contains("a=ice-lite"), answer);
        assertTrue(answer.contains("a=setup:passive"), answer);
        assertTrue(answer.contains("a=fingerprint:sha-256 " + CERT.fingerprint().value()), answer);
        assertTrue(answer.contains("a=recvonly"), answer);
        assertTrue(answer.contains("a=candidate:1 1 udp"), answer);
        assertTrue(answer.contains("urn:ietf:params:rtp-hdrext:sdes:mid"), "MID is negotiated (copies never carry it): "
                + answer);

        assertEquals(List.of("alice/audio-0", "alice/video-1"), result.get("producers").findValuesAsText("key"));
        Transport t = table.get().byLocalPort(40000);
        assertEquals(2, t.producers().length);
        assertEquals((int) 2320841743L, t.producers()[1].spec().ssrc());
        assertEquals((int) 226408858L, t.producers()[1].spec().rtxSsrc());
        assertTrue(t.options().nack() && t.options().rtx(), "feedback negotiated: " + t.options());
        assertTrue(t.options().extensions().containsKey(
                "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"), t.options().toString());

        // Renegotiating the same offer changes nothing; an offer that stops sending video closes its producer.
        alice.result("negotiate", params(ALICE, "[]"));
        assertEquals(2, view("alice").producers().size());
        alice.result("negotiate", params(ALICE.replaceFirst("(?s)(m=video.*?)a=sendrecv", "$1a=inactive"), "[]"));
        assertEquals(List.of("audio-0"), view("alice").producers().stream().map(p -> p.id()).toList());
    }

    @Test
    void aSimulcastOfferByRidBecomesAProducerWithThoseEncodingsWhoseSsrcsComeWithThePackets() {
        var alice = fixture(Duration.ofSeconds(30)).joined("r", "alice");
        alice.result("createTransport", "{\"webrtc\":true}");
        JsonNode result = alice.result("negotiate", params(ChromiumOffers.SIMULCAST, "[]"));
        String answer = result.get("sdp").asText();
        assertTrue(answer.contains("a=simulcast:recv q;h;f"), answer);
        assertTrue(answer.contains("a=rid:h recv"), answer);
        assertTrue(answer.contains("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"), answer);
        Transport t = table.get().byLocalPort(40000);
        io.xsfu.route.Producer video = java.util.Arrays.stream(t.producers())
                .filter(p -> p.codec().video() && p.encoding() == 0).findFirst().orElseThrow();
        assertEquals(List.of("q", "h", "f"), video.spec().encodings().stream().map(e -> e.rid()).toList(),
                "lowest first, as the offer lists them");
        assertEquals(0, video.ssrc(), "learned from the first packet's rtp-stream-id");
        assertTrue(t.ridId() > 0 && t.learnsRids(), t.options().toString());
    }

    @Test
    void aSubscribersReceiveListBecomesConsumersWhoseSsrcsTheAnswerDeclares() {
        SignalingFixture f = fixture(Duration.ofSeconds(30));
        var alice = f.joined("r", "alice");
        alice.result("createTransport", "{\"webrtc\":true}");
        alice.result("negotiate", params(ALICE, "[]"));
        var bob = f.joined("r", "bob");
        bob.result("createTransport", "{\"webrtc\":true}");
        JsonNode result = bob.result("negotiate", params(recvonly(ALICE),
                "[{\"mid\":\"0\",\"producer\":\"alice/audio-0\"},{\"mid\":\"1\",\"producer\":\"alice/video-1\"}]"));
        String answer = result.get("sdp").asText();
        List<ConsumerInfo> consumers = view("bob").consumers();
        assertEquals(2, consumers.size());
        for (ConsumerInfo c : consumers) {
            assertTrue(answer.contains("a=ssrc:" + c.ssrc() + " cname:alice"), c + "\n" + answer);
        }
        ConsumerInfo video = consumers.stream().filter(c -> c.producerKey().equals("alice/video-1")).findFirst()
                .orElseThrow();
        assertEquals(96, video.payloadType());
        assertTrue(video.rtxSsrc() > 0, "RTX to a subscriber that negotiated it: " + video);
        assertEquals(97, video.rtxPayloadType());
        assertTrue(answer.contains("a=ssrc-group:FID " + video.ssrc() + " " + video.rtxSsrc()), answer);
        assertTrue(answer.contains("a=sendonly"), answer);

        // The client drops the video m-line from its receive list: the consumer goes.
        bob.result("negotiate", params(recvonly(ALICE), "[{\"mid\":\"0\",\"producer\":\"alice/audio-0\"}]"));
        assertEquals(List.of("alice/audio-0"), view("bob").consumers().stream().map(ConsumerInfo::producerKey).toList());
        // A producer that closed while the client was offering: its m-line is answered inactive, not an error.
        JsonNode late = bob.result("negotiate", params(recvonly(ALICE),
                "[{\"mid\":\"0\",\"producer\":\"alice/audio-0\"},{\"mid\":\"1\",\"producer\":\"alice/gone\"}]"));
        assertEquals("1", late.get("rejected").get(0).get("mid").asText(), late.toString());
    }

    @Test
    void badRequestsAndOffersGetClearErrorsAndChangeNothing() {
        SignalingFixture f = fixture(Duration.ofSeconds(30));
        var alice = f.joined("r", "alice");
        assertMessage(alice.error("negotiate", params(ALICE, "[]"), ErrorCode.INVALID_REQUEST),
                "createTransport {webrtc: true} first");
        assertMessage(alice.error("createTransport", "{\"webrtc\":true,\"comedia\":true}", ErrorCode.INVALID_PARAMS),
                "params.comedia: is for plain-RTP transports");
        alice.result("createTransport", "{\"webrtc\":true}");
        assertMessage(alice.error("negotiate", params("hello", "[]"), ErrorCode.INVALID_PARAMS),
                "params.sdp: not SDP xsfu can read");
        assertMessage(alice.error("negotiate", params(ChromiumOffers.DATA_CHANNEL.replaceFirst(
                "(?s)m=audio.*?(m=application)", "$1").replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1"), "[]"),
                ErrorCode.INVALID_PARAMS), "no m-line xsfu can accept");
        assertMessage(alice.error("negotiate", params(ALICE.replaceAll("a=ssrc[^\r\n]*\r\n", ""), "[]"),
                ErrorCode.INVALID_PARAMS), "without a=ssrc lines and without simulcast rids");
        String audioSimulcast = ALICE.replaceAll("a=ssrc[^\r\n]*\r\n", "")
                .replaceFirst("(?s)(m=audio.*?)(m=video)", "$1a=rid:a send\r\na=rid:b send\r\na=simulcast:send a;b\r\n$2");
        assertMessage(alice.error("negotiate", params(audioSimulcast, "[]"), ErrorCode.INVALID_PARAMS),
                "simulcast is for video");
        assertEquals(0, table.get().byLocalPort(40000).producers().length, "a refused offer changed nothing");
        assertMessage(alice.error("negotiate", params(ALICE, "[{\"mid\":\"0\",\"producer\":\"alice/x\"}]"),
                ErrorCode.INVALID_PARAMS), "own producer");
        assertMessage(alice.error("negotiate", params(ALICE, "[{\"mid\":\"0\",\"producer\":\"bob\"}]"),
                ErrorCode.INVALID_PARAMS), "participant/producer");
        assertMessage(alice.error("negotiate", "{\"sdp\":\"v=0\",\"type\":\"answer\"}", ErrorCode.INVALID_PARAMS),
                "must be \"offer\"");
        assertEquals(0, view("alice").producers().size(), "nothing changed");
        var viewer = f.connect();
        viewer.result("join", "{\"room\":\"r\",\"token\":\"" + f.token("r", "viewer", Permission.SUBSCRIBE) + "\"}");
        viewer.result("createTransport", "{\"webrtc\":true}");
        assertMessage(viewer.error("negotiate", params(ALICE, "[]"), ErrorCode.FORBIDDEN), "publish permission");
    }

    @Test
    void aTransportThatNeverConnectsIsReleasedAndTheClientTold() throws Exception {
        var alice = fixture(Duration.ofMillis(200)).joined("r", "alice");
        alice.result("createTransport", "{\"webrtc\":true}");
        alice.result("negotiate", params(ALICE, "[]"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (view("alice").port() >= 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // the event is sent right after the transport closed, on the conductor's thread here
        assertEquals(-1, view("alice").port(), "the transport was released");
        assertEquals(0, view("alice").producers().size(), "with its producers");
        List<JsonNode> failed = alice.events("transportFailed");
        assertEquals(1, failed.size(), alice.messages().toString());
        assertTrue(failed.getFirst().get("reason").asText().startsWith("ICE: not connected"), failed.toString());
        // The participant may try again.
        assertEquals(40000, alice.result("createTransport", "{\"webrtc\":true}").get("port").asInt());
    }

    private static void assertMessage(JsonNode error, String part) {
        assertTrue(error.get("message").asText().contains(part), () -> "'" + part + "' not in " + error);
    }
}
