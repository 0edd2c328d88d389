package io.xsfu.bench.latency;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one fixed-rate phase measured, latencies in microseconds: {@code latency} from the kernel's receive
 * timestamps (the forwarder's path), {@code appLatency} from the probe's own receive time (adds the measuring
 * side's polling and scheduling).
 */
record PhaseResult(String label, int fanout, int ratePps, double seconds, long sent, double sendRatePps,
                   long expected, long received, long duplicates, long stale, long unstamped, long sendErrors,
                   long resyncs, Histogram latency, Histogram appLatency, Histogram sendLag) {

    /** Sent copies that never arrived within the phase and its grace period. */
    long lost() {
        return Math.max(0, expected - (received - duplicates));
    }

    double lossPercent() {
        return expected == 0 ? 0 : 100.0 * lost() / expected;
    }

    private static String us(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return "null";
        }
        long nanos = percentile < 0 ? h.getMinValue() : percentile > 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    String json() {
        return "{\"forwarder\": \"" + label + "\", \"fanout\": " + fanout + ", \"rate_pps\": " + ratePps
                + String.format(Locale.ROOT, ", \"seconds\": %.1f, \"sent\": %d, \"send_rate_pps\": %.0f", seconds, sent, sendRatePps)
                + ", \"expected_copies\": " + expected + ", \"received_copies\": " + received
                + ", \"duplicates\": " + duplicates + ", \"stale\": " + stale + ", \"lost\": " + lost()
                + String.format(Locale.ROOT, ", \"loss_pct\": %.4f", lossPercent())
                + ", \"min_us\": " + us(latency, -1) + ", \"p50_us\": " + us(latency, 50) + ", \"p90_us\": " + us(latency, 90)
                + ", \"p99_us\": " + us(latency, 99) + ", \"p999_us\": " + us(latency, 99.9)
                + ", \"max_us\": " + us(latency, 101)
                + ", \"mean_us\": " + (latency.getTotalCount() == 0 ? "null" : String.format(Locale.ROOT, "%.1f", latency.getMean() / 1000.0))
                + ", \"app_p50_us\": " + us(appLatency, 50) + ", \"app_p99_us\": " + us(appLatency, 99)
                + ", \"app_p999_us\": " + us(appLatency, 99.9) + ", \"app_max_us\": " + us(appLatency, 101)
                + ", \"unstamped\": " + unstamped
                + ", \"send_lag_p99_us\": " + us(sendLag, 99) + ", \"send_lag_max_us\": " + us(sendLag, 101)
                + ", \"send_errors\": " + sendErrors + ", \"resyncs\": " + resyncs + "}";
    }
}
