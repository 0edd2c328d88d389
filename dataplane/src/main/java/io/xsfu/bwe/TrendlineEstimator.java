package io.xsfu.bwe;

/**
 * Detects queues building up on the path from the delay variation of packet groups. The delay variations
 * are accumulated (the queueing delay, up to a constant), exponentially smoothed, and a least-squares line is
 * fitted over the last {@link #WINDOW} groups against their arrival times: its slope says whether the queue
 * grows. The slope, scaled by the number of samples seen so far (early slopes are noisy), is compared with
 * an adaptive threshold: above it for more than {@link #OVERUSE_TIME_MS} and two groups in a row while still
 * rising is overuse; below its negative is underuse. The threshold follows the scaled slope, quickly down and
 * slowly up, so a path with constant jitter does not look congested, nor does a competing TCP flow starve us
 * (the scheme of draft-ietf-rmcat-gcc-02 and WebRTC's trendline estimator).
 *
 * <p>Milliseconds as doubles inside, as the constants are tuned in them. Allocation free.
 */
final class TrendlineEstimator {
    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double THRESHOLD_GAIN = 4.0;
    private static final int MAX_SAMPLES_SCALE = 60;
    private static final int MAX_DELTAS = 1000;
    static final double OVERUSE_TIME_MS = 10.0;
    static final double INITIAL_THRESHOLD = 12.5;
    private static final double MIN_THRESHOLD = 6.0;
    private static final double MAX_THRESHOLD = 600.0;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    /** A slope this far above the threshold is a spike: it must not drag the threshold up. */
    private static final double MAX_ADAPT_OFFSET = 15.0;
    private static final double MAX_ADAPT_INTERVAL_MS = 100.0;

    private final double[] x = new double[WINDOW];
    private final double[] y = new double[WINDOW];
    private int size;
    private int next;

    private int deltas;
    private boolean haveFirstArrival;
    private double firstArrivalMs;
    private double accumulatedDelay;
    private double smoothedDelay;
    private double previousTrend;

    private double threshold = INITIAL_THRESHOLD;
    private double lastThresholdUpdateMs = Double.NaN;
    private double overuseTimeMs = -1;
    private int overuseCount;
    private Usage usage = Usage.NORMAL;

    /** One completed group: its arrival delta, its send delta and when it arrived (receiver clock). */
    Usage update(long arrivalDeltaNanos, long sendDeltaNanos, long arrivalNanos) {
        double arrivalMs = arrivalNanos / 1e6;
        double sendDeltaMs = sendDeltaNanos / 1e6;
        double delayMs = (arrivalDeltaNanos - sendDeltaNanos) / 1e6;
        if (!haveFirstArrival) {
            haveFirstArrival = true;
            firstArrivalMs = arrivalMs;
        }
        deltas = Math.min(deltas + 1, MAX_DELTAS);
        accumulatedDelay += delayMs;
        smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelay;
        x[next] = arrivalMs - firstArrivalMs;
        y[next] = smoothedDelay;
        next = (next + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
        if (size == WINDOW) {
            double trend = slope();
            if (!Double.isNaN(trend)) {
                detect(trend, sendDeltaMs, arrivalMs);
            }
        }
        return usage;
    }

    Usage usage() {
        return usage;
    }

    double threshold() {
        return threshold;
    }

    /** Least-squares slope of the window; NaN when all points share one arrival time. */
    private double slope() {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < WINDOW; i++) {
            sx += x[i];
            sy += y[i];
        }
        double mx = sx / WINDOW;
        double my = sy / WINDOW;
        double num = 0;
        double den = 0;
        for (int i = 0; i < WINDOW; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private void detect(double trend, double sendDeltaMs, double nowMs) {
        double modified = Math.min(deltas, MAX_SAMPLES_SCALE) * trend * THRESHOLD_GAIN;
        if (modified > threshold) {
            if (overuseTimeMs < 0) {
                // Assume half the group interval was spent over the threshold already.
                overuseTimeMs = sendDeltaMs / 2;
            } else {
                overuseTimeMs += sendDeltaMs;
            }
            overuseCount++;
            if (overuseTimeMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                overuseTimeMs = 0;
                overuseCount = 0;
                usage = Usage.OVERUSE;
            }
        } else if (modified < -threshold) {
            overuseTimeMs = -1;
            overuseCount = 0;
            usage = Usage.UNDERUSE;
        } else {
            overuseTimeMs = -1;
            overuseCount = 0;
            usage = Usage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modified, nowMs);
    }

    private void adaptThreshold(double modified, double nowMs) {
        if (Double.isNaN(lastThresholdUpdateMs)) {
            lastThresholdUpdateMs = nowMs;
        }
        double magnitude = Math.abs(modified);
        if (magnitude > threshold + MAX_ADAPT_OFFSET) {
            lastThresholdUpdateMs = nowMs;
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double dt = Math.max(0, Math.min(nowMs - lastThresholdUpdateMs, MAX_ADAPT_INTERVAL_MS));
        threshold += k * (magnitude - threshold) * dt;
        threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
        lastThresholdUpdateMs = nowMs;
    }

    void reset() {
        size = 0;
        next = 0;
        deltas = 0;
        haveFirstArrival = false;
        accumulatedDelay = 0;
        smoothedDelay = 0;
        previousTrend = 0;
        overuseTimeMs = -1;
        overuseCount = 0;
        usage = Usage.NORMAL;
    }
}
