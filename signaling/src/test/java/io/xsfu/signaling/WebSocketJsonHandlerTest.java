package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The message layer: what is a request, what is answered how, and what closes the connection. */
class WebSocketJsonHandlerTest {
    private final SignalingFixture fixture = SignalingFixture.create();

    private static void assertError(JsonNode message, Long id, ErrorCode code, String messagePart) {
        if (id == null) {
            assertTrue(message.get("id").isNull(), message::toString);
        } else {
            assertEquals(id.longValue(), message.get("id").asLong(), message::toString);
        }
        assertEquals(code.name(), message.get("error").get("code").asText(), message::toString);
        assertTrue(message.get("error").get("message").asText().contains(messagePart), message::toString);
    }

    private static JsonNode only(List<JsonNode> messages) {
        assertEquals(1, messages.size(), messages::toString);
        return messages.getFirst();
    }

    @Test
    void malformedJsonIsAParseErrorWithoutId() {
        var client = fixture.connect();
        client.send("{\"id\": 1, \"method\": ");
        assertError(only(client.messages()), null, ErrorCode.PARSE_ERROR, "not JSON");
        client.send("");
        assertError(only(client.messages()), null, ErrorCode.PARSE_ERROR, "empty");
        client.send("{\"id\":1,\"method\":\"leave\"} trailing");
        assertError(only(client.messages()), null, ErrorCode.PARSE_ERROR, "not JSON");
        client.send("{\"id\":1,\"id\":2,\"method\":\"leave\"}");
        assertError(only(client.messages()), null, ErrorCode.PARSE_ERROR, "Duplicate field 'id'");
        client.send("[".repeat(100) + "]".repeat(100));
        assertError(only(client.messages()), null, ErrorCode.PARSE_ERROR, "not JSON");
        assertTrue(client.open(), "errors keep the connection");
    }

    @Test
    void aRequestIsAnObjectWithIntegerIdAndMethodName() {
        var client = fixture.connect();
        client.send("[1, 2]");
        assertError(only(client.messages()), null, ErrorCode.INVALID_REQUEST, "JSON object");
        client.send("{\"method\":\"leave\"}");
        assertError(only(client.messages()), null, ErrorCode.INVALID_REQUEST, "id: required");
        client.send("{\"id\":\"7\",\"method\":\"leave\"}");
        assertError(only(client.messages()), null, ErrorCode.INVALID_REQUEST, "id: must be an integer");
        client.send("{\"id\":1.5,\"method\":\"leave\"}");
        assertError(only(client.messages()), null, ErrorCode.INVALID_REQUEST, "id: must be an integer");
        client.send("{\"id\":-1,\"method\":\"leave\"}");
        assertError(only(client.messages()), null, ErrorCode.INVALID_REQUEST, "id: must be an integer");
        client.send("{\"id\":9007199254740992,\"method\":\"leave\"}");
        assertError(only(client.messages()), null, ErrorCode.INVALID_REQUEST, "id: must be an integer");
        client.send("{\"id\":3}");
        assertError(only(client.messages()), 3L, ErrorCode.INVALID_REQUEST, "method: required");
        client.send("{\"id\":4,\"method\":42}");
        assertError(only(client.messages()), 4L, ErrorCode.INVALID_REQUEST, "method: must be");
        client.send("{\"id\":5,\"method\":\"leave\",\"params\":[]}");
        assertError(only(client.messages()), 5L, ErrorCode.INVALID_REQUEST, "params: must be an object");
        client.send("{\"id\":6,\"method\":\"leave\",\"jsonrpc\":\"2.0\"}");
        assertError(only(client.messages()), 6L, ErrorCode.INVALID_REQUEST, "unknown field 'jsonrpc'");
    }

    @Test
    void unknownMethodIsRefusedBeforeAndAfterJoin() {
        var client = fixture.connect();
        JsonNode error = client.error("subscribeAll", "{}", ErrorCode.UNKNOWN_METHOD);
        assertTrue(error.get("message").asText().contains("'subscribeAll'"));
        assertTrue(error.get("message").asText().contains("createTransport"), "lists the methods");
        var joined = fixture.joined("r", "alice");
        joined.error("subscribeAll", "{}", ErrorCode.UNKNOWN_METHOD);
    }

    @Test
    void everyMethodButJoinNeedsAJoinFirst() {
        var client = fixture.connect();
        for (String method : RequestHandler.METHODS) {
            if (!method.equals("join")) {
                client.error(method, "{}", ErrorCode.NOT_JOINED);
            }
        }
        assertEquals(List.of(), fixture.sfu.calls());
    }

