package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.xsfu.metrics.CountersFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side: health, metrics, the admin view and its token, the page, and everything else refused. */
class HttpRouterTest {
    @TempDir
    Path directory;
    private CountersFile file;
    private CountersFile.View view;
    private SignalingFixture fixture;
    private final List<Object> passedOn = new ArrayList<>();

    @BeforeEach
    void setUp() {
        file = CountersFile.create(directory, 64);
        view = CountersFile.open(file.path());
        fixture = new SignalingFixture(SignalingFixture.config(), new FakeSfu(), CounterSource.of(view));
    }

    @AfterEach
    void tearDown() {
        passedOn.forEach(io.netty.util.ReferenceCountUtil::release);
        view.close();
        file.close();
    }

    private FullHttpResponse get(String uri, String authorization) {
        return request(HttpMethod.GET, uri, authorization);
    }

    /** A WebSocket upgrade request, with {@code Sec-WebSocket-Version} if {@code version} is not null. */
    private FullHttpResponse upgrade(String uri, String version) {
        return request(HttpMethod.GET, uri, null, true, version);
    }

    private FullHttpResponse request(HttpMethod method, String uri, String authorization) {
        return request(method, uri, authorization, false, null);
    }

    private FullHttpResponse request(HttpMethod method, String uri, String authorization, boolean upgrade,
                                     String version) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRouter(fixture.signaling, fixture.tokens),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        passedOn.add(msg);
                    }
                });
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        if (upgrade) {
            request.headers().set(HttpHeaderNames.UPGRADE, "websocket");
            request.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
            if (version != null) {
                request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, version);
            }
        }
        channel.writeInbound(request);
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    private static JsonNode json(FullHttpResponse response) throws Exception {
        assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        return Json.MAPPER.readTree(body(response));
    }

    @Test
    void healthSaysOkWithCounts() throws Exception {
        fixture.joined("r", "alice");
        FullHttpResponse response = get("/health", null);
        assertEquals(200, response.status().code());
        JsonNode health = json(response);
        assertEquals("ok", health.get("status").asText());
        assertEquals(1, health.get("rooms").asInt());
        assertEquals(1, health.get("connections").asInt());
        assertEquals(1, health.get("participants").get("connected").asInt());
    }

    @Test
    void metricsAreInThePrometheusTextFormat() {
        file.manager().newCounter("xsfu_rx_packets_total", 1).set(12);
        FullHttpResponse response = get("/metrics", null);
        assertEquals(200, response.status().code());
        assertTrue(response.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/plain; version=0.0.4"));
        String text = body(response);
        assertTrue(text.contains("xsfu_rx_packets_total 12"), text);
    }

    @Test
    void adminRoomsNeedsAnAdminToken() throws Exception {
        FullHttpResponse none = get("/admin/rooms", null);
        assertEquals(401, none.status().code());
        assertTrue(none.headers().get(HttpHeaderNames.WWW_AUTHENTICATE).startsWith("Bearer"));
        none.release();
        FullHttpResponse garbage = get("/admin/rooms", "Bearer nonsense");
        assertEquals(401, garbage.status().code());
        assertTrue(json(garbage).get("error").asText().contains("not an HS256 JWT"));
        FullHttpResponse basic = get("/admin/rooms", "Basic YWxpY2U6cHc=");
        assertEquals(401, basic.status().code());
        basic.release();
        FullHttpResponse notAdmin = get("/admin/rooms", "Bearer " + fixture.token("r", "alice", Permission.PUBLISH,
                Permission.SUBSCRIBE));
        assertEquals(403, notAdmin.status().code());
        notAdmin.release();
    }

    @Test
    void adminRoomsShowsEveryStreamWithLiveCounts() throws Exception {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":5004}}");
        alice.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":7}");
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        JsonNode consumer = bob.result("consume", "{\"producer\":\"alice/cam\"}");
        bob.disconnect();
        fixture.sfu.addStatic("r", "recorder");
        file.manager().newCounter("xsfu_participant_rx_packets_total{room=\"r\",participant=\"alice\"}", 2).set(100);
        file.manager().newCounter("xsfu_producer_rx_packets_total{room=\"r\",participant=\"alice\",producer=\"cam\","
                + "ssrc=\"7\"}", 3).set(99);
        file.manager().newCounter("xsfu_consumer_tx_packets_total{room=\"r\",participant=\"bob\",producer=\"alice/cam\","
                + "ssrc=\"" + consumer.get("ssrc").asLong() + "\"}", 3).set(98);
        // As the agent publishes them for a subscriber and its simulcast consumer.
        file.manager().newCounter("xsfu_participant_bwe_bps{room=\"r\",participant=\"bob\"}", 2).set(480_000);
        String layer = "xsfu_consumer_layer{room=\"r\",participant=\"bob\",producer=\"alice/cam\",ssrc=\""
                + consumer.get("ssrc").asLong() + "\",layer=\"";
        file.manager().newCounter(layer + "current_spatial\"}", 3).set(1);
        file.manager().newCounter(layer + "current_temporal\"}", 3).set(3);
        file.manager().newCounter(layer + "target_spatial\"}", 3).set(0);
        file.manager().newCounter(layer + "target_temporal\"}", 3).set(3);
        file.manager().newCounter("xsfu_consumer_layer_switches_total{room=\"r\",participant=\"bob\",producer=\"alice/cam\","
                + "ssrc=\"" + consumer.get("ssrc").asLong() + "\"}", 3).set(4);

        FullHttpResponse response = get("/admin/rooms", "Bearer " + fixture.token("ops", "admin", Permission.ADMIN));
        assertEquals(200, response.status().code());
        JsonNode rooms = json(response);
        assertTrue(rooms.get("time").asLong() > 0);
        JsonNode room = rooms.get("rooms").get(0);
        assertEquals("r", room.get("id").asText());
        JsonNode a = room.get("participants").get(0);
        assertEquals("alice", a.get("id").asText());
        assertEquals("connected", a.get("signaling").asText());
        assertEquals(40000, a.get("port").asInt());
        assertEquals("127.0.0.1:5004", a.get("remote").asText());
        assertEquals(100, a.get("rxPackets").asLong());
        assertEquals(99, a.get("producers").get(0).get("packets").asLong());
        JsonNode b = room.get("participants").get(1);
        assertEquals("waiting", b.get("signaling").asText());
        assertEquals(98, b.get("consumers").get(0).get("packets").asLong());
        assertEquals(consumer.get("ssrc"), b.get("consumers").get(0).get("ssrc"));
        assertEquals(480_000, b.get("bandwidthEstimate").asLong());
        JsonNode layers = b.get("consumers").get(0).get("layers");
        assertEquals(1, layers.get("currentSpatial").asInt(), layers.toString());
        assertEquals(0, layers.get("targetSpatial").asInt(), layers.toString());
        assertEquals(3, layers.get("targetTemporal").asInt(), layers.toString());
        assertEquals(4, layers.get("switches").asInt(), layers.toString());
        assertTrue(a.get("bandwidthEstimate") == null, "alice receives nothing: no estimate");
        JsonNode recorder = room.get("participants").get(2);
        assertEquals("none", recorder.get("signaling").asText());
        assertTrue(recorder.get("static").asBoolean());
        assertTrue(recorder.get("port").isNull());
    }

    @Test
    void thePageAndItsScriptAreServedWithAStrictPolicy() {
        FullHttpResponse page = get("/", null);
        assertEquals(200, page.status().code());
        assertEquals("text/html; charset=utf-8", page.headers().get(HttpHeaderNames.CONTENT_TYPE));
        String policy = page.headers().get("Content-Security-Policy");
        assertNotNull(policy);
        assertTrue(policy.contains("script-src 'self'"));
        String html = body(page);
        assertTrue(html.contains("<script src=\"/admin.js\"></script>"));
        FullHttpResponse script = get("/admin.js", null);
        assertEquals(200, script.status().code());
        assertTrue(body(script).contains("/admin/rooms"));
    }

    @Test
    void otherPathsAndMethodsAreRefusedAndWebSocketRequestsPassOn() {
        FullHttpResponse missing = get("/nope", null);
        assertEquals(404, missing.status().code());
        missing.release();
        FullHttpResponse post = request(HttpMethod.POST, "/health", null);
        assertEquals(405, post.status().code());
        assertEquals("GET", post.headers().get(HttpHeaderNames.ALLOW));
        post.release();
        FullHttpResponse plain = get("/ws", null);
        assertEquals(400, plain.status().code());
        plain.release();
        FullHttpResponse hixie = upgrade("/ws", null);
        assertEquals(426, hixie.status().code());
        assertEquals("13", hixie.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
        hixie.release();
        assertEquals(0, passedOn.size());
        FullHttpResponse upgrade = upgrade("/ws?v=1", "13");
        assertEquals(null, upgrade);
        assertEquals(1, passedOn.size());
        assertTrue(passedOn.getFirst() instanceof FullHttpRequest, "the /ws request goes on to the handshake");
    }
}
