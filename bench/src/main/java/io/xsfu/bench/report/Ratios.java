package io.xsfu.bench.report;

import io.xsfu.bench.scenario.Measurement;
import io.xsfu.bench.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparisons the benchmark exists for, always between forwarders of the same scenario in the same
 * run, and the targets evaluated on them.
 */
public final class Ratios {
    public static final String AFXDP = "xsfu-afxdp";
    public static final String AFXDP_SRTP = "xsfu-afxdp-srtp";
    public static final String SOCKET_SRTP = "xsfu-socket-srtp";
    /** What the SRTP rows measure, for the report. */
    static final String SRTP_NOTE = "AES_CM_128_HMAC_SHA1_80 on every transport, each packet decrypted once and each copy "
            + "encrypted for its subscriber";

    private Ratios() {
    }

    /** The results grouped by scenario, in run order. */
    static Map<Scenario, Map<String, Measurement>> byScenario(List<Measurement> results) {
        Map<Scenario, Map<String, Measurement>> m = new LinkedHashMap<>();
        for (Measurement r : results) {
            m.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>()).put(r.forwarder(), r);
        }
        return m;
    }

    /** Delivered copies/s of {@code a} over {@code b} in one scenario, when both ran. */
    static Optional<Double> delivered(Map<String, Measurement> scenario, String a, String b) {
        Measurement x = scenario.get(a);
        Measurement y = scenario.get(b);
        if (x == null || y == null || !x.ok() || !y.ok() || y.max().deliveredPerSecond() <= 0) {
            return Optional.empty();
        }
        return Optional.of(x.max().deliveredPerSecond() / y.max().deliveredPerSecond());
    }

    /** One target: what was measured, against what, and whether it holds ("n/a" when it could not be measured). */
    public record Target(String name, String scenario, Double value, String goal, Boolean met) {
    }

    public static List<Target> targets(List<Measurement> results) {
        List<Target> t = new ArrayList<>();
        for (var e : byScenario(results).entrySet()) {
            Scenario s = e.getKey();
            Map<String, Measurement> m = e.getValue();
            if (s.publishers() == 1 && s.payloadBytes() == 200 && (s.fanout() == 4 || s.fanout() == 16)) {
                double goal = s.fanout() == 4 ? 0.90 : 0.85;
                t.add(ratioTarget("xsfu-afxdp / c-afxdp delivered", s, delivered(m, AFXDP, "c-afxdp"), goal));
            }
            if (s.fanout() >= 4) {
                t.add(ratioTarget("xsfu-afxdp / xsfu-socket delivered", s, delivered(m, AFXDP, "xsfu-socket"), 1.5));
                t.add(ratioTarget("xsfu-afxdp / janus delivered", s, delivered(m, AFXDP, "janus"), 3.0));
            }
            Measurement a = m.get(AFXDP);
            if (a != null) {
                Double p99 = a.ok() && a.half() != null && a.half().latency().count() > 0 ? a.half().latency().p99Us() : null;
                t.add(new Target("xsfu-afxdp p99 latency at half rate (us)", s.label(), p99, "< 100",
                        p99 == null ? null : p99 < 100));
            }
        }
        return t;
    }

    private static Target ratioTarget(String name, Scenario s, Optional<Double> r, double goal) {
        return new Target(name, s.label(), r.orElse(null), ">= " + goal, r.map(v -> v >= goal).orElse(null));
    }
}
