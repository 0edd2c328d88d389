package io.xsfu.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.bench.load.RtpLoadGenerator;
import io.xsfu.testbed.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Janus (Debian's {@code janus}, VideoRoom plugin) as a peer SFU, set up as the reference's {@code janus.sh}
 * does: each publisher is a plain-RTP "remote publisher" (one VP8 stream; Janus tells the port to send to
 * and expects SSRC {@value #SSRC}), forwarded to every subscriber with one {@code rtp_forward} per
 * subscriber and publisher. Janus is driven through its HTTP API on the server namespace's loopback.
 */
final class JanusForwarder implements RunningForwarder {
    static final String PLUGINS = "/usr/lib/x86_64-linux-gnu/janus";
    /** Janus maps a remote publisher's stream with mindex 0 to this SSRC. */
    static final int SSRC = 1000;
    private static final int ROOM = 4242;
    private static final int FIRST_PUBLISHER_ID = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final Path dir;
    private final BenchTopology topology;
    private final List<RtpLoadGenerator.Publisher> publishers = new ArrayList<>();
    private String version = "";
    private boolean closed;

    private JanusForwarder(ChildProcess process, Path dir, BenchTopology topology) {
        this.process = process;
        this.dir = dir;
        this.topology = topology;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/janus")) && Files.isDirectory(Path.of(PLUGINS, "plugins"));
    }

    static JanusForwarder start(BenchTopology topology, Scenario s) {
        Path dir;
        try {
            dir = Files.createTempDirectory("xsfu-bench-janus-");
            writeConfig(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess p = ChildProcess.start("janus", topology.sfu(), List.of("janus", "-C",
                dir.resolve("janus.jcfg").toString(), "-F", dir.toString(), "-L", dir.resolve("janus.log").toString()));
        JanusForwarder f = new JanusForwarder(p, dir, topology);
        try {
            f.setUp(s);
        } catch (RuntimeException e) {
            String log = p.tail();
            f.close();
            throw new IllegalStateException("Janus set-up failed: " + e.getMessage() + "\n" + log, e);
        }
        return f;
    }

    private static void writeConfig(Path dir) throws IOException {
        String disabledPlugins = String.join(",", List.of("libjanus_audiobridge.so", "libjanus_duktape.so",
                "libjanus_echotest.so", "libjanus_lua.so", "libjanus_nosip.so", "libjanus_recordplay.so", "libjanus_sip.so",
                "libjanus_streaming.so", "libjanus_textroom.so", "libjanus_videocall.so", "libjanus_voicemail.so"));
        String disabledTransports = String.join(",", List.of("libjanus_websockets.so", "libjanus_mqtt.so",
                "libjanus_nanomsg.so", "libjanus_rabbitmq.so", "libjanus_pfunix.so"));
        Files.writeString(dir.resolve("janus.jcfg"), """
                general: {
                  configs_folder = "%1$s"
                  plugins_folder = "%2$s/plugins"
                  transports_folder = "%2$s/transports"
                  events_folder = "%2$s/events"
                  loggers_folder = "%2$s/loggers"
                  debug_level = 3
                  session_timeout = 0
                }
                media: { rtp_port_range = "20000-20999" }
                plugins: { disable = "%3$s" }
                transports: { disable = "%4$s" }
                loggers: { disable = "libjanus_jsonlog.so" }
                """.formatted(dir, PLUGINS, disabledPlugins, disabledTransports));
        Files.writeString(dir.resolve("janus.transport.http.jcfg"), """
                general: { json = "compact" base_path = "/janus" http = true port = 8088 ip = "127.0.0.1" https = false }
                admin: { admin_http = false }
                """);
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), "general: { }\n");
    }

    private void setUp(Scenario s) {
        JsonNode info = null;
        for (int i = 0; i < 100 && info == null; i++) {
            info = tryApi("", "{\"janus\":\"info\",\"transaction\":\"i\"}");
            if (info == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("janus exited");
                }
                ChildProcess.sleep(100);
            }
        }
        if (info == null) {
            throw new IllegalStateException("the HTTP API did not answer");
        }
        version = info.path("version_string").asText("");
        long session = api("", "{\"janus\":\"create\",\"transaction\":\"c\"}").path("data").path("id").asLong();
        long handle = api("/" + session, "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"transaction\":\"a\"}")
                .path("data").path("id").asLong();
        String path = "/" + session + "/" + handle;
        message(path, "{\"request\":\"create\",\"room\":" + ROOM + ",\"publishers\":" + Math.max(s.publishers(), 1) + "}");
        for (int p = 0; p < s.publishers(); p++) {
            JsonNode r = message(path, "{\"request\":\"add_remote_publisher\",\"room\":" + ROOM + ",\"id\":"
                    + (FIRST_PUBLISHER_ID + p) + ",\"display\":\"load" + p + "\",\"iface\":\"" + BenchTopology.SFU_ADDRESS
                    + "\",\"streams\":[{\"type\":\"video\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"vp8\"}]}");
            int port = r.path("plugindata").path("data").path("port").asInt(0);
            if (port == 0) {
                throw new IllegalStateException("add_remote_publisher gave no port: " + r);
            }
            publishers.add(new RtpLoadGenerator.Publisher(SSRC, BenchTopology.sfuPort(port)));
        }
        for (int p = 0; p < s.publishers(); p++) {
            for (int j = 0; j < s.fanout(); j++) {
                JsonNode r = message(path, "{\"request\":\"rtp_forward\",\"room\":" + ROOM + ",\"publisher_id\":"
                        + (FIRST_PUBLISHER_ID + p) + ",\"host\":\"" + BenchTopology.CLIENT_ADDRESS
                        + "\",\"streams\":[{\"mid\":\"0\",\"port\":" + (BenchTopology.FIRST_SUBSCRIBER_PORT + j) + "}]}");
                if (!r.path("plugindata").path("data").has("forwarders")) {
                    throw new IllegalStateException("rtp_forward failed: " + r);
                }
            }
        }
    }

    private JsonNode message(String path, String body) {
        ObjectNode m = JSON.createObjectNode();
        m.put("janus", "message");
        m.put("transaction", "m");
        try {
            m.set("body", JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode r = api(path, m.toString());
        JsonNode data = r.path("plugindata").path("data");
        if (data.has("error")) {
            throw new IllegalStateException("Janus refused " + body + ": " + data.path("error").asText());
        }
        return r;
    }

    private JsonNode api(String path, String body) {
        JsonNode r = tryApi(path, body);
        if (r == null) {
            throw new IllegalStateException("no answer to " + body);
        }
        if ("error".equals(r.path("janus").asText())) {
            throw new IllegalStateException("Janus error for " + body + ": " + r.path("error"));
        }
        return r;
    }

    private JsonNode tryApi(String path, String body) {
        Shell.Result r = topology.sfu().tryExec("curl", "-s", "-m", "5", "-X", "POST", "http://127.0.0.1:8088/janus" + path,
                "-H", "Content-Type: application/json", "-d", body);
        if (r.exitCode() != 0 || r.output().isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(r.output());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public ForwarderKind kind() {
        return ForwarderKind.JANUS;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<RtpLoadGenerator.Publisher> publishers() {
        return List.copyOf(publishers);
    }

    @Override
    public String notes() {
        return version.isEmpty() ? "" : "Janus " + version;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left in /tmp.
        }
    }
}
