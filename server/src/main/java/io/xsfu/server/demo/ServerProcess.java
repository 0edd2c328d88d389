package io.xsfu.server.demo;

import io.xsfu.testbed.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code xsfu serve --config FILE} as a child process inside a namespace, started with this JVM's own
 * java binary and class path, exactly as the launcher would. Its log is echoed with a prefix.
 */
public final class ServerProcess {
    public static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseZGC");
    private final Process process;
    private final Deque<String> last = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);

    private final Thread reader;

    private ServerProcess(Process process, boolean echo) {
        this.process = process;
        this.reader = new Thread(() -> pump(echo), "xsfu-server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the server and waits until it reports ready (or exits, or the timeout passes). */
    public static ServerProcess start(Netns ns, Path config, Duration timeout) throws IOException, InterruptedException {
        return start(ns, List.of("serve", "--config", config.toString()), timeout, true);
    }

    public static ServerProcess start(Netns ns, List<String> args, Duration timeout, boolean echo)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.xsfu.server.Main");
        cmd.addAll(args);
        Process p = new ProcessBuilder(ns.wrap(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ServerProcess server = new ServerProcess(p, echo);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!server.ready.await(100, TimeUnit.MILLISECONDS)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                int code = server.stop();
                throw new IllegalStateException("xsfu did not start (exit " + code + "):\n" + server.lastLines());
            }
        }
        return server;
    }

    private void pump(boolean echo) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (last) {
                    last.addLast(line);
                    if (last.size() > 60) {
                        last.removeFirst();
                    }
                }
                if (echo) {
                    System.out.println("  xsfu| " + line);
                }
                if (line.startsWith("xsfu: ready")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL after 15 s; returns the exit code. */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            // The process is gone; let its last log lines (the shutdown) through before anyone prints more.
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL: no shutdown hooks (for tests of stale-state recovery). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    public String lastLines() {
        synchronized (last) {
            return String.join("\n", last);
        }
    }
}
