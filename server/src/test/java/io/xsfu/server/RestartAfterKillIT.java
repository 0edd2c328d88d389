package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.config.ConfigWriter;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.server.demo.ServerProcess;
import io.xsfu.testbed.LanTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL cannot detach its XDP program; the next start must find it, remove it and
 * attach its own; a clean stop (SIGTERM) leaves nothing attached.
 */
class RestartAfterKillIT {
    private static final Pattern PROG = Pattern.compile("prog/xdp id (\\d+)");

    @Test
    void theNextStartRemovesTheProgramAKilledServerLeftBehind() throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        Path config = Files.createTempFile("xsfu-it-", ".json");
        try (LanTopology lan = LanTopology.builder().clients(1).build()) {
            Files.writeString(config, ConfigWriter.toJson(ServerFixture.config(lan, Backend.AFXDP, counters,
                    ParticipantConfig.of("a", 40000, RemoteConfig.comedia()).withSend(false))));
            ServerProcess first = null;
            ServerProcess second = null;
            try {
                first = ServerProcess.start(lan.server(), List.of("serve", "--config", config.toString()),
                        Duration.ofSeconds(60), false);
                String staleId = programId(lan);
                first.kill();
                assertEquals(staleId, programId(lan), "SIGKILL leaves the program attached");

                second = ServerProcess.start(lan.server(), List.of("serve", "--config", config.toString()),
                        Duration.ofSeconds(60), false);
                assertTrue(!programId(lan).equals(staleId), "the stale program was replaced");
                assertTrue(second.lastLines().contains("left by an xsfu process that did not shut down"),
                        "the removal is logged:\n" + second.lastLines());
                assertEquals(0, second.stop(), "SIGTERM is a clean exit:\n" + second.lastLines());
                assertFalse(ServerFixture.xdpAttached(lan), "nothing attached after a clean stop");
            } finally {
                // Never leave a server behind, whatever failed above.
                for (ServerProcess p : new ServerProcess[] {first, second}) {
                    if (p != null && p.isAlive()) {
                        p.kill();
                    }
                }
            }
        } finally {
            Files.deleteIfExists(config);
            try (var files = Files.list(counters)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(counters);
        }
    }

    private static String programId(LanTopology lan) {
        Matcher m = PROG.matcher(lan.server().exec("ip", "-d", "link", "show", "dev", lan.serverIfName()));
        assertTrue(m.find(), "an XDP program is attached");
        return m.group(1);
    }
}
