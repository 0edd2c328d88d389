package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xsfu.metrics.CountersFile;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on 127.0.0.1 (an ephemeral port), over the in-memory SFU, driven by the JDK's WebSocket and
 * HTTP clients: the protocol end to end, events between two clients, a dropped connection released after the
 * grace period, the HTTP views, limits enforced by the real pipeline, TLS, and a graceful close.
 */
class SignalingServerIT {
    private static final String KEY = "integration-test-key-0123456789-0123456789";

    @TempDir
    Path directory;
    private CountersFile file;
    private CountersFile.View view;
    private FakeSfu sfu;
    private SignalingServer server;
    private HttpClient http;

    @BeforeEach
    void setUp() {
        file = CountersFile.create(directory, 64);
        view = CountersFile.open(file.path());
        sfu = new FakeSfu();
        http = HttpClient.newBuilder().connectTimeout(WsClient.TIMEOUT).build();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        http.close();
        view.close();
        file.close();
    }

    private SignalingConfig config() {
        return SignalingConfig.defaults(KEY).withListen("127.0.0.1", 0).withMaxMessageBytes(8192)
                .withGracePeriodSeconds(1).withStatsIntervalSeconds(1);
    }

    private void start(SignalingConfig config) {
        server = SignalingServer.start(config, sfu, CounterSource.of(view));
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    private String token(String room, String identity, Permission... permissions) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        set.addAll(List.of(permissions));
        return server.tokens().mint(room, identity, set, Duration.ofMinutes(5));
    }

    private WsClient joined(String room, String identity) throws InterruptedException {
        WsClient client = new WsClient(http, ws());
        client.result("join", "{\"room\":\"" + room + "\",\"token\":\"" + token(room, identity, Permission.PUBLISH,
                Permission.SUBSCRIBE) + "\"}");
        return client;
    }

