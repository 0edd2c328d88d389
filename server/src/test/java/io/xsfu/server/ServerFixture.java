package io.xsfu.server;

import io.xsfu.config.Backend;
import io.xsfu.config.CountersConfig;
import io.xsfu.config.MediaConfig;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.RoomConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.metrics.CountersFile;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.Shell;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared set-up of the server integration tests: a config for a topology, and the kernel-side checks. */
final class ServerFixture {
    static final int PORT_MIN = 40000;
    static final int PORT_MAX = 40099;

    private ServerFixture() {
    }

    static XsfuConfig config(LanTopology lan, Backend backend, Path countersDir, ParticipantConfig... participants) {
        MediaConfig media = MediaConfig.of(lan.serverIfName(), PORT_MIN, PORT_MAX, lan.serverIpv4().getHostAddress(),
                lan.serverIpv6().getHostAddress());
        return XsfuConfig.of(media, RoomConfig.of("room", participants))
                .withBackend(backend)
                .withCounters(new CountersConfig(countersDir))
                .requireValid();
    }

    /** True when any XDP program is attached to the server's interface. */
    static boolean xdpAttached(LanTopology lan) {
        return lan.server().exec("ip", "-d", "link", "show", "dev", lan.serverIfName()).contains("prog/xdp");
    }

    /** The value of one counter of the server whose counters live in {@code dir}. */
    static long counter(Path dir, String label) {
        try (var files = Files.list(dir)) {
            Path file = files.filter(p -> p.toString().endsWith(CountersFile.SUFFIX)).findFirst().orElseThrow();
            try (CountersFile.View v = CountersFile.open(file)) {
                return v.value(label).orElseThrow(() -> new AssertionError("no counter " + label));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String ipLinkShow(LanTopology lan) {
        return Shell.run(lan.server().wrap(java.util.List.of("ip", "-d", "link", "show")));
    }

    /**
     * Starts the server in the topology's server namespace with signaling on {@code port} of its IPv4 address and the
     * token key {@code key} (in a file of {@code dir}, as operators keep it), a 1 s reconnect grace period, and its
     * media on both addresses or, with {@code ipv4Only}, on the IPv4 one (each browser then has one candidate pair).
     */
    static io.xsfu.server.demo.ServerProcess startWithSignaling(LanTopology lan, Backend backend, Path dir, String key,
                                                               int port, boolean ipv4Only) throws Exception {
        Path keyFile = dir.resolve("token.key");
        Files.writeString(keyFile, key + "\n");
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        XsfuConfig config = config(lan, backend, dir.resolve("counters"));
        if (ipv4Only) {
            config = config.withMedia(MediaConfig.of(lan.serverIfName(), PORT_MIN, PORT_MAX,
                    lan.serverIpv4().getHostAddress()));
        }
        config = config.withSignaling(io.xsfu.config.SignalingSettings.of(io.xsfu.config.TokenKeySource.file(keyFile))
                .withListen(lan.serverIpv4().getHostAddress(), port)
                .withLimits(io.xsfu.config.SignalingLimits.DEFAULTS.withGracePeriodSeconds(1)));
        Path configFile = dir.resolve("xsfu.json");
        Files.writeString(configFile, io.xsfu.config.ConfigWriter.toJson(config));
        return io.xsfu.server.demo.ServerProcess.start(lan.server(),
                java.util.List.of("serve", "--config", configFile.toString()), java.time.Duration.ofSeconds(60), false);
    }

    /** The sum of the Prometheus series of {@code name} whose labels contain {@code labelPart}, in /metrics text. */
    static long metric(String text, String name, String labelPart) {
        long sum = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^" + name + "\\{([^}]*)} ([0-9.eE+]+)$",
                java.util.regex.Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labelPart)) {
                sum += (long) Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Deletes a test's temporary directory and everything in it. */
    static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What a failed browser test needs to see: the page's state, errors, stats and console, and the server's log. */
    static String browserDiagnostics(io.xsfu.testbed.ChromiumBrowser b, io.xsfu.server.demo.ServerProcess sfu) {
        Object stats;
        try {
            stats = b.script("return window.xsfu.stats().then(s => JSON.stringify(s))");
        } catch (RuntimeException e) {
            stats = e.toString();
        }
        return "state " + b.script("return window.xsfu.state") + ", errors " + b.script("return window.xsfu.errors")
                + "\nstats " + stats + "\nconsole " + b.consoleLog() + "\nserver:\n" + sfu.lastLines();
    }
}
