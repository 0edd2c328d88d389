package io.xsfu.server;

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
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.Netns;
import io.xsfu.testbed.RtpPackets;
import io.xsfu.testbed.UdpSender;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Active speaker detection end to end: two publishers in their own namespaces send Opus-timed RTP (20 ms) with
 * RFC 6464 levels to the server run as users run it, one loud and one near silent; a third participant's
 * signaling client is told the loud one speaks, and after the two swap volumes, the other. /metrics and
 * /admin/rooms show the change count, the levels and the speaker.
 *
 * <p>The packets are built here, not by GStreamer: Debian 12's GStreamer 1.22 negotiates the extension
 * ({@code rtpopuspay} with {@code extmap-1=urn:ietf:params:rtp-hdrext:ssrc-audio-level} in its caps) but writes
 * nothing, as no element of its plugins attaches the audio level meta the extension writer reads.
 */
class ActiveSpeakerIT {
    private static final String KEY = "0123456789abcdef0123456789abcdef-integration-test-key";
    private static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final int EXT_ID = 1;
    private static final int LOUD = 20;
    private static final int QUIET = 100;

    @Test
    void theLoudPublisherIsNamedAndTheOtherAfterTheySwap() throws Exception {
        Path dir = Files.createTempDirectory("xsfu-speaker-it");
        Path keyFile = dir.resolve("token.key");
        Files.writeString(keyFile, KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (LanTopology lan = LanTopology.builder().clients(3).build()) {
            String server = lan.serverIpv4().getHostAddress();
            XsfuConfig config = ServerFixture.config(lan, Backend.AFXDP, dir.resolve("counters"))
                    .withSignaling(SignalingSettings.of(TokenKeySource.file(keyFile)).withListen(server, 8080));
            Path configFile = dir.resolve("xsfu.json");
            Files.writeString(configFile, ConfigWriter.toJson(config));
            URI ws = URI.create("ws://" + server + ":8080/ws");
            Tokens tokens = new Tokens(KEY);
            ServerProcess sfu = ServerProcess.start(lan.server(), List.of("serve", "--config", configFile.toString()),
                    Duration.ofSeconds(60), false);
            try (SignalingClient alice = new SignalingClient(lan.client(0).ns()).connect(ws);
                 SignalingClient bob = new SignalingClient(lan.client(1).ns()).connect(ws);
                 SignalingClient carol = new SignalingClient(lan.client(2).ns()).connect(ws)) {
                int alicePort = publish(alice, tokens, "alice", 1111);
                int bobPort = publish(bob, tokens, "bob", 2222);
                carol.call("join", "{\"room\":\"talk\",\"token\":\"" + tokens.mint("talk", "carol",
                        EnumSet.of(Permission.SUBSCRIBE), Duration.ofMinutes(5)) + "\"}");

                try (LevelSender a = new LevelSender(lan.client(0).ns(), new InetSocketAddress(lan.serverIpv4(), alicePort), 1111, LOUD);
                     LevelSender b = new LevelSender(lan.client(1).ns(), new InetSocketAddress(lan.serverIpv4(), bobPort), 2222, QUIET)) {
                    JsonNode first = awaitSpeaker(carol, 0, Duration.ofSeconds(10));
                    assertEquals("alice", first.path("participant").asText(), "the loud one: " + carol.events());
                    assertEquals("alice/mic", first.path("producer").asText());
                    int level = first.path("level").asInt();
                    assertTrue(level <= -LOUD + 3 && level >= -LOUD - 10, "alice's level in dBov: " + level);
                    Thread.sleep(1500);
                    assertEquals(1, speakerEvents(carol).size(), "no flapping while nothing changes: " + carol.events());

                    a.level.set(QUIET);
                    b.level.set(LOUD);
                    JsonNode second = awaitSpeaker(carol, 1, Duration.ofSeconds(10));
                    assertEquals("bob", second.path("participant").asText(), "after the swap: " + carol.events());
                    assertTrue(alice.events().stream().anyMatch(e -> e.path("event").asText().equals("activeSpeaker")),
                            "every member is told, the speakers too: " + alice.events());

                    String metrics = carol.get(URI.create("http://" + server + ":8080/metrics"), null);
                    assertTrue(value(metrics, "xsfu_active_speaker_changes_total", "") >= 2, metrics);
                    assertTrue(value(metrics, "xsfu_audio_level_dbov", "participant=\"bob\"") > -LOUD - 10, metrics);
                    assertTrue(value(metrics, "xsfu_audio_level_dbov", "participant=\"alice\"") < -QUIET + 10, metrics);
                    assertTrue(value(metrics, "xsfu_producer_audio_level_packets_total", "participant=\"alice\"") > 100, metrics);
                    assertEquals(0, value(metrics, "xsfu_audio_level_malformed_total", ""), metrics);
                    JsonNode rooms = new ObjectMapper().readTree(carol.get(URI.create("http://" + server + ":8080/admin/rooms"),
                            tokens.mint("talk", "ops", EnumSet.of(Permission.ADMIN), Duration.ofMinutes(5))));
                    JsonNode talk = rooms.path("rooms").get(0);
                    assertEquals("bob", talk.path("activeSpeaker").path("participant").asText(), rooms.toString());
                }
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

    /** Joins, opens a comedia transport that negotiated the audio level extension, produces Opus; returns the port. */
    private static int publish(SignalingClient client, Tokens tokens, String who, int ssrc) throws Exception {
        client.call("join", "{\"room\":\"talk\",\"token\":\"" + tokens.mint("talk", who,
                EnumSet.of(Permission.PUBLISH, Permission.SUBSCRIBE), Duration.ofMinutes(5)) + "\"}");
        int port = client.call("createTransport", "{\"comedia\":true,\"headerExtensions\":[{\"id\":" + EXT_ID
                + ",\"uri\":\"" + AUDIO_LEVEL + "\"}]}").get("port").asInt();
        client.call("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,\"ssrc\":"
                + ssrc + "}");
        return port;
    }

    private static List<JsonNode> speakerEvents(SignalingClient client) {
        return client.events().stream().filter(e -> e.path("event").asText().equals("activeSpeaker"))
                .map(e -> e.path("data")).toList();
    }

    private static JsonNode awaitSpeaker(SignalingClient client, int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> events = speakerEvents(client);
            if (events.size() > index) {
                return events.get(index);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no activeSpeaker event #" + (index + 1) + " within " + timeout + ": " + client.events());
    }

    /** The sum of a metric's samples whose labels contain {@code labelPart} (a metric without labels too). */
    private static double value(String text, String name, String labelPart) {
        double sum = 0;
        Matcher m = Pattern.compile("^" + name + "(\\{([^}]*)})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            if (m.group(2) == null ? labelPart.isEmpty() : m.group(2).contains(labelPart)) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    /**
     * An Opus-timed publisher: every 20 ms one RTP packet with a one-byte header extension carrying the current
     * {@link #level} (-dBov, V set when above the speech floor), timestamps advancing 960 ticks at 48 kHz.
     */
    private static final class LevelSender implements AutoCloseable {
        final AtomicInteger level;
        private final UdpSender sender;
        private final Thread thread;
        private volatile boolean running = true;

        LevelSender(Netns ns, InetSocketAddress to, int ssrc, int initialLevel) {
            this.level = new AtomicInteger(initialLevel);
            this.sender = UdpSender.open(ns, 0);
            this.thread = Thread.ofPlatform().daemon().name("level-sender-" + ssrc).start(() -> {
                long next = System.nanoTime();
                for (int i = 0; running; i++) {
                    sender.send(packet(ssrc, i, level.get()), to);
                    next += 20_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            });
        }

        static byte[] packet(int ssrc, int i, int level) {
            byte[] payload = RtpPackets.patternPayload(i, 60);
            byte[] p = new byte[RtpPackets.HEADER_LENGTH + 8 + payload.length];
            RtpPackets.writeHeader(p, 0, RtpPackets.VERSION, 0, ssrc, 111, i & 0xFFFF, 960L * i, false);
            p[0] |= 0x10; // X: a header extension follows
            p[12] = (byte) 0xBE;
            p[13] = (byte) 0xDE;
            p[15] = 1; // one 32-bit word of elements
            p[16] = (byte) (EXT_ID << 4); // length field 0: one byte of data
            p[17] = (byte) ((level < 60 ? 0x80 : 0) | level);
            System.arraycopy(payload, 0, p, RtpPackets.HEADER_LENGTH + 8, payload.length);
            return p;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
            sender.close();
        }
    }
}
