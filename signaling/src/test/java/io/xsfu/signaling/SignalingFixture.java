package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signaling over an in-memory SFU, a manual control thread and Netty {@link EmbeddedChannel}s: each client is
 * the JSON handler of one connection, fed WebSocket frames and read back, all on the test thread.
 */
final class SignalingFixture {
    static final String KEY = "unit-test-key-that-is-long-enough-for-hs256";

    final FakeSfu sfu;
    final ManualControlThread control = new ManualControlThread();
    final Tokens tokens = new Tokens(KEY);
    final SignalingConfig config;
    /** The connections' rate-limit clock. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** How far the rate-limit clock moves per message sent: by default just the allowed rate, so tests never hit it. */
    long nanosPerMessage = 50_000_000L;
    final Signaling signaling;

    SignalingFixture(SignalingConfig config, FakeSfu sfu, CounterSource counters) {
        this.config = config;
        this.sfu = sfu;
        this.signaling = new Signaling(config, sfu, counters, tokens, control, Clock.systemUTC());
    }

    /** Over a real SFU model ({@code sfu} is then null) with WebRTC transports run by {@code webrtc}. */
    SignalingFixture(SignalingConfig config, io.xsfu.sfu.SfuControl real, io.xsfu.webrtc.WebRtcConductor webrtc) {
        this.config = config;
        this.sfu = null;
        this.signaling = new Signaling(config, real, CounterSource.NONE, tokens, control, Clock.systemUTC(), webrtc);
    }

    /** Grace 10 s, stats off, 20 requests/s, 4 KiB messages, 3 participants per room, 2 rooms. */
    static SignalingFixture create() {
        return create(config());
    }

    static SignalingFixture create(SignalingConfig config) {
        return new SignalingFixture(config, new FakeSfu(), CounterSource.NONE);
    }

    static SignalingConfig config() {
        return SignalingConfig.defaults(KEY).withListen("127.0.0.1", 0).withMaxMessageBytes(4096).withLimits(3, 2)
                .withGracePeriodSeconds(10).withStatsIntervalSeconds(0);
    }

    String token(String room, String identity, Permission... permissions) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        set.addAll(Arrays.asList(permissions));
        return tokens.mint(room, identity, set, Duration.ofMinutes(10));
    }

    Client connect() {
        return client(new EmbeddedChannel(new WebSocketJsonHandler(signaling, config, nanos::get)));
    }

    Client client(EmbeddedChannel channel) {
        return new Client(channel, () -> nanos.addAndGet(nanosPerMessage));
    }

    /** A connected client that joined {@code room} as {@code identity} with publish and subscribe. */
    Client joined(String room, String identity) {
        Client client = connect();
        client.result("join", "{\"room\":\"" + room + "\",\"token\":\"" + token(room, identity, Permission.PUBLISH,
                Permission.SUBSCRIBE) + "\"}");
        return client;
    }

    /** One WebSocket client. */
    static final class Client {
        final EmbeddedChannel channel;
        private final List<JsonNode> received = new ArrayList<>();
        private long nextId = 1;
        private Integer closeCode;
        private int pings;
        private final Runnable beforeSend;

        Client(EmbeddedChannel channel, Runnable beforeSend) {
            this.channel = channel;
            this.beforeSend = beforeSend;
            channel.pipeline().fireUserEventTriggered(
                    new WebSocketServerProtocolHandler.HandshakeComplete("/ws", EmptyHttpHeaders.INSTANCE, null));
        }

        void send(String text) {
            beforeSend.run();
            channel.writeInbound(new TextWebSocketFrame(text));
            drain();
        }

        void sendFrame(WebSocketFrame frame) {
            channel.writeInbound(frame);
            drain();
        }

        /** Sends a request and returns its one response (events stay queued). */
        JsonNode call(String method, String params) {
            long id = nextId++;
            send("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            return response(id);
        }

        JsonNode result(String method, String params) {
            JsonNode response = call(method, params);
            assertFalse(response.has("error"), () -> method + " failed: " + response);
            return response.get("result");
        }

        /** The error of a request that must fail with {@code code}. */
        JsonNode error(String method, String params, ErrorCode code) {
            JsonNode response = call(method, params);
            assertTrue(response.has("error"), () -> method + " should fail with " + code + ": " + response);
            assertEquals(code.name(), response.get("error").get("code").asText(), response::toString);
            assertFalse(response.has("result"));
            return response.get("error");
        }

        /** The one response with {@code id}, removed from what was received. */
        JsonNode response(long id) {
            drain();
            JsonNode found = null;
            for (Iterator<JsonNode> it = received.iterator(); it.hasNext(); ) {
                JsonNode message = it.next();
                if (message.has("id") && message.get("id").isIntegralNumber() && message.get("id").asLong() == id) {
                    assertTrue(found == null, "two responses to request " + id);
                    found = message;
                    it.remove();
                }
            }
            assertNotNull(found, "no response to request " + id + "; received " + received);
            return found;
        }

        /** Every message received and not taken yet, in order. */
        List<JsonNode> messages() {
            drain();
            List<JsonNode> all = List.copyOf(received);
            received.clear();
            return all;
        }

        /** The {@code data} of every received event called {@code name}, removed. */
        List<JsonNode> events(String name) {
            drain();
            List<JsonNode> events = new ArrayList<>();
            for (Iterator<JsonNode> it = received.iterator(); it.hasNext(); ) {
                JsonNode message = it.next();
                if (name.equals(message.path("event").asText(null))) {
                    events.add(message.get("data"));
                    it.remove();
                }
            }
            return events;
        }

        /** The close code the server sent, null if none. */
        Integer closeCode() {
            drain();
            return closeCode;
        }

        int pings() {
            drain();
            return pings;
        }

        boolean open() {
            return channel.isActive();
        }

        void disconnect() {
            channel.close();
        }

        private void drain() {
            channel.runPendingTasks();
            Object out;
            while ((out = channel.readOutbound()) != null) {
                try {
                    if (out instanceof TextWebSocketFrame text) {
                        received.add(Json.MAPPER.readTree(text.text()));
                    } else if (out instanceof CloseWebSocketFrame close) {
                        closeCode = close.statusCode();
                    } else if (out instanceof PingWebSocketFrame) {
                        pings++;
                    }
                } catch (JsonProcessingException e) {
                    throw new AssertionError("the server sent invalid JSON", e);
                } finally {
                    io.netty.util.ReferenceCountUtil.release(out);
                }
            }
        }
    }
}
