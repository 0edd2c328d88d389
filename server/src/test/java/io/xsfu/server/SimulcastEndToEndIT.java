package io.xsfu.server;

import static io.xsfu.server.ServerFixture.browserDiagnostics;
import static io.xsfu.server.ServerFixture.deleteTree;
import static io.xsfu.server.ServerFixture.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.server.demo.ServerProcess;
import io.xsfu.signaling.Permission;
import io.xsfu.signaling.Tokens;
import io.xsfu.testbed.ChromiumBrowser;
import io.xsfu.testbed.GstSimulcastPublisher;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.RateLimit;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Layer selection end to end: a GStreamer publisher sends one camera as three VP8 encodings (320x180, 640x360,
 * 960x540, each its own SSRC) to a plain transport; two headless Chromium subscribers receive it through the server's
 * call page (WebRTC, SRTP, transport-wide feedback). The SFU estimates each subscriber's downlink from that feedback,
 * and its allocator picks the encoding each one gets:
 * <ol>
 * <li>without limits, both get the top encoding;</li>
 * <li>bob's downlink is then shaped to 500 kbit/s (a queue on the LAN's port toward the browsers, for his ICE port
 * only): bob settles on a lower encoding and keeps decoding with under 2 % loss, alice keeps the top one;</li>
 * <li>the limit is lifted: bob is back on the top encoding within 10 seconds.</li>
 * </ol>
 * Every switch happens at a keyframe with continuous numbering: the decoder never drops frames or asks again.
 */
class SimulcastEndToEndIT {
    private static final String KEY = "0123456789abcdef0123456789abcdef-simulcast-key";
    private static final Duration CONNECT = Duration.ofSeconds(40);
    private static final int PORT = 8080;
    private static final long FIRST_SSRC = 70_000;
    private static final int TOP_HEIGHT = 540;
    private static final String CAM = "pub/cam";

