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
}
