package io.xsfu.signaling;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.xsfu.metrics.CountersFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SFU's counters file as Prometheus metric families, read at each scrape. A label whose name ends in
 * {@code _total} is a counter (the family is the name without it, as the exposition format wants); anything
 * else, such as {@code xsfu_umem_frames}, is a gauge. Labels that are not valid series, or whose family would
 * clash with one already exported, are skipped rather than failing the scrape.
 */
final class CountersCollector implements MultiCollector {
    private static final String TOTAL = "_total";
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("xsfu_rx_packets", "Frames or datagrams handed to the SFU"),
            Map.entry("xsfu_rx_bytes", "Bytes handed to the SFU"),
            Map.entry("xsfu_tx_packets", "Copies handed to the kernel for transmission"),
            Map.entry("xsfu_tx_bytes", "Bytes of copies handed to the kernel for transmission"),
            Map.entry("xsfu_rx_kind_packets", "Received payloads by kind"),
            Map.entry("xsfu_drops", "Packets not forwarded and copies not sent, by reason"),
            Map.entry("xsfu_participant_rx_packets", "Packets received from a participant"),
            Map.entry("xsfu_participant_rx_bytes", "Bytes received from a participant"),
            Map.entry("xsfu_participant_tx_packets", "Packets sent to a participant"),
            Map.entry("xsfu_participant_tx_bytes", "Bytes sent to a participant"),
            Map.entry("xsfu_producer_rx_packets", "Packets received on a producer"),
            Map.entry("xsfu_producer_rx_bytes", "Bytes received on a producer"),
            Map.entry("xsfu_consumer_tx_packets", "Packets sent on a consumer"),
            Map.entry("xsfu_consumer_tx_bytes", "Bytes sent on a consumer"),
            Map.entry("xsfu_rtcp_received", "RTCP packets received, by kind"),
            Map.entry("xsfu_rtcp_sent", "RTCP packets the SFU sent"),
            Map.entry("xsfu_xdp_packets", "Verdicts of the XDP steering program"),
            Map.entry("xsfu_umem_frames", "UMEM frames by owner"),
            Map.entry("xsfu_participant_bwe_bps", "Send-side bandwidth estimate toward a participant, bits per second"),
            Map.entry("xsfu_bwe_anomalies", "Bandwidth estimation input not taken at face value, by reason"),
            Map.entry("xsfu_handshake_datagrams", "STUN and DTLS datagrams the agent handed to the WebRTC conductor"),
            Map.entry("xsfu_webrtc_events", "ICE and DTLS events of WebRTC transports, by event"));

    private final CounterSource counters;
    private final Set<String> reserved;

    /** {@code reserved}: family names exported by someone else, which the counters file may not take. */
    CountersCollector(CounterSource counters, Set<String> reserved) {
        this.counters = counters;
        this.reserved = reserved;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        for (CountersFile.Entry entry : counters.counters()) {
            Series series = Series.parse(entry.label()).orElse(null);
            if (series == null) {
                continue;
            }
            boolean counter = series.name().endsWith(TOTAL);
            String family = counter ? series.name().substring(0, series.name().length() - TOTAL.length()) : series.name();
            Labels labels = labels(series);
            if (labels == null || !PrometheusNaming.isValidLegacyMetricName(family) || reserved.contains(family)
                    || family.endsWith(TOTAL)) {
                continue;
            }
            Family f = families.computeIfAbsent(family, k -> new Family(counter));
            if (f.counter == counter) {
                f.points.put(labels, entry.value()); // a later allocation with the same labels is the current one
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        families.forEach((name, family) -> snapshots.add(family.snapshot(name)));
        return new MetricSnapshots(snapshots);
    }

    private static Labels labels(Series series) {
        List<String> names = new ArrayList<>(series.labels().size());
        List<String> values = new ArrayList<>(series.labels().size());
        for (Map.Entry<String, String> label : series.labels().entrySet()) {
            if (!PrometheusNaming.isValidLegacyLabelName(label.getKey()) || label.getKey().startsWith("__")) {
                return null;
            }
            names.add(label.getKey());
            values.add(label.getValue());
        }
        return Labels.of(names, values);
    }

    private static final class Family {
        final boolean counter;
        final Map<Labels, Long> points = new LinkedHashMap<>();

        Family(boolean counter) {
            this.counter = counter;
        }

        MetricSnapshot snapshot(String name) {
            MetricMetadata metadata = new MetricMetadata(name, HELP.getOrDefault(name, "xsfu data plane counter " + name));
            if (counter) {
                List<CounterDataPointSnapshot> data = new ArrayList<>(points.size());
                points.forEach((labels, value) -> data.add(new CounterDataPointSnapshot(value, labels, null, 0)));
                return new CounterSnapshot(metadata, data);
            }
            List<GaugeDataPointSnapshot> data = new ArrayList<>(points.size());
            points.forEach((labels, value) -> data.add(new GaugeDataPointSnapshot(value, labels, null)));
            return new GaugeSnapshot(metadata, data);
        }
    }
}
