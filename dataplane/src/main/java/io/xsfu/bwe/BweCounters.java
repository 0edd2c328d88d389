package io.xsfu.bwe;

/**
 * Counts of {@link BweAnomaly} per estimator. Written by the thread that owns the estimator; the control side
 * reads them via a snapshot that thread publishes (or exports them as it exports other counters).
 */
public final class BweCounters {
    private final long[] counts = new long[BweAnomaly.END];

    void count(int anomaly) {
        counts[anomaly]++;
    }

    void count(int anomaly, int n) {
        counts[anomaly] += n;
    }

    public long get(int anomaly) {
        return counts[anomaly];
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }
}