    @Test
    void theResponseEchoesTheIdAndErrorsDoNotBreakTheSession() {
        var client = fixture.joined("r", "alice");
        client.send("{\"id\":123456789,\"method\":\"createTransport\",\"params\":{\"comedia\":true}}");
        JsonNode response = client.response(123456789);
        assertEquals(40000, response.get("result").get("port").asInt());
        client.error("createTransport", "{}", ErrorCode.CONFLICT);
        client.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,\"ssrc\":5}");
    }

    @Test
    void aMessageOverTheLimitClosesWithMessageTooBig() {
        var client = fixture.connect();
        String big = "{\"id\":1,\"method\":\"join\",\"params\":{\"room\":\"r\",\"token\":\"" + "x".repeat(5000) + "\"}}";
        client.send(big);
        assertEquals(1009, client.closeCode());
        assertFalse(client.open());
        assertTrue(client.messages().isEmpty(), "no response to an oversized message");
    }

    @Test
    void fragmentsAddingUpOverTheLimitCloseWithMessageTooBig() {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameAggregator(fixture.config.maxMessageBytes()),
                new WebSocketJsonHandler(fixture.signaling, fixture.config, fixture.nanos::get));
        var client = fixture.client(channel);
        client.sendFrame(new TextWebSocketFrame(false, 0, "{\"id\":1,\"method\":\"join\",\"params\":{\"x\":\""));
        client.sendFrame(new ContinuationWebSocketFrame(false, 0, "y".repeat(3000)));
        client.sendFrame(new ContinuationWebSocketFrame(false, 0, "y".repeat(3000)));
        assertEquals(1009, client.closeCode());
        assertFalse(client.open());
    }

    @Test
    void fragmentsWithinTheLimitAreOneRequest() {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameAggregator(fixture.config.maxMessageBytes()),
                new WebSocketJsonHandler(fixture.signaling, fixture.config, fixture.nanos::get));
        var client = fixture.client(channel);
        client.sendFrame(new TextWebSocketFrame(false, 0, "{\"id\":9,\"meth"));
        client.sendFrame(new ContinuationWebSocketFrame(true, 0, "od\":\"leave\"}"));
        assertError(client.response(9), 9L, ErrorCode.NOT_JOINED, "join first");
    }

    @Test
    void binaryMessagesCloseWithUnsupportedData() {
        var client = fixture.connect();
        client.sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer("{}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(1003, client.closeCode());
        assertFalse(client.open());
    }

    @Test
    void aFloodIsAnsweredWithRateLimitedAndTheRateRecovers() {
        var client = fixture.joined("r", "alice");
        fixture.nanosPerMessage = 0;
        fixture.nanos.addAndGet(1_000_000_000L); // a full bucket: 20 tokens
        int limited = 0;
        int handled = 0;
        for (int i = 0; i < 50; i++) {
            JsonNode response = client.call("pauseConsumer", "{\"consumer\":\"c1\"}");
            if (response.has("error") && response.get("error").get("code").asText().equals("RATE_LIMITED")) {
                limited++;
            } else {
                assertEquals("NOT_FOUND", response.get("error").get("code").asText(), response::toString);
                handled++;
            }
        }
        assertEquals(20, handled, "a second's worth of requests is handled");
        assertEquals(30, limited);
        assertTrue(client.open());
        fixture.nanos.addAndGet(500_000_000L); // half a second refills half the bucket
        int handledAfter = 0;
        for (int i = 0; i < 20; i++) {
            JsonNode response = client.call("pauseConsumer", "{\"consumer\":\"c1\"}");
            if (!response.get("error").get("code").asText().equals("RATE_LIMITED")) {
                handledAfter++;
            }
        }
        assertEquals(10, handledAfter);
    }

    @Test
    void malformedMessagesCountAgainstTheRateToo() {
        var client = fixture.connect();
        fixture.nanosPerMessage = 0;
        for (int i = 0; i < 20; i++) {
            client.send("not json");
        }
        client.send("{\"id\":77,\"method\":\"leave\"}");
        assertError(client.response(77), 77L, ErrorCode.RATE_LIMITED, "requests per second");
    }

    @Test
    void aConnectionThatDoesNotJoinInTimeIsClosed() {
        var late = fixture.connect();
        var prompt = fixture.connect();
        prompt.channel.advanceTimeBy(WebSocketJsonHandler.JOIN_DEADLINE_SECONDS - 1, TimeUnit.SECONDS);
        prompt.result("join", "{\"room\":\"r\",\"token\":\"" + fixture.token("r", "alice") + "\"}");
        for (var client : List.of(late, prompt)) {
            client.channel.advanceTimeBy(WebSocketJsonHandler.JOIN_DEADLINE_SECONDS, TimeUnit.SECONDS);
            client.channel.runScheduledPendingTasks();
        }
        assertEquals(1008, late.closeCode());
        assertFalse(late.open());
        assertEquals(null, prompt.closeCode());
        assertTrue(prompt.open());
    }

    @Test
    void aSilentConnectionIsPingedThenClosed() {
        var client = fixture.joined("r", "alice");
        client.channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertEquals(1, client.pings());
        assertTrue(client.open());
        client.channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertEquals(1001, client.closeCode());
        assertFalse(client.open());
        assertEquals(1, fixture.control.pendingTimers(), "the dropped participant waits for a reconnect");
    }
}
