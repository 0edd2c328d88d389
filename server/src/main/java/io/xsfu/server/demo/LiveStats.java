package io.xsfu.server.demo;

import io.xsfu.metrics.CountersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the server's counters file once a second and turns the deltas into one line of live statistics. */
final class LiveStats {
    private static final Pattern PRODUCER = Pattern.compile(
            "xsfu_producer_rx_packets_total\\{room=\"[^\"]*\",participant=\"([^\"]*)\",producer=\"([^\"]*)\",ssrc=\"\\d+\"}");
    private static final Pattern CONSUMER = Pattern.compile(
            "xsfu_consumer_tx_packets_total\\{room=\"[^\"]*\",participant=\"[^\"]*\",producer=\"([^\"]*)\",ssrc=\"\\d+\"}");
    private static final Pattern DROP = Pattern.compile("xsfu_drops_total\\{reason=\"([^\"]*)\"}");

    private final Path file;
    private Map<String, Long> previous = Map.of();
    private long previousNanos;
    private final long startNanos = System.nanoTime();
    private long firstRxNanos;
    private long lastRxNanos;
    private long rxAtFirst;
    private long txAtFirst;
    private Map<String, Long> latest = Map.of();

    LiveStats(Path dir, long pid) {
        this.file = dir.resolve("xsfu-" + pid + CountersFile.SUFFIX);
    }

    private Map<String, Long> read() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Map<String, Long> values = new LinkedHashMap<>();
        try (CountersFile.View view = CountersFile.open(file)) {
            for (CountersFile.Entry e : view.entries()) {
                values.merge(e.label(), e.value(), Long::sum);
            }
        } catch (RuntimeException e) {
            return Map.of();
        }
        return values;
    }

    String line(List<Long> decoded) {
        Map<String, Long> now = read();
        long t = System.nanoTime();
        double secs = previousNanos == 0 ? 1.0 : (t - previousNanos) / 1e9;
        long rx = delta(now, "xsfu_rx_packets_total");
        long tx = delta(now, "xsfu_tx_packets_total");
        if (now.getOrDefault("xsfu_rx_packets_total", 0L) > 0) {
            if (firstRxNanos == 0) {
                firstRxNanos = t;
                rxAtFirst = now.getOrDefault("xsfu_rx_packets_total", 0L);
                txAtFirst = now.getOrDefault("xsfu_tx_packets_total", 0L);
            }
            if (rx > 0) {
                lastRxNanos = t;
                latest = now;
            }
        }
        StringBuilder b = new StringBuilder(String.format("t=%3ds in %5.0f pkt/s %6.1f kB/s | out %5.0f pkt/s %6.1f kB/s |",
                (t - startNanos) / 1_000_000_000L, rx / secs, delta(now, "xsfu_rx_bytes_total") / secs / 1000,
                tx / secs, delta(now, "xsfu_tx_bytes_total") / secs / 1000));
        Map<String, long[]> streams = new LinkedHashMap<>();
        StringBuilder drops = new StringBuilder();
        for (var e : now.entrySet()) {
            Matcher m = PRODUCER.matcher(e.getKey());
            if (m.matches()) {
                streams.computeIfAbsent(m.group(1) + "/" + m.group(2), k -> new long[2])[0] = delta(now, e.getKey());
            }
            Matcher c = CONSUMER.matcher(e.getKey());
            if (c.matches()) {
                streams.computeIfAbsent(c.group(1), k -> new long[2])[1] += delta(now, e.getKey());
            }
            Matcher d = DROP.matcher(e.getKey());
            long dd = delta(now, e.getKey());
            if (d.matches() && dd > 0) {
                drops.append(' ').append(d.group(1)).append('=').append(dd);
            }
        }
        streams.forEach((k, io) -> b.append(String.format(" %s in %d out %d |", k, io[0], io[1])));
        b.append(" drops:").append(drops.isEmpty() ? " none" : drops.toString());
        b.append(" | decoded").append(decoded);
        previous = now;
        previousNanos = t;
        return b.toString();
    }

    private long delta(Map<String, Long> now, String key) {
        return now.getOrDefault(key, 0L) - previous.getOrDefault(key, 0L);
    }

    /** Average packet rates over the period media flowed, and total drops, from the last reading with traffic. */
    Summary summary() {
        Map<String, Long> end = latest.isEmpty() ? read() : latest;
        double secs = lastRxNanos > firstRxNanos ? (lastRxNanos - firstRxNanos) / 1e9 : 1.0;
        long drops = 0;
        for (var e : end.entrySet()) {
            if (DROP.matcher(e.getKey()).matches()) {
                drops += e.getValue();
            }
        }
        long rx = end.getOrDefault("xsfu_rx_packets_total", 0L) - rxAtFirst;
        long tx = end.getOrDefault("xsfu_tx_packets_total", 0L) - txAtFirst;
        return new Summary(Math.round(rx / secs), Math.round(tx / secs), drops);
    }
}
