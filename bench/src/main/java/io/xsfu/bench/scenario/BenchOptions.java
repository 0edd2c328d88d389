package io.xsfu.bench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario benchmark's options. Default (full): fan-out 1, 4, 16 and 64 with one publisher and 8
 * publishers x fan-out 8, payloads 200 and 1200 bytes, every forwarder, 2 s warm-up, 5 s at full rate
 * and 5 s at half rate. {@code --quick}: fan-out 4 and 16 and 8 x 8, 200 bytes, 1 + 2 + 2 s.
 */
public record BenchOptions(List<Integer> fanouts, List<Integer> payloads, List<int[]> multi, List<ForwarderKind> forwarders,
                           double warmupSeconds, double seconds, double latencySeconds, int serverCpu, int loadCpu,
                           int awaitIdleSeconds, int retries, Path out, Path refBuild, boolean quick) {
    static final String USAGE = """
            usage: bench [--quick] [--fanouts 1,4,16,64] [--payloads 200,1200] [--multi 8x8|none]
                         [--forwarders xsfu-afxdp,xsfu-socket,c-afxdp,c-socket,janus] [--warmup S] [--seconds S]
                         [--latency-seconds S] [--server-cpu N] [--load-cpu N] (-1: no pinning) [--await-idle S] [--retries N]
                         [--out DIR] [--ref-build DIR]""";

    public static BenchOptions defaults(boolean quick) {
        List<ForwarderKind> all = List.of(ForwarderKind.values());
        return quick
                ? new BenchOptions(List.of(4, 16), List.of(200), List.<int[]>of(new int[] {8, 8}), all, 1, 2, 2, 0, 1, 30, 1,
                        Path.of("bench/results"), Path.of("/tmp/xsfu-afxdp-ref"), true)
                : new BenchOptions(List.of(1, 4, 16, 64), List.of(200, 1200), List.<int[]>of(new int[] {8, 8}), all, 2, 5, 5, 0, 1,
                        60, 2, Path.of("bench/results"), Path.of("/tmp/xsfu-afxdp-ref"), false);
    }

    public static BenchOptions parse(String... args) {
        boolean quick = List.of(args).contains("--quick");
        BenchOptions o = defaults(quick);
        List<Integer> fanouts = o.fanouts;
        List<Integer> payloads = o.payloads;
        List<int[]> multi = o.multi;
        List<ForwarderKind> forwarders = o.forwarders;
        double warmup = o.warmupSeconds;
        double seconds = o.seconds;
        double latency = o.latencySeconds;
        int serverCpu = o.serverCpu;
        int loadCpu = o.loadCpu;
        int awaitIdle = o.awaitIdleSeconds;
        int retries = o.retries;
        Path out = o.out;
        Path ref = o.refBuild;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--fanouts" -> fanouts = ints(v);
                case "--payloads" -> payloads = ints(v);
                case "--multi" -> multi = multi(v);
                case "--forwarders" -> forwarders = kinds(v);
                case "--warmup" -> warmup = positive(a, v);
                case "--seconds" -> seconds = positive(a, v);
                case "--latency-seconds" -> latency = positive(a, v);
                case "--server-cpu" -> serverCpu = Integer.parseInt(v);
                case "--load-cpu" -> loadCpu = Integer.parseInt(v);
                case "--await-idle" -> awaitIdle = Integer.parseInt(v);
                case "--retries" -> retries = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "--ref-build" -> ref = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new BenchOptions(fanouts, payloads, multi, forwarders, warmup, seconds, latency, serverCpu, loadCpu, awaitIdle,
                retries, out, ref, quick);
    }

    /** Every scenario in run order: per payload, the fan-outs with one publisher, then the multi-publisher ones. */
    public List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        for (int payload : payloads) {
            for (int fan : fanouts) {
                s.add(new Scenario(1, fan, payload));
            }
            for (int[] m : multi) {
                s.add(new Scenario(m[0], m[1], payload));
            }
        }
        return s;
    }

    public boolean pinned() {
        return serverCpu >= 0 && loadCpu >= 0;
    }

    private static List<Integer> ints(String v) {
        List<Integer> r = new ArrayList<>();
        for (String s : v.trim().split("[,\\s]+")) {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw new IllegalArgumentException("not a positive number: " + s);
            }
            r.add(n);
        }
        return List.copyOf(r);
    }

    private static List<int[]> multi(String v) {
        List<int[]> r = new ArrayList<>();
        if (v.equals("none") || v.isBlank()) {
            return List.of();
        }
        for (String s : v.trim().split("[,\\s]+")) {
            String[] pf = s.split("x");
            if (pf.length != 2) {
                throw new IllegalArgumentException("--multi takes PUBLISHERSxFANOUT, e.g. 8x8: " + s);
            }
            r.add(new int[] {Integer.parseInt(pf[0]), Integer.parseInt(pf[1])});
        }
        return List.copyOf(r);
    }

    private static List<ForwarderKind> kinds(String v) {
        List<ForwarderKind> r = new ArrayList<>();
        for (String s : v.trim().split("[,\\s]+")) {
            r.add(ForwarderKind.ofLabel(s));
        }
        return List.copyOf(r);
    }

    private static double positive(String option, String v) {
        double d = Double.parseDouble(v);
        if (!(d > 0)) {
            throw new IllegalArgumentException(option + " must be positive: " + v);
        }
        return d;
    }
}
