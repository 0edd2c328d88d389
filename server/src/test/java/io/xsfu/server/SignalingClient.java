package io.xsfu.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsfu.testbed.Netns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's signaling client, living in a client namespace: the JDK's HttpClient made on a thread inside
 * the namespace, so its own threads (and sockets) are there too. Requests wait for their response;
 * events are kept.
 */
final class SignalingClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Netns ns;
    private final HttpClient http;
    private WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    SignalingClient(Netns ns) throws Exception {
        this.ns = ns;
        this.http = ns.call(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * Connects from a thread inside the namespace: a socket belongs to the namespace of the thread that
     * creates it, and the JDK's client creates it on the calling thread.
     */
    SignalingClient connect(URI uri) throws Exception {
        ws = ns.call(() -> http.newWebSocketBuilder().buildAsync(uri, listener()).get(10, TimeUnit.SECONDS));
        return this;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode m = JSON.readTree(partial.toString());
                        partial.setLength(0);
                        if (m.has("event")) {
                            events.add(m);
                        } else {
                            CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
                            if (f != null) {
                                f.complete(m);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                w.request(1);
                return null;
            }
        };
    }

    /** Sends a request and returns its result; fails the test on an error response. */
    JsonNode call(String method, String params) throws Exception {
        JsonNode response = request(method, params);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response);
        }
        return response.get("result");
    }

    JsonNode request(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).get(5, TimeUnit.SECONDS);
        return f.get(10, TimeUnit.SECONDS);
    }

    List<JsonNode> events() {
        return events;
    }

    String get(URI uri, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest request = b.build();
        HttpResponse<String> r = ns.call(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        if (r.statusCode() != 200) {
            throw new AssertionError(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Drops the connection without a close handshake, as a crashed client would. */
    void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        http.close();
    }
}
