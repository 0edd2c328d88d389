package io.xsfu.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.bench.scenario.Latency;
import io.xsfu.bench.scenario.Measurement;
import io.xsfu.bench.scenario.Phase;
import io.xsfu.bench.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario benchmark's outputs: a Markdown table (every figure per scenario and forwarder, then the
 * ratios and the targets), a JSON record with every figure and the machine it was taken on, and the plot.
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    /** Where and when: shown above the table and stored in the JSON. */
    public record Machine(String timestamp, String cpu, int cpus, String kernel, String jdk, String loadBefore,
                          String loadAfter, String settings) {
    }

    public static String markdown(List<Measurement> results, Machine machine) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s on %s (%d vCPUs), kernel %s, JDK %s; load average %s -> %s. %s%n%n",
                machine.timestamp(), machine.cpu(), machine.cpus(), machine.kernel(), machine.jdk(), machine.loadBefore(),
                machine.loadAfter(), machine.settings()));
        b.append("| scenario | forwarder | offered pps | delivered copies/s | loss % | server CPU | copies per CPU-s "
                + "| half rate pps | loss % | p50 µs | p99 µs | p99.9 µs | others' CPU |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measurement m : results) {
            b.append("| ").append(m.scenario().label()).append(" | ").append(m.forwarder()).append(" | ");
            if (!m.ok()) {
                b.append(m.status()).append(" | | | | | | | | | | |\n");
                continue;
            }
            Phase x = m.max();
            b.append(String.format(Locale.ROOT, "%s | %s | %s | %s | %s | ", count(x.offeredPps()), count(x.deliveredPerSecond()),
                    pct(x.lossPercent()), pct(x.serverCpuShare()), count(x.copiesPerCpuSecond())));
            Phase h = m.half();
            if (h == null) {
                b.append(String.format(Locale.ROOT, "- | - | - | - | - | %.2f |%n", m.foreignCpuShare()));
            } else {
                Latency l = h.latency();
                b.append(String.format(Locale.ROOT, "%s | %s | %s | %s | %s | %.2f |%n", count(h.offeredPps()), pct(h.lossPercent()),
                        us(l.p50Us()), us(l.p99Us()), us(l.p999Us()), m.foreignCpuShare()));
            }
        }
        b.append("\nSame-run ratios of delivered copies/s:\n\n| scenario | xsfu-afxdp / c-afxdp | xsfu-afxdp / xsfu-socket "
                + "| xsfu-afxdp / janus | xsfu-socket / c-socket | SRTP / plain, afxdp | SRTP / plain, socket |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (var e : Ratios.byScenario(results).entrySet()) {
            Map<String, Measurement> m = e.getValue();
            b.append("| ").append(e.getKey().label()).append(" | ")
                    .append(ratio(Ratios.delivered(m, Ratios.AFXDP, "c-afxdp").orElse(null))).append(" | ")
                    .append(ratio(Ratios.delivered(m, Ratios.AFXDP, "xsfu-socket").orElse(null))).append(" | ")
                    .append(ratio(Ratios.delivered(m, Ratios.AFXDP, "janus").orElse(null))).append(" | ")
                    .append(ratio(Ratios.delivered(m, "xsfu-socket", "c-socket").orElse(null))).append(" | ")
                    .append(ratio(Ratios.delivered(m, Ratios.AFXDP_SRTP, Ratios.AFXDP).orElse(null))).append(" | ")
                    .append(ratio(Ratios.delivered(m, Ratios.SOCKET_SRTP, "xsfu-socket").orElse(null))).append(" |\n");
        }
        if (results.stream().anyMatch(r -> r.forwarder().endsWith("-srtp"))) {
            b.append("\nSRTP rows (xsfu-afxdp-srtp, xsfu-socket-srtp: " + Ratios.SRTP_NOTE + "): c-afxdp, c-socket and janus "
                    + "skipped: no SRTP (they forward plain RTP only).\n");
        }
        b.append("\nTargets:\n\n| target | scenario | measured | goal | met |\n|---|---|---|---|---|\n");
        for (Ratios.Target t : Ratios.targets(results)) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", t.name(), t.scenario(),
                    t.value() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", t.value()), t.goal(),
                    t.met() == null ? "n/a" : t.met() ? "yes" : "**no**"));
        }
        return b.toString();
    }

    public static ObjectNode json(List<Measurement> results, Machine machine) {
        ObjectNode root = JSON.createObjectNode();
        root.put("timestamp", machine.timestamp());
        ObjectNode mach = root.putObject("machine");
        mach.put("cpu", machine.cpu());
        mach.put("cpus", machine.cpus());
        mach.put("kernel", machine.kernel());
        mach.put("jdk", machine.jdk());
        mach.put("loadavg_before", machine.loadBefore());
        mach.put("loadavg_after", machine.loadAfter());
        root.put("settings", machine.settings());
        ArrayNode rows = root.putArray("results");
        for (Measurement m : results) {
            ObjectNode r = rows.addObject();
            Scenario s = m.scenario();
            r.put("scenario", s.label());
            r.put("publishers", s.publishers());
            r.put("fanout", s.fanout());
            r.put("payload_bytes", s.payloadBytes());
            r.put("forwarder", m.forwarder());
            r.put("status", m.status());
            r.put("notes", m.notes());
            r.put("idle_pct_before", m.idlePercentBefore());
            if (m.max() != null) {
                phase(r.putObject("max_rate"), m.max());
            }
            if (m.half() != null) {
                phase(r.putObject("half_rate"), m.half());
            }
        }
        ArrayNode ratios = root.putArray("ratios");
        for (var e : Ratios.byScenario(results).entrySet()) {
            ObjectNode r = ratios.addObject();
            r.put("scenario", e.getKey().label());
            put(r, "xsfu_afxdp_over_c_afxdp", Ratios.delivered(e.getValue(), Ratios.AFXDP, "c-afxdp").orElse(null));
            put(r, "xsfu_afxdp_over_xsfu_socket", Ratios.delivered(e.getValue(), Ratios.AFXDP, "xsfu-socket").orElse(null));
            put(r, "xsfu_afxdp_over_janus", Ratios.delivered(e.getValue(), Ratios.AFXDP, "janus").orElse(null));
            put(r, "xsfu_socket_over_c_socket", Ratios.delivered(e.getValue(), "xsfu-socket", "c-socket").orElse(null));
            put(r, "xsfu_afxdp_srtp_over_xsfu_afxdp", Ratios.delivered(e.getValue(), Ratios.AFXDP_SRTP, Ratios.AFXDP).orElse(null));
            put(r, "xsfu_socket_srtp_over_xsfu_socket", Ratios.delivered(e.getValue(), Ratios.SOCKET_SRTP, "xsfu-socket")
                    .orElse(null));
        }
        ArrayNode targets = root.putArray("targets");
        for (Ratios.Target t : Ratios.targets(results)) {
            ObjectNode r = targets.addObject();
            r.put("target", t.name());
            r.put("scenario", t.scenario());
            put(r, "measured", t.value());
            r.put("goal", t.goal());
            if (t.met() == null) {
                r.putNull("met");
            } else {
                r.put("met", t.met());
            }
        }
        return root;
    }

    private static void phase(ObjectNode o, Phase p) {
        put(o, "target_pps", p.targetPps() > 0 ? p.targetPps() : null);
        put(o, "seconds", p.seconds());
        o.put("sent", p.sent());
        put(o, "offered_pps", p.offeredPps());
        o.put("copies", p.copies());
        put(o, "delivered_copies_per_s", p.deliveredPerSecond());
        put(o, "loss_pct", p.lossPercent());
        put(o, "server_cpu_s", p.serverCpuSeconds());
        put(o, "server_cpu_share", p.serverCpuShare());
        put(o, "copies_per_cpu_s", p.copiesPerCpuSecond());
        put(o, "others_cpu_share", p.foreignCpuShare());
        o.put("other_frames", p.otherFrames());
        o.put("resyncs", p.resyncs());
        ObjectNode l = o.putObject("latency_us");
        l.put("count", p.latency().count());
        put(l, "p50", p.latency().p50Us());
        put(l, "p90", p.latency().p90Us());
        put(l, "p99", p.latency().p99Us());
        put(l, "p99_9", p.latency().p999Us());
        put(l, "max", p.latency().maxUs());
    }

    private static void put(ObjectNode o, String name, Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            o.putNull(name);
        } else {
            o.put(name, Math.round(v * 1000) / 1000.0);
        }
    }

    public static void writeJson(Path file, List<Measurement> results, Machine machine) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(json(results, machine)) + "\n");
    }

    static String count(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String us(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String ratio(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
