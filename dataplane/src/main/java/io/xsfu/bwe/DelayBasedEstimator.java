package io.xsfu.bwe;

/**
 * The rate the path carries without queues building up: arrivals are grouped ({@link InterArrival}), the
 * groups' delay variation feeds the {@link TrendlineEstimator}, whose verdict drives {@link AimdRateControl}
 * together with the rate the receiver saw arriving ({@link AckedBitrate}).
 */
final class DelayBasedEstimator {
    private final InterArrival interArrival;
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final AckedBitrate acked = new AckedBitrate();
    private final AimdRateControl rateControl;
    /** Whether the last update saw overuse (a probe that meets it stops). */
    private boolean overused;

    DelayBasedEstimator(BweConfig config, BweCounters counters) {
        this.interArrival = new InterArrival(counters);
        this.rateControl = new AimdRateControl(config.minBps(), config.maxBps(), config.startBps());
    }

    /** The packets of one feedback, received at {@code nowNanos} (the SFU's clock); returns the new rate. */
    long update(PacketResults results, long nowNanos) {
        boolean overuse = false;
        boolean anyReceived = false;
        for (int i = 0; i < results.count(); i++) {
            if (!results.received(i)) {
                continue;
            }
            anyReceived = true;
            long arrival = results.arrivalNanos(i);
            if (interArrival.add(results.sendNanos(i), arrival)) {
                Usage u = trendline.update(interArrival.arrivalDelta, interArrival.sendDelta, interArrival.groupArrival);
                overuse |= u == Usage.OVERUSE;
            }
            if (interArrival.clockJumped) {
                // Nothing measured against the old arrival clock means anything now.
                interArrival.clockJumped = false;
                trendline.reset();
                acked.reset();
            }
            acked.add(arrival, results.size(i));
        }
        overused = overuse;
        if (!anyReceived) {
            return rateControl.bitsPerSecond();
        }
        // A burst of overuse inside one feedback counts even if the last group looked normal again.
        Usage usage = overuse ? Usage.OVERUSE : trendline.usage();
        return rateControl.update(usage, acked.bitsPerSecond(), nowNanos);
    }

    long bitsPerSecond() {
        return rateControl.bitsPerSecond();
    }

    boolean overused() {
        return overused;
    }

    /** A probe showed the path carries {@code bps}: see {@link AimdRateControl#raiseTo}. */
    void raiseTo(long bps) {
        rateControl.raiseTo(bps);
    }

    long deliveredBitsPerSecond() {
        return acked.bitsPerSecond();
    }

    void rtt(long nanos) {
        rateControl.rtt(nanos);
    }
}
