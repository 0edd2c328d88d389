package io.xsfu.bwe;

/**
 * Additive-increase, multiplicative-decrease control of the delay-based rate. Overuse decreases the rate to
 * {@link #BETA} times what the path delivered (once per round trip at most); normal usage increases it, by
 * 8 % per second while the link's capacity is unknown, and by about one packet per response time near the
 * capacity last found ({@link LinkCapacity}); underuse holds it while queues drain. An increase never takes
 * the rate beyond 1.5 times the delivered rate: a rate that is not being used is not evidence the link carries it.
 */
final class AimdRateControl {
    static final double BETA = 0.85;
    private static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    private static final long MIN_INCREASE_BPS = 1_000;
    private static final long MIN_ADDITIVE_BPS_PER_SECOND = 4_000;
    private static final long RESPONSE_EXTRA_NANOS = 100_000_000L;
    private static final double FRAMES_PER_SECOND = 30.0;
    private static final double PACKET_BITS = 1200 * 8;
    private static final long DEFAULT_RTT_NANOS = 200_000_000L;
    private static final long MAX_UPDATE_INTERVAL_NANOS = 1_000_000_000L;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long minBps;
    private final long maxBps;
    private final LinkCapacity capacity = new LinkCapacity();
    private State state = State.HOLD;
    private long rate;
    private long lastUpdate = Long.MIN_VALUE;
    private long lastDecrease = Long.MIN_VALUE;
    private long rttNanos = DEFAULT_RTT_NANOS;

    AimdRateControl(long minBps, long maxBps, long startBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.rate = clamp(startBps);
    }

    long bitsPerSecond() {
        return rate;
    }

    void rtt(long nanos) {
        if (nanos > 0 && nanos < 10_000_000_000L) {
            rttNanos = nanos;
        }
    }

    /** Applies the detector's verdict at {@code nowNanos}; {@code deliveredBps} is -1 while unknown. */
    long update(Usage usage, long deliveredBps, long nowNanos) {
        switch (usage) {
            case OVERUSE -> state = State.DECREASE;
            case UNDERUSE -> state = State.HOLD;
            case NORMAL -> {
                if (state == State.HOLD || state == State.DECREASE) {
                    state = State.INCREASE;
                }
            }
        }
        long sinceLast = lastUpdate == Long.MIN_VALUE ? 0
                : Math.max(0, Math.min(MAX_UPDATE_INTERVAL_NANOS, nowNanos - lastUpdate));
        lastUpdate = nowNanos;
        switch (state) {
            case INCREASE -> increase(deliveredBps, sinceLast);
            case DECREASE -> decrease(deliveredBps, nowNanos);
            case HOLD -> {
            }
        }
        return rate;
    }

    /**
     * A probe showed the path carries {@code bps}: the rate goes there at once (never down), and the capacity
     * found earlier is forgotten, as the link evidently changed. The 1.5x-delivered bound of increases does not
     * apply here: the probe delivered this rate. Increases after it are still bounded, so it holds until used.
     */
    void raiseTo(long bps) {
        long lifted = clamp(bps);
        if (lifted > rate) {
            rate = lifted;
            capacity.reset();
        }
    }

    private void increase(long deliveredBps, long sinceLast) {
        if (deliveredBps >= 0 && capacity.known() && deliveredBps > capacity.upperBound()) {
            capacity.reset();
        }
        long step;
        if (capacity.known()) {
            double bitsPerFrame = rate / FRAMES_PER_SECOND;
            double packetsPerFrame = Math.ceil(bitsPerFrame / PACKET_BITS);
            double packetBits = bitsPerFrame / packetsPerFrame;
            double responseSeconds = (rttNanos + RESPONSE_EXTRA_NANOS) / 1e9;
            double perSecond = Math.max(MIN_ADDITIVE_BPS_PER_SECOND, packetBits / responseSeconds);
            step = (long) (perSecond * sinceLast / 1e9);
        } else {
            double factor = Math.pow(MULTIPLICATIVE_PER_SECOND, sinceLast / 1e9);
            step = Math.max(MIN_INCREASE_BPS, (long) (rate * (factor - 1)));
        }
        long next = rate + step;
        if (deliveredBps >= 0) {
            long limit = (long) (1.5 * deliveredBps) + 10_000;
            if (rate >= limit) {
                return;
            }
            next = Math.min(next, limit);
        }
        rate = clamp(next);
    }

    private void decrease(long deliveredBps, long nowNanos) {
        state = State.HOLD;
        if (deliveredBps < 0 || (lastDecrease != Long.MIN_VALUE && nowNanos - lastDecrease < rttNanos)) {
            return;
        }
        if (capacity.known() && deliveredBps < capacity.lowerBound()) {
            capacity.reset();
        }
        long decreased = (long) (BETA * deliveredBps);
        if (decreased > rate && capacity.known()) {
            decreased = (long) (BETA * capacity.bitsPerSecond());
        }
        if (decreased < rate) {
            rate = clamp(decreased);
        }
        capacity.overuse(deliveredBps);
        lastDecrease = nowNanos;
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
