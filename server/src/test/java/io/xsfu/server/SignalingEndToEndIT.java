package io.xsfu.server;

import static io.xsfu.server.ServerFixture.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsfu.config.Backend;
import io.xsfu.config.ConfigWriter;
import io.xsfu.config.SignalingSettings;
import io.xsfu.config.TokenKeySource;
import io.xsfu.config.XsfuConfig;
import io.xsfu.server.demo.ServerProcess;
import io.xsfu.signaling.Permission;
import io.xsfu.signaling.Tokens;
import io.xsfu.testbed.GstPublisher;
import io.xsfu.testbed.GstSubscriber;
import io.xsfu.testbed.LanTopology;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A room made entirely through signaling, as an application would: a WebSocket client per participant
 * (in its own namespace), a GStreamer VP8 publisher sending to the port the server returned, a second
 * client consuming it for a GStreamer decoder; /metrics and /admin/rooms show the streams with matching
 * counts; a client that drops is cleaned up after the grace period; SIGTERM leaves no XDP program behind.
 */
class SignalingEndToEndIT {
    private static final int FRAMES = 150;
    private static final String KEY = "0123456789abcdef0123456789abcdef-integration-test-key";

    @Test
    void aRoomBuiltThroughSignalingCarriesRealVideo() throws Exception {
        Path dir = Files.createTempDirectory("xsfu-sig-it");
        Path keyFile = dir.resolve("token.key");
        Files.writeString(keyFile, KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            var pubHost = lan.client(0);
            var subHost = lan.client(1);
            String server = lan.serverIpv4().getHostAddress();
            XsfuConfig config = ServerFixture.config(lan, Backend.AFXDP, dir.resolve("counters"))
                    .withSignaling(SignalingSettings.of(TokenKeySource.file(keyFile)).withListen(server, 8080)
                            .withLimits(io.xsfu.config.SignalingLimits.DEFAULTS.withGracePeriodSeconds(1)));
            Path configFile = dir.resolve("xsfu.json");
            Files.writeString(configFile, ConfigWriter.toJson(config));
            URI ws = URI.create("ws://" + server + ":8080/ws");
            Tokens tokens = new Tokens(KEY);
            ServerProcess sfu = ServerProcess.start(lan.server(), List.of("serve", "--config", configFile.toString()),
                    Duration.ofSeconds(60), false);
            try (SignalingClient alice = new SignalingClient(pubHost.ns()).connect(ws);
                 SignalingClient bob = new SignalingClient(subHost.ns()).connect(ws);
                 GstSubscriber decoder = GstSubscriber.video(subHost.ns()).port(5004).start()) {
                alice.call("join", "{\"room\":\"live\",\"token\":\"" + tokens.mint("live", "alice",
                        EnumSet.of(Permission.PUBLISH), Duration.ofMinutes(5)) + "\"}");
                int port = alice.call("createTransport", "{\"comedia\":true}").get("port").asInt();
                alice.call("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":4444}");

                JsonNode joined = bob.call("join", "{\"room\":\"live\",\"token\":\"" + tokens.mint("live", "bob",
                        EnumSet.of(Permission.SUBSCRIBE), Duration.ofMinutes(5)) + "\"}");
                assertTrue(joined.toString().contains("alice/cam"), "bob sees alice's producer: " + joined);
                bob.call("createTransport", "{\"remote\":{\"address\":\"" + subHost.ipv4().getHostAddress() + "\",\"port\":5004}}");
                JsonNode consumer = bob.call("consume", "{\"producer\":\"alice/cam\"}");
                assertEquals(96, consumer.get("payloadType").asInt());
                assertFalse(consumer.get("ssrc").asLong() == 4444, "the consumer has an SSRC of its own");

                try (GstPublisher camera = GstPublisher.video(pubHost.ns()).destination(lan.serverIpv4(), port)
                        .bindPort(5002).ssrc(4444).frames(FRAMES).fps(30).start()) {
                    camera.awaitFinished(Duration.ofSeconds(30));
                }
                assertTrue(decoder.awaitFrames((long) Math.ceil(FRAMES * 0.9), Duration.ofSeconds(10)),
                        "decoded " + decoder.framesDecoded() + " of " + FRAMES + "\n" + decoder.diagnostics());
                assertTrue(alice.events().stream().anyMatch(e -> e.toString().contains("participantJoined")
                        && e.toString().contains("bob")), "alice heard bob join: " + alice.events());

                // The counts the operator sees match: producer packets in, consumer packets out.
                String metrics = bob.get(URI.create("http://" + server + ":8080/metrics"), null);
                long in = metric(metrics, "xsfu_producer_rx_packets_total", "producer=\"cam\"");
                long out = metric(metrics, "xsfu_consumer_tx_packets_total", "participant=\"bob\"");
                assertTrue(in > FRAMES, "packets in: " + in);
                assertEquals(in, out, "every packet of alice's camera went to bob once");
                String admin = bob.get(URI.create("http://" + server + ":8080/admin/rooms"),
                        tokens.mint("live", "ops", EnumSet.of(Permission.ADMIN), Duration.ofMinutes(5)));
                JsonNode rooms = new ObjectMapper().readTree(admin);
                assertTrue(rooms.toString().contains("alice/cam"), admin);

                alice.abort();
                Thread.sleep(2500); // the grace period is 1 s
                String after = bob.get(URI.create("http://" + server + ":8080/admin/rooms"),
                        tokens.mint("live", "ops", EnumSet.of(Permission.ADMIN), Duration.ofMinutes(5)));
                assertFalse(after.contains("\"alice\""), "alice was cleaned up: " + after);
                assertTrue(bob.events().stream().anyMatch(e -> e.toString().contains("producerClosed")),
                        "bob was told: " + bob.events());
            } finally {
                assertEquals(0, sfu.stop(), "SIGTERM is a clean exit:\n" + sfu.lastLines());
            }
            assertFalse(ServerFixture.xdpAttached(lan), "no XDP program left after SIGTERM");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
