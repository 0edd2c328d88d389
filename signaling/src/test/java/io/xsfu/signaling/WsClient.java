package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) speaking the signaling protocol, for integration tests. */
final class WsClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> pending = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private long nextId = 1;

    WsClient(HttpClient http, URI uri) {
        socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, new Listener())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    incoming.add(Json.MAPPER.readTree(text.toString()));
                } catch (Exception e) {
                    closed.completeExceptionally(new AssertionError("server sent invalid JSON: " + text, e));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    void sendText(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Sends a request and waits for its response; events that arrive meanwhile are kept. */
    JsonNode call(String method, String params) throws InterruptedException {
        long id = nextId++;
        sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode message = incoming.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(message, "no response to " + method + " within " + TIMEOUT);
            if (message.has("id") && message.get("id").asLong(-1) == id) {
                return message;
            }
            pending.add(message);
        }
    }

    JsonNode result(String method, String params) throws InterruptedException {
        JsonNode response = call(method, params);
        assertFalse(response.has("error"), () -> method + " failed: " + response);
        return response.get("result");
    }

    /** The data of the next event called {@code name}, waiting for it if needed. */
    JsonNode event(String name) throws InterruptedException {
        for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
            JsonNode message = it.next();
            if (name.equals(message.path("event").asText(null))) {
                it.remove();
                return message.get("data");
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode message = incoming.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(message, "no " + name + " event within " + TIMEOUT);
            if (name.equals(message.path("event").asText(null))) {
                return message.get("data");
            }
            pending.add(message);
        }
    }

    /** The close code the server sent, waiting for it. */
    int closeCode() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    void expectClose(int code) {
        assertEquals(code, closeCode());
    }

    /** Drops the TCP connection without a close handshake, as a lost network does. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
