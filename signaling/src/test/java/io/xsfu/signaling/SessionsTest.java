package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** join with a token, the room limits, leave, and what happens when a connection drops. */
class SessionsTest {
    private final SignalingFixture fixture = SignalingFixture.create();

    private static String join(String room, String token) {
        return "{\"room\":\"" + room + "\",\"token\":\"" + token + "\"}";
    }

    @Test
    void joinAnswersWithTheRoomAsItIs() {
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        bob.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":1111}");
        var alice = fixture.connect();
        JsonNode result = alice.result("join", join("r", fixture.token("r", "alice", Permission.SUBSCRIBE)));
        assertEquals("r", result.get("room").asText());
        assertEquals("alice", result.get("participant").asText());
        assertEquals("[\"subscribe\"]", result.get("permissions").toString());
        assertFalse(result.get("resumed").asBoolean());
        assertEquals("[\"bob\"]", result.get("participants").toString());
        assertEquals(1, result.get("producers").size());
        JsonNode producer = result.get("producers").get(0);
        assertEquals("bob/cam", producer.get("key").asText());
        assertEquals("video", producer.get("kind").asText());
        assertEquals("VP8", producer.get("codec").asText());
        assertEquals(96, producer.get("payloadType").asInt());
        assertEquals(90000, producer.get("clockRate").asInt());
        assertTrue(result.get("self").get("transport").isNull());
        assertEquals(0, result.get("self").get("producers").size());
        assertEquals(List.of("join r/bob", "createTransport r/bob", "produce r/bob/cam", "join r/alice"),
                fixture.sfu.calls());
    }

    @Test
    void badTokensAreRefusedBeforeAnythingChanges() {
        var client = fixture.connect();
        String valid = fixture.token("r", "alice", Permission.PUBLISH);
        client.error("join", join("r", "not.a.jwt"), ErrorCode.UNAUTHORIZED);
        client.error("join", join("r", valid.substring(0, valid.length() - 3) + "AAA"), ErrorCode.UNAUTHORIZED);
        Tokens otherKey = new Tokens("another-key-that-is-also-long-enough-for-hs256");
        JsonNode error = client.error("join", join("r", otherKey.mint("r", "alice", Set.of(), Duration.ofMinutes(1))),
                ErrorCode.UNAUTHORIZED);
        assertTrue(error.get("message").asText().contains("signature"), error::toString);
        String expired = fixture.tokens.mint(new Grant("r", "alice", Set.of(Permission.PUBLISH),
                Instant.now().minusSeconds(60)));
        error = client.error("join", join("r", expired), ErrorCode.UNAUTHORIZED);
        assertTrue(error.get("message").asText().contains("expired"), error::toString);
        error = client.error("join", join("other", valid), ErrorCode.UNAUTHORIZED);
        assertTrue(error.get("message").asText().contains("for room 'r', not 'other'"), error::toString);
        client.error("join", "{\"room\":\"r\"}", ErrorCode.INVALID_PARAMS);
        client.error("join", "{\"room\":\"r\",\"token\":7}", ErrorCode.INVALID_PARAMS);
        client.error("join", "{\"room\":\"bad room\",\"token\":\"" + valid + "\"}", ErrorCode.INVALID_PARAMS);
        assertEquals(List.of(), fixture.sfu.calls(), "nothing reached the SFU");
        assertEquals(List.of(), fixture.sfu.rooms());
        client.error("createTransport", "{}", ErrorCode.NOT_JOINED);
        client.result("join", join("r", valid));
    }

    @Test
    void aConnectionJoinsOnce() {
        var alice = fixture.joined("r", "alice");
        JsonNode error = alice.error("join", join("r", fixture.token("r", "alice")), ErrorCode.ALREADY_JOINED);
        assertTrue(error.get("message").asText().contains("leave first"));
        alice.error("join", join("s", fixture.token("s", "alice2")), ErrorCode.ALREADY_JOINED);
        assertEquals(List.of("join r/alice"), fixture.sfu.calls());
    }

    @Test
    void roomAndServerLimitsAreEnforcedBeforeTheSfuIsAsked() {
        fixture.joined("r", "a");
        fixture.joined("r", "b");
        fixture.sfu.addStatic("r", "configured");
        var d = fixture.connect();
        JsonNode error = d.error("join", join("r", fixture.token("r", "d")), ErrorCode.ROOM_FULL);
        assertTrue(error.get("message").asText().contains("maximum of 3"), error::toString);
        fixture.joined("s", "a");
        error = d.error("join", join("t", fixture.token("t", "d")), ErrorCode.TOO_MANY_ROOMS);
        assertTrue(error.get("message").asText().contains("maximum of 2 rooms"), error::toString);
        assertEquals(List.of("join r/a", "join r/b", "join s/a"), fixture.sfu.calls());
        d.result("join", join("s", fixture.token("s", "d")));
    }

    @Test
    void sfuRefusalsBecomeErrorCodes() {
        fixture.sfu.addStatic("r", "alice");
        var client = fixture.connect();
        JsonNode error = client.error("join", join("r", fixture.token("r", "alice")), ErrorCode.CONFLICT);
        assertTrue(error.get("message").asText().contains("already"), error::toString);
    }

    @Test
    void leaveReleasesTheParticipantAndTheConnectionMayJoinAgain() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        assertEquals("{}", alice.result("leave", "{}").toString());
        assertEquals(List.of(), fixture.sfu.rooms());
        alice.error("createTransport", "{}", ErrorCode.NOT_JOINED);
        alice.error("leave", "{\"now\":true}", ErrorCode.NOT_JOINED);
        alice.result("join", join("r", fixture.token("r", "alice")));
        alice.error("leave", "{\"now\":true}", ErrorCode.INVALID_PARAMS);
        alice.disconnect();
        fixture.control.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), fixture.sfu.rooms());
    }

    @Test
    void aDroppedConnectionLeavesAfterTheGracePeriod() {
        var alice = fixture.joined("r", "alice");
        var bob = fixture.joined("r", "bob");
        alice.result("createTransport", "{}");
        alice.disconnect();
        fixture.control.advance(Duration.ofSeconds(9));
        assertEquals(2, fixture.sfu.rooms().getFirst().participants().size(), "still there within the grace period");
        assertEquals(List.of(), bob.events("participantLeft"));
        fixture.control.advance(Duration.ofSeconds(1));
        assertEquals(List.of("bob"), fixture.sfu.rooms().getFirst().participants().stream()
                .map(p -> p.id()).toList());
        assertEquals("alice", bob.events("participantLeft").getFirst().get("participant").asText());
    }

    @Test
    void aJoinWithinTheGracePeriodResumesTheSession() {
        var alice = fixture.joined("r", "alice");
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        bob.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":1111}");
        alice.result("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":5004}}");
        alice.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,\"ssrc\":2}");
        JsonNode consumer = alice.result("consume", "{\"producer\":\"bob/cam\",\"paused\":true}");
        alice.result("setPreferredLayers", "{\"consumer\":\"" + consumer.get("id").asText()
                + "\",\"spatialLayer\":1,\"temporalLayer\":2}");
        bob.events("participantJoined");
        bob.events("newProducer");
        alice.disconnect();
        fixture.control.advance(Duration.ofSeconds(5));

        var again = fixture.connect();
        JsonNode result = again.result("join", join("r", fixture.token("r", "alice", Permission.SUBSCRIBE)));
        assertTrue(result.get("resumed").asBoolean());
        assertEquals("[\"subscribe\"]", result.get("permissions").toString(), "the new token's permissions apply");
        assertEquals("[\"bob\"]", result.get("participants").toString());
        assertEquals("bob/cam", result.get("producers").get(0).get("key").asText());
        JsonNode self = result.get("self");
        assertEquals(40001, self.get("transport").get("port").asInt());
        assertEquals("127.0.0.1:5004", self.get("transport").get("remote").asText());
        assertEquals("alice/mic", self.get("producers").get(0).get("key").asText());
        JsonNode resumedConsumer = self.get("consumers").get(0);
        assertEquals(consumer.get("id"), resumedConsumer.get("id"));
        assertTrue(resumedConsumer.get("paused").asBoolean());
        assertEquals(1, resumedConsumer.get("spatialLayer").asInt());
        assertEquals(2, resumedConsumer.get("temporalLayer").asInt());

        fixture.control.advance(Duration.ofSeconds(30));
        assertEquals(2, fixture.sfu.rooms().getFirst().participants().size(), "the pending leave was cancelled");
        assertEquals(List.of(), bob.events("participantLeft"));
        assertEquals(List.of(), bob.events("participantJoined"), "a resume is not a new participant");
        again.error("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":9}",
                ErrorCode.FORBIDDEN);
        again.result("resumeConsumer", "{\"consumer\":\"" + consumer.get("id").asText() + "\"}");
    }

    @Test
    void aJoinWhileTheOldConnectionIsOpenTakesTheSessionOver() {
        var first = fixture.joined("r", "alice");
        first.result("createTransport", "{}");
        var second = fixture.connect();
        JsonNode result = second.result("join", join("r", fixture.token("r", "alice", Permission.PUBLISH)));
        assertTrue(result.get("resumed").asBoolean());
        assertEquals(40000, result.get("self").get("transport").get("port").asInt());
        assertEquals(1, first.events("sessionReplaced").size());
        assertEquals(4001, first.closeCode());
        assertFalse(first.open());
        fixture.control.advance(Duration.ofSeconds(60));
        assertEquals(1, fixture.sfu.rooms().getFirst().participants().size(), "the old connection's close is not a leave");
        second.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,\"ssrc\":2}");
    }

    @Test
    void withoutGracePeriodADroppedConnectionLeavesAtOnce() {
        var fixture = SignalingFixture.create(SignalingFixture.config().withGracePeriodSeconds(0));
        var alice = fixture.joined("r", "alice");
        alice.disconnect();
        assertEquals(List.of(), fixture.sfu.rooms());
        assertEquals(0, fixture.control.pendingTimers());
    }

    @Test
    void closingTheServerTellsClientsAndReleasesParticipants() {
        var alice = fixture.joined("r", "alice");
        var idle = fixture.connect();
        fixture.signaling.close().join();
        assertEquals(1, alice.events("serverClosing").size());
        assertEquals(1, idle.events("serverClosing").size());
        assertEquals(1001, alice.closeCode());
        assertFalse(idle.open());
        assertEquals(List.of(), fixture.sfu.rooms());
        var late = fixture.connect();
        assertEquals(1001, late.closeCode());
        assertFalse(late.open(), "no new connections while closing");
    }
}