    @Test
    void eachSubscriberGetsTheLayerItsDownlinkCarriesAndClimbsBackWhenItCan() throws Exception {
        Path dir = Files.createTempDirectory("xsfu-simulcast-it");
        try (LanTopology lan = LanTopology.builder().clients(1).rootPort(true).build()) {
            Tokens tokens = new Tokens(KEY);
            String server = lan.serverIpv4().getHostAddress();
            String origin = "http://" + server + ":" + PORT;
            ServerProcess sfu = start(lan, dir, origin);
            try (SignalingClient pub = new SignalingClient(lan.client(0).ns()).connect(URI.create(
                    "ws://" + server + ":" + PORT + "/ws"))) {
                pub.call("join", "{\"room\":\"sim\",\"token\":\"" + token(tokens, "pub", Permission.PUBLISH) + "\"}");
                int port = pub.call("createTransport", "{\"comedia\":true}").get("port").asInt();
                List<GstSimulcastPublisher.Layer> layers = GstSimulcastPublisher.defaultLayers(FIRST_SSRC);
                StringBuilder encodings = new StringBuilder();
                for (GstSimulcastPublisher.Layer l : layers) {
                    encodings.append(encodings.isEmpty() ? "" : ",").append("{\"ssrc\":").append(l.ssrc())
                            .append(",\"maxBitrate\":").append(l.kbps() * 1000).append('}');
                }
                pub.call("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,"
                        + "\"ssrc\":" + FIRST_SSRC + ",\"encodings\":[" + encodings + "]}");
                try (GstSimulcastPublisher camera = GstSimulcastPublisher.in(lan.client(0).ns())
                        .local(lan.client(0).ipv4(), 5002).remote(lan.serverIpv4(), port).layers(layers).start();
                     ChromiumBrowser alice = ChromiumBrowser.builder().secureOrigin(origin).start();
                     ChromiumBrowser bob = ChromiumBrowser.builder().secureOrigin(origin).start()) {
                    alice.open(origin + "/call?room=sim&token=" + token(tokens, "alice", Permission.SUBSCRIBE));
                    bob.open(origin + "/call?room=sim&token=" + token(tokens, "bob", Permission.SUBSCRIBE));
                    for (ChromiumBrowser b : List.of(alice, bob)) {
                        b.awaitTrue("window.xsfu.state === 'connected' || window.xsfu.state === 'failed'", CONNECT);
                        assertEquals("connected", b.script("return window.xsfu.state"), () -> diagnostics(b, sfu));
                    }

                    // 1. No limit: both climb to the top encoding.
                    awaitHeight(alice, "=== " + TOP_HEIGHT, Duration.ofSeconds(40), sfu);
                    awaitHeight(bob, "=== " + TOP_HEIGHT, Duration.ofSeconds(40), sfu);

                    // 2. Bob's downlink carries 500 kbit/s: he settles lower and keeps decoding, with little loss.
                    int bobPort = ((Number) bob.script("return window.xsfu.stats().then(s => s.transport.localPort)"))
                            .intValue();
                    // A queue of 200 ms, as a home router's (netem's default queue is far deeper).
                    try (RateLimit limit = RateLimit.on(lan.lan(), lan.rootBridgePort()).rate(500_000)
                            .queue(Duration.ofMillis(200)).udpDestinationPort(bobPort).apply()) {
                        limiter = limit;
                        awaitHeight(bob, "< " + TOP_HEIGHT, Duration.ofSeconds(20), sfu);
                        Thread.sleep(5_000); // let the estimate settle below the limit
                        Map<String, Object> before = video(bob);
                        Thread.sleep(10_000);
                        Map<String, Object> after = video(bob);
                        long decoded = delta(after, before, "framesDecoded");
                        long received = delta(after, before, "packetsReceived");
                        long lost = delta(after, before, "packetsLost");
                        String seen = "bob before " + before + "\nafter " + after;
                        assertTrue(((Number) after.get("frameHeight")).intValue() < TOP_HEIGHT, seen);
                        assertTrue(decoded >= 150, "bob keeps decoding (>= 15 fps of 30): " + seen);
                        assertTrue(lost * 100 < 2 * (received + lost), "loss under 2 %: " + seen);
                        assertEquals(TOP_HEIGHT, ((Number) video(alice).get("frameHeight")).intValue(),
                                "alice's downlink is not limited: " + video(alice));
                        assertTrue(limit.sentPackets() > 0, "the limit was in bob's path: " + limit);
                        System.out.printf("limited to 500 kbit/s: bob at %sp, %d frames decoded in 10 s, loss %.2f %%,"
                                + " shaper dropped %d%n", after.get("frameHeight"), decoded,
                                100.0 * lost / Math.max(1, received + lost), limit.dropped());

                        // 3. The limit is lifted: back to the top within 10 s.
                        limit.lift();
                        long liftedAt = System.nanoTime();
                        awaitHeight(bob, "=== " + TOP_HEIGHT, Duration.ofSeconds(10), sfu);
                        System.out.printf("bob climbed back to %dp in %.1f s%n", TOP_HEIGHT,
                                (System.nanoTime() - liftedAt) / 1e9);
                    }
                    long decodedBefore = ((Number) video(bob).get("framesDecoded")).longValue();
                    bob.awaitTrue("window.xsfu.stats().then(s => s.video.some(v => v.producer === '" + CAM
                            + "' && v.framesDecoded > " + (decodedBefore + 60) + "))", Duration.ofSeconds(10));

                    // No decoder trouble across the switches: nothing dropped, no keyframe asked for by the decoder
                    // beyond the start and what the SFU's own switches need.
                    String metrics = pub.get(URI.create(origin + "/metrics"), null);
                    long bobSwitches = metric(metrics, "xsfu_consumer_layer_switches_total", "participant=\"bob\"");
                    assertTrue(bobSwitches >= 3, "first encoding, top, down, back up: " + bobSwitches + "\n" + metrics);
                    for (ChromiumBrowser b : List.of(alice, bob)) {
                        Map<String, Object> v = video(b);
                        long dropped = ((Number) v.get("framesDropped")).longValue();
                        long total = ((Number) v.get("framesDecoded")).longValue();
                        // A switch the decoder could not follow shows as keyframe requests of its own and frames it
                        // throws away; loss while the estimate adapts to the new limit may cost a frame or two.
                        assertTrue(dropped * 100 <= 2 * total, "frames dropped: " + v);
                        assertTrue(((Number) v.get("pliCount")).longValue() <= 2, "decoder keyframe requests: " + v);
                        assertTrue(((Number) v.get("keyFramesDecoded")).longValue() >= 1, v.toString());
                        assertEquals(List.of(), b.script("return window.xsfu.errors"));
                    }
                    assertTrue(metric(metrics, "xsfu_participant_bwe_bps", "participant=\"bob\"") > 1_000_000,
                            "bob's estimate is back up: " + metrics);
                    assertTrue(camera.isAlive(), "the publisher ran throughout:\n" + camera.diagnostics());
                }
            } finally {
                assertEquals(0, sfu.stop(), "SIGTERM is a clean exit:\n" + sfu.lastLines());
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * A browser publishes its camera as three encodings by RID (quarter, half, full: 240x135, 480x270, 960x540); the
     * SFU learns their SSRCs from the packets. A subscriber gets the full size; asking for layer 0 (as a page does
     * for a thumbnail) switches it to the quarter size, and asking for 2 brings the full size back.
     */
    @Test
    void aBrowsersSimulcastByRidFollowsTheSubscribersPreferredLayers() throws Exception {
        Path dir = Files.createTempDirectory("xsfu-simulcast-it");
        try (LanTopology lan = LanTopology.builder().clients(0).rootPort(true).build()) {
            Tokens tokens = new Tokens(KEY);
            String server = lan.serverIpv4().getHostAddress();
            String origin = "http://" + server + ":" + PORT;
            ServerProcess sfu = start(lan, dir, origin);
            try (ChromiumBrowser alice = ChromiumBrowser.builder().secureOrigin(origin).start();
                 ChromiumBrowser bob = ChromiumBrowser.builder().secureOrigin(origin).start()) {
                alice.open(origin + "/call?simulcast=1&room=sim&token=" + token(tokens, "alice", Permission.PUBLISH));
                bob.open(origin + "/call?room=sim&token=" + token(tokens, "bob", Permission.SUBSCRIBE));
                for (ChromiumBrowser b : List.of(alice, bob)) {
                    b.awaitTrue("window.xsfu.state === 'connected' || window.xsfu.state === 'failed'", CONNECT);
                    assertEquals("connected", b.script("return window.xsfu.state"), () -> diagnostics(b, sfu));
                }
                String cam = "alice/video-1";
                awaitHeight(bob, cam, "=== 540", Duration.ofSeconds(60), sfu);
                bob.script("return window.xsfu.preferLayers('" + cam + "', 0)");
                awaitHeight(bob, cam, "=== 135", Duration.ofSeconds(15), sfu);
                // Back up: the estimate fell with the rate while only the quarter size flowed (an unused rate is no
                // evidence), so the SFU probes its way back before it switches.
                bob.script("return window.xsfu.preferLayers('" + cam + "', 2)");
                long asked = System.nanoTime();
                awaitHeight(bob, cam, "=== 540", Duration.ofSeconds(45), sfu);
                System.out.printf("browser simulcast: back to 540p %.1f s after the preference%n",
                        (System.nanoTime() - asked) / 1e9);
                long decoded = ((Number) video(bob, cam).get("framesDecoded")).longValue();
                bob.awaitTrue("window.xsfu.stats().then(s => s.video.some(v => v.producer === '" + cam
                        + "' && v.framesDecoded > " + (decoded + 60) + "))", Duration.ofSeconds(10));

                String metrics = new SignalingClient(lan.server()).get(URI.create(origin + "/metrics"), null);
                Matcher learned = Pattern.compile("^xsfu_rids_learned_total ([0-9.eE+]+)$", Pattern.MULTILINE)
                        .matcher(metrics);
                assertTrue(learned.find() && Double.parseDouble(learned.group(1)) >= 3,
                        "every encoding's SSRC learned from its RID:\n" + metrics);
                assertTrue(metric(metrics, "xsfu_producer_rx_packets_total", "ssrc=\"rid:q\"") > 100, metrics);
                assertTrue(metric(metrics, "xsfu_producer_rx_packets_total", "ssrc=\"rid:f\"") > 100, metrics);
                Map<String, Object> v = video(bob, cam);
                // Two browsers encoding and decoding on two cores drop a frame now and then when late; a switch the
                // decoder could not follow would show as its own keyframe requests.
                assertTrue(((Number) v.get("framesDropped")).longValue() * 100
                        <= 5 * ((Number) v.get("framesDecoded")).longValue(), "frames dropped: " + v);
                assertTrue(((Number) v.get("pliCount")).longValue() <= 2, "decoder keyframe requests: " + v);
                assertEquals(List.of(), bob.script("return window.xsfu.errors"));
                assertEquals(List.of(), alice.script("return window.xsfu.errors"));
            } finally {
                assertEquals(0, sfu.stop(), "SIGTERM is a clean exit:\n" + sfu.lastLines());
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Waits until the browser decodes the simulcast camera at a height that satisfies {@code test} (JS). */
    private static void awaitHeight(ChromiumBrowser b, String test, Duration timeout, ServerProcess sfu) {
        awaitHeight(b, CAM, test, timeout, sfu);
    }

    private static void awaitHeight(ChromiumBrowser b, String producer, String test, Duration timeout,
                                    ServerProcess sfu) {
        String condition = "window.xsfu.stats().then(s => s.video.some(v => v.producer === '" + producer
                + "' && v.framesDecoded > 0 && v.frameHeight " + test + "))";
        try {
            b.awaitTrue(condition, timeout);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("frame height never " + test + ": " + diagnostics(b, sfu), e);
        }
    }

    private static Map<String, Object> video(ChromiumBrowser b) {
        return video(b, CAM);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> video(ChromiumBrowser b, String producer) {
        return (Map<String, Object>) b.script("return window.xsfu.stats().then(s => s.video.find(v => v.producer === '"
                + producer + "'))");
    }

    private static long delta(Map<String, Object> after, Map<String, Object> before, String key) {
        return ((Number) after.get(key)).longValue() - ((Number) before.get(key)).longValue();
    }


    /**
     * The server for this test, on AF_XDP with its media on IPv4 only: each browser then has exactly one candidate
     * pair, so one UDP port names its downlink (both browsers share the root namespace's address; the shaper tells
     * them apart by port). Its /metrics go into failure messages.
     */
    private static ServerProcess start(LanTopology lan, Path dir, String origin) throws Exception {
        ServerProcess sfu = ServerFixture.startWithSignaling(lan, Backend.AFXDP, dir, KEY, PORT, true);
        metricsSource = () -> {
            try {
                return new SignalingClient(lan.server()).get(URI.create(origin + "/metrics"), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        return sfu;
    }

    private static String token(Tokens tokens, String who, Permission... permissions) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        set.addAll(List.of(permissions));
        return tokens.mint("sim", who, set, Duration.ofMinutes(10));
    }

    private static String diagnostics(ChromiumBrowser b, ServerProcess sfu) {
        String metrics;
        try {
            metrics = metricsSource == null ? "" : metricsSource.get().lines()
                    .filter(l -> l.matches("^xsfu_(participant_bwe|probe|bwe_|consumer_layer|rids|producer_rx_bytes|"
                            + "drops|consumer_tx_packets|consumer_retrans|consumer_nacks|rtcp_received|transport_feedback).*"))
                    .collect(java.util.stream.Collectors.joining("\n"));
        } catch (RuntimeException e) {
            metrics = e.toString();
        }
        return "limit " + limiter + "\nmetrics:\n" + metrics + "\n" + browserDiagnostics(b, sfu);
    }

    private static volatile RateLimit limiter;

    /** The server's /metrics, for failure messages. */
    private static volatile java.util.function.Supplier<String> metricsSource;

}
