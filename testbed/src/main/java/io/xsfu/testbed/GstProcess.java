package io.xsfu.testbed;

import io.xsfu.sys.Libc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code gst-launch-1.0 -e -v} process inside a namespace. It counts the buffers that reach one named element
 * (each prints a "last-message = chain" line when that element has {@code silent=false}), remembers the last lines
 * of stdout and stderr for failure messages, and is killed on {@link #close()} or, as a last resort, by a shutdown
 * hook. {@code ip netns exec} and {@code stdbuf} both exec, so {@link #pid()} is gst-launch's own pid.
 * Further {@link LineProbe}s count other lines (keyframes, a second stream) and keep the last one that matched
 * (an element's {@code stats} notification).
 */
public final class GstProcess implements AutoCloseable {
    private static final Set<GstProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final int KEPT_LINES = 40;
    private static final Duration EXIT_GRACE = Duration.ofSeconds(2);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (GstProcess p : LIVE) {
                p.process.destroyForcibly();
            }
        }, "xsfu-gst-cleanup"));
    }

    /**
     * Lines of interest in the {@code -v} output, by name: each has a count, the time the first one was read and the
     * last one. {@link #chain} matches the buffers reaching an element with {@code silent=false}.
     */
    public record LineProbe(String name, Predicate<String> matches) {
        public static LineProbe chain(String name, String element) {
            String marker = chainLine(element);
            return new LineProbe(name, line -> line.contains(marker));
        }

        /** The buffers reaching {@code element} whose line also satisfies {@code line} (e.g. names a buffer flag). */
        public static LineProbe chainWith(String name, String element, Predicate<String> line) {
            String marker = chainLine(element);
            return new LineProbe(name, l -> l.contains(marker) && line.test(l));
        }
    }

    private static final class ProbeState {
        final LineProbe probe;
        long count;
        long firstNanos;
        String last;

        ProbeState(LineProbe probe) {
            this.probe = probe;
        }
    }

    private final String label;
    private final List<String> command;
    private final String chainMarker;
    private final Process process;
    private final ArrayDeque<String> stdoutTail = new ArrayDeque<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Object lock = new Object();
    private final Map<String, ProbeState> probes = new LinkedHashMap<>();
    private final long startNanos;
    private long count;
    private long firstCountNanos;
    private boolean eos;
    private boolean playing;

    private GstProcess(Netns ns, String label, String pipeline, String countedElement, List<LineProbe> lineProbes) {
        this.label = label;
        for (LineProbe p : lineProbes) {
            if (probes.put(p.name(), new ProbeState(p)) != null) {
                throw new IllegalArgumentException("two probes named " + p.name());
            }
        }
        List<String> gst = new ArrayList<>(List.of("stdbuf", "-oL", "gst-launch-1.0", "-e", "-v"));
        // gst-launch joins its arguments with spaces and parses the result, so splitting here loses nothing.
        gst.addAll(Arrays.asList(pipeline.trim().split("\\s+")));
        this.command = ns.wrap(gst);
        this.chainMarker = chainLine(countedElement);
        this.startNanos = System.nanoTime();
        try {
            this.process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        LIVE.add(this);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // stdin is unused; failing to close it changes nothing.
        }
        this.stdoutReader = reader(process.getInputStream(), stdoutTail, "out");
        this.stderrReader = reader(process.getErrorStream(), stderrTail, "err");
    }

    /**
     * Starts {@code gst-launch-1.0 -e -v <pipeline>} in {@code ns}. {@code countedElement} names an element of the
     * pipeline with {@code silent=false} (an identity or a fakesink) whose buffers {@link #count()} counts.
     */
    public static GstProcess start(Netns ns, String label, String pipeline, String countedElement) {
        return new GstProcess(ns, label, pipeline, countedElement, List.of());
    }

    /** As {@link #start(Netns, String, String, String)}, also counting the lines each probe matches. */
    public static GstProcess start(Netns ns, String label, String pipeline, String countedElement,
                                   List<LineProbe> probes) {
        return new GstProcess(ns, label, pipeline, countedElement, probes);
    }

    private static String chainLine(String element) {
        return ":" + element + ": last-message = chain";
    }

    private Thread reader(InputStream in, ArrayDeque<String> tail, String stream) {
        return Thread.ofPlatform().daemon().name("gst-" + label + "-" + stream).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    onLine(line, tail);
                }
            } catch (IOException e) {
                onLine("[reader failed: " + e + "]", tail);
            }
        });
    }

    private void onLine(String line, ArrayDeque<String> tail) {
        long now = System.nanoTime();
        synchronized (lock) {
            for (ProbeState p : probes.values()) {
                if (p.probe.matches().test(line)) {
                    if (p.count++ == 0) {
                        p.firstNanos = now;
                    }
                    p.last = line;
                }
            }
            if (line.contains(chainMarker)) {
                if (count++ == 0) {
                    firstCountNanos = now;
                }
            } else if (line.startsWith("Got EOS from element")) {
                eos = true;
            } else if (line.startsWith("Setting pipeline to PLAYING")) {
                playing = true;
            }
            tail.addLast(line.length() > 300 ? line.substring(0, 300) + "..." : line);
            if (tail.size() > KEPT_LINES) {
                tail.removeFirst();
            }
            lock.notifyAll();
        }
    }

    /** Buffers that reached the counted element so far. */
    public long count() {
        synchronized (lock) {
            return count;
        }
    }

    /** Waits until {@link #count()} reaches {@code n}; false on timeout or if the process ended first. */
    public boolean awaitCount(long n, Duration timeout) throws InterruptedException {
        return awaitCount(null, n, timeout);
    }

    /** Lines the named probe matched so far. */
    public long count(String probe) {
        synchronized (lock) {
            return state(probe).count;
        }
    }

    /**
     * Waits until the named probe (or, for {@code null}, the counted element) reaches {@code n}; false on timeout or
     * if the process ended first.
     */
    public boolean awaitCount(String probe, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            ProbeState p = probe == null ? null : state(probe);
            while ((p == null ? count : p.count) < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !stdoutReader.isAlive())) {
                    return count >= n;
                }
                lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
            return true;
        }
    }

    /** The last line the named probe matched (e.g. the latest statistics an element notified). */
    public Optional<String> lastMatch(String probe) {
        synchronized (lock) {
            return Optional.ofNullable(state(probe).last);
        }
    }

    /** How long after the process was started the named probe first matched; empty until it has. */
    public Optional<Duration> firstMatchAfterStart(String probe) {
        synchronized (lock) {
            ProbeState p = state(probe);
            return p.count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(p.firstNanos - startNanos));
        }
    }

    /** How long after the process was started the first buffer reached the counted element; empty until one has. */
    public Optional<Duration> firstCountAfterStart() {
        synchronized (lock) {
            return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstCountNanos - startNanos));
        }
    }

    private ProbeState state(String probe) {
        ProbeState p = probes.get(probe);
        if (p == null) {
            throw new IllegalArgumentException("no probe named " + probe + " (have " + probes.keySet() + ")");
        }
        return p;
    }

    /**
     * Waits until the pipeline is set to PLAYING; by then every source is open (a udpsrc's port is bound during
     * the earlier NULL to READY change). False on timeout or exit.
     */
    public boolean awaitPlaying(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!playing) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    return playing;
                }
                lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
            return true;
        }
    }

    /** Whether the pipeline reported end of stream (a clean end: num-buffers reached, or EOS after SIGINT). */
    public boolean sawEos() {
        synchronized (lock) {
            return eos;
        }
    }

    /** Waits for the process to exit and its output to be read; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        stdoutReader.join(EXIT_GRACE);
        stderrReader.join(EXIT_GRACE);
        LIVE.remove(this);
        return true;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time (user + system, all threads) used so far; empty once the process has exited. */
    public java.util.Optional<Duration> cpuTime() {
        return process.info().totalCpuDuration();
    }

    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Ends the pipeline the way a user would: SIGINT, on which {@code -e} sends EOS through it so sinks see every
     * buffer already received; after {@code grace} SIGTERM, then SIGKILL. Returns the exit code.
     */
    public int stop(Duration grace) {
        try {
            if (process.isAlive()) {
                Libc.kill((int) process.pid(), Libc.SIGINT);
                if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                    process.destroy();
                    if (!process.waitFor(1, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
            awaitExit(EXIT_GRACE);
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted stopping " + label, e);
        }
    }

    /** The command, exit state and last lines of both streams: for failure messages. */
    public String diagnostics() {
        StringBuilder s = new StringBuilder();
        s.append(label).append(": ").append(String.join(" ", command)).append('\n');
        synchronized (lock) {
            s.append("  counted ").append(count).append(", eos=").append(eos).append(", ")
                    .append(process.isAlive() ? "running" : "exit " + process.exitValue()).append('\n');
            s.append("  --- stderr (last ").append(stderrTail.size()).append(" lines)\n");
            stderrTail.forEach(l -> s.append("  ").append(l).append('\n'));
            s.append("  --- stdout (last ").append(stdoutTail.size()).append(" lines)\n");
            stdoutTail.forEach(l -> s.append("  ").append(l).append('\n'));
        }
        return s.toString();
    }

    public List<String> command() {
        return command;
    }

    @Override
    public void close() {
        stop(EXIT_GRACE);
    }

    @Override
    public String toString() {
        return label + "[pid " + process.pid() + "]";
    }
}
