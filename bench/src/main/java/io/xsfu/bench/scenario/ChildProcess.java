package io.xsfu.bench.scenario;

import io.xsfu.testbed.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process in a namespace ({@code ip netns exec}, which execs: the pid is the program's), its
 * output in a log file; waits for a line that says it is ready and stops it with SIGTERM, then SIGKILL.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private boolean closed;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, Netns ns, List<String> command) {
        try {
            Path log = Files.createTempFile("xsfu-bench-" + name + "-", ".log");
            Process p = new ProcessBuilder(ns.wrap(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ChildProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Waits until the log has a line containing {@code marker}; throws with the log when it exits or times out. */
    void awaitLine(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (status " + process.exitValue() + ") before '" + marker
                        + "':\n" + tail());
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s:\n" + tail());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of the log, for error messages. */
    String tail() {
        String[] lines = logText().split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A temporary file left in /tmp.
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
