package io.xsfu.bwe;

import io.xsfu.rtcp.TransportFeedback;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One subscriber transport's estimation state as the forwarding agent keeps it: what the SFU sent under its
 * transport-wide sequence numbers, the reader that matches feedback against that, and the estimator. The
 * estimate is published to a per-participant gauge when it changes, and this transport's anomalies are added
 * to counters shared by all transports, so that the control side sees both without reading agent state.
 * Agent thread only; allocation free after construction.
 */
public final class TransportBandwidth {
    private final SendHistory history = new SendHistory();
    private final BandwidthEstimator estimator;
    private final FeedbackReader reader;
    private final AtomicCounter estimateGauge;
    /** Global counters by {@link BweAnomaly}, shared with other transports: only deltas are added. */
    private final AtomicCounter[] anomalies;
    private final long[] exported = new long[BweAnomaly.END];
    /** Global counters by {@link ProbeOutcome}, shared with other transports: only deltas are added. */
    private final AtomicCounter[] probeOutcomes;
    private final long[] exportedProbes = new long[ProbeOutcome.END];
    private long published = -1;

    /**
     * @param estimateGauge where the estimate (bits per second) is set; owned (closed) by this instance
     * @param anomalies     global counters indexed by {@link BweAnomaly}, not owned
     * @param probeOutcomes global counters indexed by {@link ProbeOutcome}, not owned
     */
    public TransportBandwidth(BweConfig config, AtomicCounter estimateGauge, AtomicCounter[] anomalies,
                              AtomicCounter[] probeOutcomes) {
        if (anomalies.length != BweAnomaly.END) {
            throw new IllegalArgumentException("one counter per anomaly: " + anomalies.length);
        }
        if (probeOutcomes.length != ProbeOutcome.END) {
            throw new IllegalArgumentException("one counter per probe outcome: " + probeOutcomes.length);
        }
        this.probeOutcomes = probeOutcomes;
        this.estimator = new BandwidthEstimator(config);
        this.reader = new FeedbackReader(estimator.counters());
        this.estimateGauge = estimateGauge;
        this.anomalies = anomalies;
        publish();
    }

    /** A copy stamped with transport-wide {@code sequence} left for the egress at {@code nowNanos}. */
    public void sent(int sequence, long nowNanos, int bytes) {
        history.sent(sequence, nowNanos, bytes);
    }

    /**
     * A transport-wide feedback from the subscriber (validated by the compound parser), read into
     * {@code scratch} (shared by all transports of the agent: it only lives for this call).
     */
    public long onTransportFeedback(TransportFeedback feedback, PacketResults scratch, long nowNanos) {
        reader.read(feedback, history, scratch);
        estimator.onTransportFeedback(scratch, nowNanos);
        publish();
        return estimator.estimate();
    }

    /** A REMB from the subscriber (any value: the estimator clamps and counts what no link could carry). */
    public long onRemb(long bitsPerSecond, long nowNanos) {
        estimator.onRemb(bitsPerSecond, nowNanos);
        publish();
        return estimator.estimate();
    }

    /**
     * The agent starts sending about {@code targetBps} here (media plus probe packets); the packets sent until
     * {@link #endProbe} are the probe's. A probe already on is settled first.
     */
    public void startProbe(long targetBps, long nowNanos) {
        estimator.startProbe(targetBps, nowNanos);
        publish();
    }

    /** The agent stopped sending probe packets (its time is up, or {@link #probing} said stop). */
    public void endProbe(long nowNanos) {
        estimator.endProbe(nowNanos);
    }

    /** Whether the agent should go on sending the probe: false once overuse or loss stopped it. */
    public boolean probing() {
        return estimator.probing();
    }

    public long estimate() {
        return estimator.estimate();
    }

    public BandwidthEstimator estimator() {
        return estimator;
    }

    public SendHistory history() {
        return history;
    }

    private void publish() {
        long estimate = estimator.estimate();
        if (estimate != published) {
            published = estimate;
            estimateGauge.setRelease(estimate);
        }
        BweCounters counts = estimator.counters();
        for (int a = 0; a < BweAnomaly.END; a++) {
            long now = counts.get(a);
            if (now != exported[a]) {
                anomalies[a].getAndAddRelease(now - exported[a]);
                exported[a] = now;
            }
        }
        for (int o = 0; o < ProbeOutcome.END; o++) {
            long now = estimator.probeOutcomes(o);
            if (now != exportedProbes[o]) {
                probeOutcomes[o].getAndAddRelease(now - exportedProbes[o]);
                exportedProbes[o] = now;
            }
        }
    }

    /** Frees the gauge (the transport left, or restarted on another port); the global counters keep their sums. */
    public void close() {
        estimateGauge.close();
    }
}
