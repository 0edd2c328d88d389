package io.xsfu.bwe;

/**
 * A bound from packet loss, for paths that drop before they queue (policers, lossy radio links) where delay
 * says nothing. Over at least {@link #MIN_PACKETS} reported packets: loss above 10 % cuts the rate by half the
 * loss fraction (once per round trip plus 300 ms, so one congestion episode is not punished twice); loss
 * below 2 % raises it by 8 % per second; in between it holds. The bound never runs ahead of the delay-based
 * rate: after a loss episode it climbs back from where it was cut, not from an unused high.
 */
final class LossBasedEstimator {
    static final int MIN_PACKETS = 20;
    static final double HIGH_LOSS = 0.10;
    static final double LOW_LOSS = 0.02;
    private static final double INCREASE_PER_SECOND = 1.08;
    private static final long DECREASE_EXTRA_NANOS = 300_000_000L;
    private static final long MAX_INTERVAL_NANOS = 1_000_000_000L;

    private final long minBps;
    private final long maxBps;
    private long rate;
    private int lost;
    private int expected;
    private long lastUpdate = Long.MIN_VALUE;
    private long lastDecrease = Long.MIN_VALUE;
    private long rttNanos = 200_000_000L;
    private double lastLossFraction;

    LossBasedEstimator(BweConfig config) {
        this.minBps = config.minBps();
        this.maxBps = config.maxBps();
        this.rate = config.startBps();
    }

    /** Counts one feedback's packets and, once enough were reported, updates; {@code ceiling}: the delay-based rate. */
    long update(PacketResults results, long ceiling, long nowNanos) {
        for (int i = 0; i < results.count(); i++) {
            expected++;
            if (!results.received(i)) {
                lost++;
            }
        }
        if (expected >= MIN_PACKETS) {
            double fraction = (double) lost / expected;
            lastLossFraction = fraction;
            lost = 0;
            expected = 0;
            long sinceLast = lastUpdate == Long.MIN_VALUE ? 0
                    : Math.max(0, Math.min(MAX_INTERVAL_NANOS, nowNanos - lastUpdate));
            lastUpdate = nowNanos;
            if (fraction < LOW_LOSS) {
                rate = (long) (rate * Math.pow(INCREASE_PER_SECOND, sinceLast / 1e9)) + 1_000;
            } else if (fraction > HIGH_LOSS
                    && (lastDecrease == Long.MIN_VALUE || nowNanos - lastDecrease >= rttNanos + DECREASE_EXTRA_NANOS)) {
                rate = (long) (rate * (1 - 0.5 * fraction));
                lastDecrease = nowNanos;
            }
        }
        rate = Math.max(minBps, Math.min(Math.min(maxBps, ceiling), rate));
        return rate;
    }

    /** A probe delivered {@code bps} without loss: the bound moves there at once (never down). */
    void raiseTo(long bps) {
        rate = Math.max(rate, Math.max(minBps, Math.min(maxBps, bps)));
    }

    long bitsPerSecond() {
        return rate;
    }

    double lastLossFraction() {
        return lastLossFraction;
    }

    void rtt(long nanos) {
        if (nanos > 0 && nanos < 10_000_000_000L) {
            rttNanos = nanos;
        }
    }
}
