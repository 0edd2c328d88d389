package io.xsfu.bench.scenario;

import io.xsfu.bench.load.LoadResult;
import io.xsfu.bench.load.RtpLoadGenerator;
import io.xsfu.bench.sink.BenchSink;
import io.xsfu.bench.sink.SinkStats;
import io.xsfu.sys.Libc;
import io.xsfu.testbed.Netns;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs every scenario with every forwarder, one after the other, each on a fresh topology: the sink on the
 * client's veth, the forwarder in the server namespace (every thread pinned to the server CPU), the load
 * generator on a thread in the client namespace (pinned to the load CPU, with this JVM's other threads). Per
 * run: a warm-up at full rate (the JIT compiles the hot path; comedia forwarders learn the publishers) and a
 * short paced one (the paced loops get compiled too), a phase at full rate (the
 * forwarder's maximum: offered pps, delivered copies/s, loss, CPU) and a paced phase at half of the copies
 * it delivered there, where latency is read. A forwarder that cannot run a scenario is reported as skipped,
 * one that fails as failed; the others go on.
 */
public final class BenchRunner {
    /** After a phase, copies still in flight reach the sink within this time. */
    private static final long DRAIN_MILLIS = 300;
    private static final int PAYLOAD_TYPE = XsfuConfig.PAYLOAD_TYPE;
    /** 20 ms of 48 kHz audio per packet: the value only has to advance. */
    private static final int TIMESTAMP_STEP = 960;
    /** The paced part of the warm-up, at half of the copies/s the full-rate part delivered. */
    private static final double PACED_WARMUP_SECONDS = 1.0;
    /** Foreign CPU-seconds per second above which a measurement is repeated. */
    static final double NOISY_SHARE = 0.15;

    private final BenchOptions o;
    private final PrintStream log;

    public BenchRunner(BenchOptions options, PrintStream log) {
        this.o = options;
        this.log = log;
    }

    public List<Measurement> run() {
        Netns.deleteOrphans();
        List<Measurement> all = new ArrayList<>();
        for (Scenario s : o.scenarios()) {
            for (ForwarderKind k : o.forwarders()) {
                Measurement m = measure(s, k);
                log.println(progress(m));
                all.add(m);
            }
        }
        return all;
    }

    /** Why {@code k} cannot run {@code s} here, or null. */
    String unavailable(Scenario s, ForwarderKind k) {
        String why = k.unsupported(s);
        if (why != null) {
            return why;
        }
        if (k == ForwarderKind.JANUS && !JanusForwarder.installed()) {
            return "janus is not installed (apt-get install janus)";
        }
        if ((k == ForwarderKind.C_AFXDP || k == ForwarderKind.C_SOCKET)
                && !Files.isExecutable(o.refBuild().resolve(k == ForwarderKind.C_AFXDP ? "fwd" : "sockfwd"))) {
            return "the C reference is not built in " + o.refBuild() + " (bench/run.sh builds it)";
        }
        return null;
    }

    /**
     * Measures, and measures again (at most {@code --retries} times) when others used more than
     * {@value #NOISY_SHARE} of a CPU during a phase; keeps the attempt with the least foreign load.
     */
    Measurement measure(Scenario s, ForwarderKind k) {
        String why = unavailable(s, k);
        if (why != null) {
            return Measurement.notRun(s, k, "skipped: " + why);
        }
        Measurement best = null;
        for (int attempt = 0; attempt <= o.retries(); attempt++) {
            Measurement m = measureOnce(s, k);
            if (best == null || !best.ok() || (m.ok() && m.foreignCpuShare() < best.foreignCpuShare())) {
                best = m;
            }
            if (!m.ok() || m.foreignCpuShare() <= NOISY_SHARE) {
                break;
            }
            log.printf(Locale.ROOT, "%s %s: others used %.2f CPU meanwhile, measuring again%n", s.label(), k.label(),
                    m.foreignCpuShare());
        }
        return best;
    }

    private Measurement measureOnce(Scenario s, ForwarderKind k) {
        int idle = o.awaitIdleSeconds() > 0 ? IdleWait.await(o.awaitIdleSeconds()) : -1;
        long self = ProcessHandle.current().pid();
        try (BenchTopology t = BenchTopology.create();
             BenchSink sink = BenchSink.attach(t.client(), BenchTopology.CLIENT_IF);
             RunningForwarder f = start(k, t, s)) {
            if (o.pinned()) {
                f.pin(o.serverCpu(), o.loadCpu());
                // This JVM's other threads (its JIT compilers above all, busy when the generator's paced loop is
                // first compiled) off the server CPU too: unpinned, they took 4 ms scheduler slices from the
                // forwarder there. Only now, so that the forwarder's JVM was started seeing every CPU.
                BenchTopology.pinProcess(self, o.loadCpu());
            }
            RtpLoadGenerator g = t.client().call(() -> {
                if (o.pinned()) {
                    BenchTopology.pinThread(Libc.gettid(), o.loadCpu());
                }
                return RtpLoadGenerator.open(BenchTopology.firstPublisherSource(), f.publishers(), s.payloadBytes(),
                        PAYLOAD_TYPE, TIMESTAMP_STEP);
            });
            try {
                SinkStats beforeWarmup = sink.read();
                LoadResult warm = t.client().call(() -> g.run(0, o.warmupSeconds()));
                double warmCopiesPerSecond = sink.read().minus(beforeWarmup).copies() / warm.seconds();
                if (warmCopiesPerSecond > 0) {
                    // The paced loop too (the generator's, and the forwarder's one-packet batches), so that both are
                    // compiled before the half-rate phase rather than during its first hundred milliseconds.
                    t.client().call(() -> g.run(0.5 * warmCopiesPerSecond / s.fanout(), PACED_WARMUP_SECONDS));
                }
                ChildProcess.sleep(DRAIN_MILLIS);
                Phase max = phase(t, sink, f, g, s, 0, o.seconds());
                Phase half = null;
                if (max.copies() > 0) {
                    half = phase(t, sink, f, g, s, 0.5 * max.deliveredPerSecond() / s.fanout(), o.latencySeconds());
                }
                if (f instanceof XsfuForwarder x && !x.problems().isEmpty()) {
                    log.print(k.label() + " " + s.label() + " logged:\n" + x.problems());
                }
                String status = max.copies() > 0 ? "ok" : "failed: no copies delivered";
                String notes = f.notes();
                if (notes.contains("xsfu drops")) {
                    log.println(k.label() + " " + s.label() + ": " + notes.substring(notes.indexOf("xsfu drops")));
                }
                return new Measurement(s, k.label(), status, notes, idle, max, half);
            } finally {
                t.client().call(() -> {
                    g.close();
                    return null;
                });
            }
        } catch (Exception e) {
            return new Measurement(s, k.label(), "failed: " + e.getMessage().lines().findFirst().orElse(e.toString()), "",
                    idle, null, null);
        } finally {
            if (o.pinned()) {
                BenchTopology.unpinProcess(self);
            }
        }
    }

    private RunningForwarder start(ForwarderKind k, BenchTopology t, Scenario s) {
        return switch (k) {
            case XSFU_AFXDP, XSFU_SOCKET, XSFU_AFXDP_SRTP, XSFU_SOCKET_SRTP -> XsfuForwarder.start(k, t, s);
            case C_AFXDP, C_SOCKET -> CForwarder.start(k, t, s, o.refBuild());
            case JANUS -> JanusForwarder.start(t, s);
            case FLOOR -> ReflectForwarder.start(t, s);
        };
    }

    /** One load phase at {@code rate} packets/s over all publishers (0: as fast as the generator goes). */
    private Phase phase(BenchTopology t, BenchSink sink, RunningForwarder f, RtpLoadGenerator g, Scenario s, double rate,
                        double seconds) throws Exception {
        long self = ProcessHandle.current().pid();
        SinkStats before = sink.read();
        double cpu0 = f.pid() > 0 ? ProcessCpu.seconds(f.pid()) : 0;
        double self0 = ProcessCpu.seconds(self);
        double busy0 = IdleWait.busySeconds();
        LoadResult load = t.client().call(() -> g.run(rate, seconds));
        double busy1 = IdleWait.busySeconds();
        double cpu1 = f.pid() > 0 ? ProcessCpu.seconds(f.pid()) : 0;
        double self1 = ProcessCpu.seconds(self);
        ChildProcess.sleep(DRAIN_MILLIS);
        SinkStats d = sink.read().minus(before);
        double foreign = Math.max(0, (busy1 - busy0) - (cpu1 - cpu0) - (self1 - self0)) / load.seconds();
        return new Phase(rate, load.seconds(), load.sent(), load.sentPerSecond(), d.copies(), d.copies() / load.seconds(),
                Phase.lossPercent(load.sent(), s.fanout(), d.copies()), f.pid() > 0 ? cpu1 - cpu0 : Double.NaN, foreign, d.other(), load.resyncs(),
                Latency.of(d.latency()));
    }

    static String progress(Measurement m) {
        if (!m.ok()) {
            return String.format(Locale.ROOT, "%-14s %-12s %s", m.scenario().label(), m.forwarder(), m.status());
        }
        Phase x = m.max();
        Phase h = m.half();
        return String.format(Locale.ROOT, "%-14s %-12s offered %8.0f pps  delivered %9.0f copies/s  loss %5.2f %%  cpu %.2f"
                        + " (others %.2f)  | half rate %8.0f pps: loss %5.2f %%  p50 %7.1f us  p99 %8.1f us  p99.9 %8.1f us",
                m.scenario().label(), m.forwarder(), x.offeredPps(), x.deliveredPerSecond(), x.lossPercent(), x.serverCpuShare(),
                m.foreignCpuShare(),
                h == null ? 0 : h.offeredPps(), h == null ? Double.NaN : h.lossPercent(),
                h == null ? Double.NaN : h.latency().p50Us(), h == null ? Double.NaN : h.latency().p99Us(),
                h == null ? Double.NaN : h.latency().p999Us());
    }
}
