package io.xsfu.bwe;

/**
 * Where the link's capacity was last found: an exponentially weighted mean of the delivered rates at which
 * overuse was detected, with a variance, in kbit/s. While the rate is near it, increases are additive
 * (carefully probing the known limit); a delivered rate outside mean ± 3 standard deviations means the link
 * changed, and the estimate is forgotten so that increases are multiplicative again.
 */
final class LinkCapacity {
    private static final double ALPHA = 0.05;
    private static final double MIN_VARIANCE = 0.4;
    private static final double MAX_VARIANCE = 2.5;

    private double meanKbps = -1;
    private double variance = MIN_VARIANCE;

    boolean known() {
        return meanKbps >= 0;
    }

    long bitsPerSecond() {
        return (long) (meanKbps * 1000);
    }

    /** Overuse was detected while {@code deliveredBps} arrived. */
    void overuse(long deliveredBps) {
        double kbps = deliveredBps / 1000.0;
        if (meanKbps < 0) {
            meanKbps = kbps;
        } else {
            meanKbps = (1 - ALPHA) * meanKbps + ALPHA * kbps;
        }
        double norm = Math.max(meanKbps, 1.0);
        variance = (1 - ALPHA) * variance + ALPHA * (meanKbps - kbps) * (meanKbps - kbps) / norm;
        variance = Math.max(MIN_VARIANCE, Math.min(MAX_VARIANCE, variance));
    }

    long upperBound() {
        return (long) ((meanKbps + 3 * deviation()) * 1000);
    }

    long lowerBound() {
        return (long) ((meanKbps - 3 * deviation()) * 1000);
    }

    private double deviation() {
        return Math.sqrt(variance * meanKbps);
    }

    void reset() {
        meanKbps = -1;
        variance = MIN_VARIANCE;
    }
}
