package io.xsfu.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion and returns its output; a non-zero exit is an exception with the output. */
public final class Shell {
    private Shell() {
    }

    public static String run(String... command) {
        return run(List.of(command));
    }

    public static String run(List<String> command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): "
                    + String.join(" ", command) + "\n" + r.output());
        }
        return r.output();
    }

    /** Runs with {@code stdin} as standard input (for {@code ip -batch -}); throws on a non-zero exit. */
    public static String run(List<String> command, String stdin) {
        Result r = tryRun(command, stdin);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): "
                    + String.join(" ", command) + "\n" + stdin + "\n" + r.output());
        }
        return r.output();
    }

    /** Runs and returns exit code and combined output, never throwing on a non-zero exit. */
    public static Result tryRun(List<String> command) {
        return tryRun(command, "");
    }

    public static Result tryRun(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Small inputs only (batches of ip commands): written before reading so nothing blocks on a full pipe.
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    public record Result(int exitCode, String output) {
    }
}
