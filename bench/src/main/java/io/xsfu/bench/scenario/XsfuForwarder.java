package io.xsfu.bench.scenario;

import io.xsfu.bench.load.RtpLoadGenerator;
import io.xsfu.metrics.CountersFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * xsfu started the way users start it: {@code java ... io.xsfu.server.Main serve --config X} in the server
 * namespace, with the launcher's JVM flags and the {@code busy-spin} idle strategy, ready when it prints
 * {@code xsfu: ready}. The class path is this JVM's (it holds the server and its libraries). Extra JVM flags for
 * profiling come from the environment variable {@code XSFU_BENCH_SERVER_JVM_FLAGS}.
 */
final class XsfuForwarder implements RunningForwarder {
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseZGC", "-Xlog:disable");

    private static final String DROPS = "xsfu_drops_total{reason=\"";

    private final ForwarderKind kind;
    private final ChildProcess process;
    private final Path workDir;
    private final List<RtpLoadGenerator.Publisher> publishers;
    private boolean closed;

    private XsfuForwarder(ForwarderKind kind, ChildProcess process, Path workDir, List<RtpLoadGenerator.Publisher> publishers) {
        this.kind = kind;
        this.process = process;
        this.workDir = workDir;
        this.publishers = publishers;
    }

    static XsfuForwarder start(ForwarderKind kind, BenchTopology topology, Scenario s) {
        Path dir;
        try {
            dir = Files.createTempDirectory("xsfu-bench-xsfu-");
            Files.writeString(dir.resolve("config.json"), XsfuConfig.json(s, kind.backend(), dir.resolve("counters").toString(),
                    kind.srtp()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        // For profiling runs, e.g. -XX:StartFlightRecording=... or -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit.
        String extra = System.getenv("XSFU_BENCH_SERVER_JVM_FLAGS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.xsfu.server.Main", "serve", "--config",
                dir.resolve("config.json").toString()));
        ChildProcess p = ChildProcess.start(kind.label(), topology.sfu(), cmd);
        List<RtpLoadGenerator.Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < s.publishers(); i++) {
            pubs.add(new RtpLoadGenerator.Publisher(XsfuConfig.ssrc(i), BenchTopology.sfuPort(XsfuConfig.publisherPort(i)),
                    kind.srtp() ? XsfuConfig.publisherKey(i) : null));
        }
        XsfuForwarder f = new XsfuForwarder(kind, p, dir, List.copyOf(pubs));
        try {
            p.awaitLine("xsfu: ready", Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    @Override
    public ForwarderKind kind() {
        return kind;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<RtpLoadGenerator.Publisher> publishers() {
        return publishers;
    }

    /**
     * The forwarding agent alone on the server CPU, the JVM's other threads (control, JIT, GC, neighbour
     * resolver) on the other one, as one deploys a busy-polling data plane: otherwise they preempt the agent
     * for a scheduler slice now and then, which shows as milliseconds in the latency tail.
     */
    @Override
    public void pin(int serverCpu, int otherCpu) {
        BenchTopology.pinProcess(pid(), otherCpu);
        int agents = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (comm.startsWith("xsfu-forwarder")) {
                    BenchTopology.pinThread(Integer.parseInt(task.getFileName().toString()), serverCpu);
                    agents++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (agents == 0) {
            throw new IllegalStateException("no xsfu-forwarder thread found in process " + pid());
        }
    }

    @Override
    public String notes() {
        String log = process.logText();
        String mode = log.contains("copy mode") ? "AF_XDP copy mode; " : "";
        String srtp = kind.srtp() ? "SRTP " + XsfuConfig.SRTP_SUITE + " both ways, stamp in a header extension; " : "";
        return mode + srtp + "agent thread alone on the server CPU" + drops();
    }

    /**
     * The server's drop counters that moved during the run (read from its counters file while it runs): where
     * copies went missing inside xsfu, e.g. an SRTP stream whose index could not be tracked any more after more
     * than 2^15 consecutive packets were lost in front of it (RFC 3711 3.3.1), which shows as srtp_auth_failed.
     */
    private String drops() {
        try (Stream<Path> files = Files.list(workDir.resolve("counters"))) {
            Path file = files.filter(f -> f.toString().endsWith(CountersFile.SUFFIX)).findFirst().orElse(null);
            if (file == null) {
                return "";
            }
            try (CountersFile.View v = CountersFile.open(file)) {
                String moved = v.entries().stream().filter(e -> e.value() != 0 && e.label().startsWith(DROPS))
                        .map(e -> e.label().substring(DROPS.length(), e.label().length() - 2) + " " + e.value())
                        .collect(Collectors.joining(", "));
                return moved.isEmpty() ? "" : "; xsfu drops: " + moved;
            }
        } catch (IOException | RuntimeException e) {
            return "; xsfu drops not read: " + e.getMessage();
        }
    }

    /** Warnings and errors the server logged (shown by the runner after each run). */
    String problems() {
        StringBuilder b = new StringBuilder();
        for (String line : process.logText().split("\n")) {
            if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.close();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left in /tmp.
        }
    }
}
