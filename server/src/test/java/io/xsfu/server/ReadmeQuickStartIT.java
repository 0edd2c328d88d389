package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.testbed.Netns;
import io.xsfu.testbed.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's signaling quick start, word by word, as a new user would run it, from the repository root,
 * inside a network namespace of its own (so its 127.0.0.1 is nobody else's).
 */
class ReadmeQuickStartIT {
    private static final Pattern BLOCK = Pattern.compile("<!-- quickstart:begin -->\\s*```bash\\n(.*?)```\\s*<!-- quickstart:end -->",
            Pattern.DOTALL);

    @Test
    void theQuickStartWorksAsWritten() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Matcher m = BLOCK.matcher(Files.readString(root.resolve("README.md")));
        assertTrue(m.find(), "the README has a quick start block");
        Path script = Files.createTempFile("xsfu-quickstart-", ".sh");
        Files.writeString(script, "cd " + root + "\n" + m.group(1));
        try (Netns ns = Netns.create("qs")) {
            Shell.Result r = Shell.tryRun(ns.wrap(List.of("timeout", "120", "bash", script.toString())));
            String out = r.output();
            assertTrue(r.exitCode() == 0, "exit " + r.exitCode() + "\n" + out);
            assertTrue(out.contains("\"result\""), "xsfu ws printed responses\n" + out);
            assertTrue(out.contains("alice/cam"), "bob's join lists alice's camera\n" + out);
            assertTrue(out.contains("\"status\""), "/health answered\n" + out);
            assertTrue(counter(out, "xsfu_producer_rx_packets_total") > 100, out);
            assertTrue(counter(out, "xsfu_consumer_tx_packets_total") > 100, out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static long counter(String out, String name) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*} (\\d+)$", Pattern.MULTILINE).matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
