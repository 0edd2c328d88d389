package io.xsfu.bwe;

/**
 * One subscriber's send-side bandwidth estimate: how many bits per second the SFU may send on its transport.
 *
 * <p>With transport-wide feedback, the estimate is the lower of the {@link DelayBasedEstimator delay-based}
 * rate (queues on the path) and the {@link LossBasedEstimator loss-based} bound. A receiver that sends only
 * REMB (no transport-wide feedback in the last {@link #FEEDBACK_FRESH_NANOS}) is followed instead: its
 * values are clamped, decreases taken at once and increases smoothed, as one REMB is a receiver's guess.
 *
 * <p>A delivered rate only bounds how far the estimate may grow, so a subscriber that takes less than its link
 * carries would never learn the link carries more. A probe (the SFU sending more for a while, {@link #startProbe}
 * to {@link #endProbe}) answers that: when the receiver acknowledges a higher rate for the probe's packets
 * ({@link BandwidthProbe}) with no overuse and little loss, both the delay-based rate and the loss-based bound are
 * lifted to it (at most the probe's target); overuse or loss stop it early and leave the estimate to the normal
 * decrease. Each probe's outcome is counted ({@link ProbeOutcome}).
 *
 * <p>Time is passed in, never read: the same trace gives the same estimates. The estimate is always within
 * the configured bounds, whatever the input; input that cannot be right is counted ({@link BweAnomaly}).
 * Allocation free; one thread (the one that handles the transport's RTCP) calls everything.
 */
public final class BandwidthEstimator {
    /** Transport-wide feedback this recent makes REMB irrelevant. */
    public static final long FEEDBACK_FRESH_NANOS = 2_000_000_000L;
    /** Weight of a new REMB that is above the current estimate. */
    static final double REMB_INCREASE_WEIGHT = 0.25;

    private final BweConfig config;
    private final BweCounters counters = new BweCounters();
    private final DelayBasedEstimator delayBased;
    private final LossBasedEstimator lossBased;
    private final BandwidthProbe probe = new BandwidthProbe();
    private final long[] probeOutcomes = new long[ProbeOutcome.END];
    private long estimate;
    private long lastFeedback = Long.MIN_VALUE;
    private long remb = -1;

    public BandwidthEstimator(BweConfig config) {
        this.config = config;
        this.delayBased = new DelayBasedEstimator(config, counters);
        this.lossBased = new LossBasedEstimator(config);
        this.estimate = config.startBps();
    }

    /** The packets of one transport-wide feedback (see {@link FeedbackReader}), handled at {@code nowNanos}. */
    public long onTransportFeedback(PacketResults results, long nowNanos) {
        if (results.count() == 0) {
            return estimate;
        }
        lastFeedback = nowNanos;
        long delay = delayBased.update(results, nowNanos);
        long loss = lossBased.update(results, delay, nowNanos);
        estimate = clamp(Math.min(delay, loss));
        if (probe.open()) {
            onProbeFeedback(results, nowNanos);
        }
        return estimate;
    }

    /**
     * The SFU starts sending about {@code targetBps} on this transport (a restart settles the probe before).
     * The estimate is never lifted above the target nor the configured maximum.
     */
    public void startProbe(long targetBps, long nowNanos) {
        if (probe.open()) {
            settleProbe(probe.cleanOutcome());
        }
        probe.start(Math.min(targetBps, config.maxBps()), nowNanos);
    }

    /** The SFU stopped sending the probe's extra packets; the feedback about what it sent still counts. */
    public void endProbe(long nowNanos) {
        probe.end(nowNanos);
    }

    /** Whether the probe started last should still be sent: started, not ended, not stopped by overuse or loss. */
    public boolean probing() {
        return probe.sending();
    }

    /** Probes that ended with {@code outcome} ({@link ProbeOutcome}). */
    public long probeOutcomes(int outcome) {
        return probeOutcomes[outcome];
    }

    private void onProbeFeedback(PacketResults results, long nowNanos) {
        if (probe.add(results) > 0) {
            if (delayBased.overused()) {
                settleProbe(ProbeOutcome.OVERUSE);
                return;
            }
            if (probe.lossy()) {
                settleProbe(ProbeOutcome.LOSS);
                return;
            }
            long measured = probe.bitsPerSecond();
            if (measured > 0) {
                long lifted = clamp(Math.min(measured, probe.targetBps()));
                if (lifted > estimate) {
                    delayBased.raiseTo(lifted);
                    lossBased.raiseTo(lifted);
                    estimate = clamp(Math.min(delayBased.bitsPerSecond(), lossBased.bitsPerSecond()));
                    probe.raised();
                }
            }
        }
        if (probe.complete(nowNanos)) {
            settleProbe(probe.cleanOutcome());
        }
    }

    private void settleProbe(int outcome) {
        probeOutcomes[outcome]++;
        probe.close();
    }

    /** A REMB's bitrate; followed only while no transport-wide feedback is fresh. */
    public long onRemb(long bitsPerSecond, long nowNanos) {
        long value = bitsPerSecond;
        if (value > config.maxBps()) {
            counters.count(BweAnomaly.REMB_ABOVE_MAX);
            value = config.maxBps();
        } else if (value < config.minBps()) {
            counters.count(BweAnomaly.REMB_BELOW_MIN);
            value = config.minBps();
        }
        if (remb < 0 || value < remb) {
            remb = value;
        } else {
            remb += (long) (REMB_INCREASE_WEIGHT * (value - remb));
        }
        if (!feedbackFresh(nowNanos)) {
            estimate = clamp(remb);
        }
        return estimate;
    }

    /** A round-trip time measured elsewhere (RTCP receiver reports); 200 ms is assumed until then. */
    public void onRtt(long rttNanos) {
        delayBased.rtt(rttNanos);
        lossBased.rtt(rttNanos);
    }

    /** Bits per second the subscriber's transport is estimated to carry, within the configured bounds. */
    public long estimate() {
        return estimate;
    }

    /** What the receiver saw arriving recently (bits per second), -1 before any feedback. */
    public long deliveredBitsPerSecond() {
        return delayBased.deliveredBitsPerSecond();
    }

    /** The loss fraction of the last loss-based update. */
    public double lossFraction() {
        return lossBased.lastLossFraction();
    }

    public BweCounters counters() {
        return counters;
    }

    public BweConfig config() {
        return config;
    }

    private boolean feedbackFresh(long nowNanos) {
        return lastFeedback != Long.MIN_VALUE && nowNanos - lastFeedback < FEEDBACK_FRESH_NANOS;
    }

    private long clamp(long bps) {
        return Math.max(config.minBps(), Math.min(config.maxBps(), bps));
    }
}
