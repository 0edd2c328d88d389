package io.xsfu.bench.scenario;

import org.HdrHistogram.Histogram;

/** One-way latency percentiles of the copies of a phase, in microseconds (from the sink's histogram). */
public record Latency(long count, double p50Us, double p90Us, double p99Us, double p999Us, double maxUs) {
    public static final Latency NONE = new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Latency of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(nanos.getTotalCount(), us(nanos.getValueAtPercentile(50)), us(nanos.getValueAtPercentile(90)),
                us(nanos.getValueAtPercentile(99)), us(nanos.getValueAtPercentile(99.9)), us(nanos.getMaxValue()));
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }
}