    private HttpResponse<String> get(HttpClient client, String scheme, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + server.port() + path))
                .timeout(WsClient.TIMEOUT);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoClientsPublishSubscribeAndHearOfEachOther() throws Exception {
        start(config());
        try (WsClient alice = joined("r", "alice")) {
            JsonNode transport = alice.result("createTransport", "{\"comedia\":true,\"rtx\":true}");
            assertEquals(40000, transport.get("port").asInt());
            alice.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,"
                    + "\"ssrc\":1111,\"rtx\":{\"payloadType\":97,\"ssrc\":1112}}");
            try (WsClient bob = new WsClient(http, ws())) {
                JsonNode join = bob.result("join", "{\"room\":\"r\",\"token\":\"" + token("r", "bob", Permission.SUBSCRIBE)
                        + "\"}");
                assertEquals("alice/cam", join.get("producers").get(0).get("key").asText());
                assertEquals("bob", alice.event("participantJoined").get("participant").asText());
                bob.result("createTransport", "{\"remote\":{\"address\":\"127.0.0.1\",\"port\":5006},\"rtx\":true}");
                JsonNode consumer = bob.result("consume", "{\"producer\":\"alice/cam\"}");
                assertEquals(97, consumer.get("rtx").get("payloadType").asInt());
                assertEquals("FORBIDDEN", bob.call("produce", "{\"id\":\"x\",\"kind\":\"audio\",\"codec\":\"opus\","
                        + "\"payloadType\":111,\"ssrc\":3}").get("error").get("code").asText());

                AtomicCounter received = file.manager().newCounter("xsfu_producer_rx_packets_total{room=\"r\","
                        + "participant=\"alice\",producer=\"cam\",ssrc=\"1111\"}", 3);
                received.set(321);
                JsonNode stats = alice.event("stats");
                while (stats.get("producers").get(0).get("packets").asLong() != 321) {
                    stats = alice.event("stats"); // the first may have been read before the counter existed
                }
                assertEquals("alice/cam", stats.get("producers").get(0).get("key").asText());

                alice.result("closeProducer", "{\"producer\":\"cam\"}");
                assertEquals("alice/cam", bob.event("producerClosed").get("producer").asText());

                alice.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,"
                        + "\"ssrc\":2222}");
                assertEquals("alice/mic", bob.event("newProducer").get("key").asText());

                bob.abort(); // the network goes away: no close handshake
                long dropped = System.nanoTime();
                assertEquals("bob", alice.event("participantLeft").get("participant").asText());
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped);
                assertTrue(waited >= 900, "left only after the 1 s grace period, waited " + waited + " ms");
                assertEquals(List.of("alice"), sfu.rooms().getFirst().participants().stream().map(p -> p.id()).toList());
            }
        }
    }

    @Test
    void aReconnectWithinTheGracePeriodKeepsTheParticipant() throws Exception {
        start(config().withGracePeriodSeconds(3));
        WsClient first = joined("r", "alice");
        first.result("createTransport", "{}");
        first.abort();
        Thread.sleep(300);
        try (WsClient again = new WsClient(http, ws())) {
            JsonNode join = again.result("join", "{\"room\":\"r\",\"token\":\"" + token("r", "alice", Permission.PUBLISH)
                    + "\"}");
            assertTrue(join.get("resumed").asBoolean());
            assertEquals(40000, join.get("self").get("transport").get("port").asInt());
            Thread.sleep(3500);
            assertEquals(1, sfu.rooms().getFirst().participants().size(), "still there after the grace period");
            again.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,\"ssrc\":1}");
        }
    }

    @Test
    void httpViewsOnTheSamePort() throws Exception {
        start(config());
        file.manager().newCounter("xsfu_drops_total{reason=\"unknown_ssrc\"}", 1).set(4);
        try (WsClient alice = joined("r", "alice")) {
            HttpResponse<String> health = get(http, "http", "/health", null);
            assertEquals(200, health.statusCode());
            JsonNode body = Json.MAPPER.readTree(health.body());
            assertEquals("ok", body.get("status").asText());
            assertEquals(1, body.get("connections").asInt());

            HttpResponse<String> metrics = get(http, "http", "/metrics", null);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("# TYPE xsfu_drops_total counter"), metrics.body());
            assertTrue(metrics.body().contains("xsfu_drops_total{reason=\"unknown_ssrc\"} 4"), metrics.body());
            assertTrue(metrics.body().contains("xsfu_room_participants{room=\"r\"} 1"), metrics.body());

            assertEquals(401, get(http, "http", "/admin/rooms", null).statusCode());
            assertEquals(403, get(http, "http", "/admin/rooms", token("r", "x", Permission.PUBLISH)).statusCode());
            HttpResponse<String> rooms = get(http, "http", "/admin/rooms", token("admin", "ops", Permission.ADMIN));
            assertEquals(200, rooms.statusCode());
            assertEquals("alice", Json.MAPPER.readTree(rooms.body()).get("rooms").get(0).get("participants").get(0)
                    .get("id").asText());

            HttpResponse<String> page = get(http, "http", "/", null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/admin.js"));
            assertEquals(404, get(http, "http", "/nothing", null).statusCode());
            assertEquals(400, get(http, "http", "/ws", null).statusCode(), "not an upgrade");
            alice.result("leave", "{}");
        }
    }

    @Test
    void limitsAreEnforcedByThePipeline() throws Exception {
        start(config().withRequestsPerSecond(5));
        try (WsClient big = new WsClient(http, ws())) {
            big.sendText("{\"id\":1,\"method\":\"join\",\"params\":{\"room\":\"r\",\"token\":\"" + "x".repeat(9000) + "\"}}");
            big.expectClose(1009);
        }
        try (WsClient binary = new WsClient(http, ws())) {
            binary.sendBinary(new byte[]{1, 2, 3});
            binary.expectClose(1003);
        }
        try (WsClient flood = new WsClient(http, ws())) {
            int limited = 0;
            for (int i = 0; i < 30; i++) {
                JsonNode response = flood.call("leave", "{}");
                if (response.get("error").get("code").asText().equals("RATE_LIMITED")) {
                    limited++;
                }
            }
            assertTrue(limited >= 20, "most of a 30-request burst over 5/s is refused, got " + limited);
        }
        try (WsClient after = joined("r", "alice")) {
            assertEquals("{}", after.result("leave", "{}").toString());
        }
        assertEquals(List.of("join r/alice", "leave r/alice"), sfu.calls());
    }

    @Test
    void aPortInUseIsAClearStartFailure() {
        start(config());
        SignalingConfig same = config().withListen("127.0.0.1", server.port());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> SignalingServer.start(same, sfu, CounterSource.NONE));
        assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + server.port()), e.getMessage());
    }

    @Test
    void closeTellsClientsAndStopsAccepting() throws Exception {
        start(config());
        WsClient alice = joined("r", "alice");
        int port = server.port();
        server.close();
        alice.event("serverClosing");
        assertEquals(1001, alice.closeCode());
        assertEquals(List.of(), sfu.rooms(), "participants released");
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(WsClient.TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the port still accepts");
        } catch (java.net.ConnectException expected) {
            // nothing listens any more
        }
        server = null;
    }

    @Test
    void tlsWithAPemCertificateAndKey() throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), "openssl failed (it is needed for this test): " + output);
        start(config().withTls(cert, key));

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("xsfu", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(WsClient.TIMEOUT).build()) {
            assertEquals(200, get(https, "https", "/health", null).statusCode());
            try (WsClient alice = new WsClient(https, URI.create("wss://127.0.0.1:" + server.port() + "/ws"))) {
                JsonNode join = alice.result("join", "{\"room\":\"r\",\"token\":\"" + token("r", "alice") + "\"}");
                assertEquals("alice", join.get("participant").asText());
            }
            try {
                get(http, "http", "/health", null);
                throw new AssertionError("plain HTTP must not be served on a TLS port");
            } catch (java.io.IOException expected) {
                // the TLS handler refuses a plain request
            }
        }
    }
}
