package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events go to the other participants of the room, after the response to the request that caused them. */
class RoomEventsTest {
    private final SignalingFixture fixture = SignalingFixture.create();

    @Test
    void othersHearOfJoinsProducersAndLeaves() {
        var alice = fixture.joined("r", "alice");
        var bob = fixture.joined("r", "bob");
        var elsewhere = fixture.joined("s", "carol");
        assertEquals("bob", alice.events("participantJoined").getFirst().get("participant").asText());
        assertEquals(List.of(), bob.events("participantJoined"), "not told of its own join");

        bob.result("createTransport", "{}");
        bob.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":7}");
        JsonNode produced = alice.events("newProducer").getFirst();
        assertEquals("bob/cam", produced.get("key").asText());
        assertEquals("bob", produced.get("participant").asText());
        assertEquals("VP8", produced.get("codec").asText());
        assertEquals(List.of(), bob.events("newProducer"));

        bob.result("closeProducer", "{\"producer\":\"cam\"}");
        assertEquals("bob/cam", alice.events("producerClosed").getFirst().get("producer").asText());
        assertEquals(List.of(), bob.events("producerClosed"));

        bob.result("leave", "{}");
        assertEquals("bob", alice.events("participantLeft").getFirst().get("participant").asText());
        assertEquals(List.of(), elsewhere.messages(), "another room hears nothing");
    }

    @Test
    void theResponseGoesOutBeforeTheEventsItCaused() {
        var alice = fixture.joined("r", "alice");
        var bob = fixture.joined("r", "bob");
        alice.messages();
        bob.result("createTransport", "{}");
        bob.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":7}");
        // bob leaves: the SFU reports the producer closing, then the participant leaving.
        bob.send("{\"id\":50,\"method\":\"leave\"}");
        List<JsonNode> toBob = bob.messages();
        assertEquals(50, toBob.getFirst().get("id").asInt(), toBob::toString);
        List<String> toAlice = alice.messages().stream().map(m -> m.get("event").asText()).toList();
        assertEquals(List.of("newProducer", "producerClosed", "participantLeft"), toAlice);
    }

    @Test
    void aParticipantWaitingForAReconnectMissesEventsAndResyncsOnResume() {
        var alice = fixture.joined("r", "alice");
        var bob = fixture.joined("r", "bob");
        alice.disconnect();
        bob.result("createTransport", "{}");
        bob.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":7}");
        var again = fixture.connect();
        JsonNode result = again.result("join", "{\"room\":\"r\",\"token\":\""
                + fixture.token("r", "alice", Permission.SUBSCRIBE) + "\"}");
        assertTrue(result.get("resumed").asBoolean());
        assertEquals("bob/cam", result.get("producers").get(0).get("key").asText());
    }
}
