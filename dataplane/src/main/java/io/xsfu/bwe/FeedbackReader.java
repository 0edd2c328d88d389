package io.xsfu.bwe;

import io.xsfu.rtcp.TransportFeedback;

/**
 * Turns one transport-wide feedback into {@link PacketResults}: each status is matched with the send time
 * and size the {@link SendHistory} kept, and received packets get an arrival time in nanoseconds of the
 * receiver's clock (the 24-bit reference time unwrapped across feedbacks, plus the receive deltas). Statuses
 * the history cannot match, and arrivals reported twice, are counted and left out; a packet reported lost is
 * reported lost once. Allocation free: one instance per transport, reused.
 */
public final class FeedbackReader implements TransportFeedback.Visitor {
    private static final int REFERENCE_BITS = 24;
    private static final long NANOS_PER_TICK = TransportFeedback.DELTA_MICROS * 1_000L;

    private final BweCounters counters;
    private boolean haveReference;
    private int lastReference;
    private long unwrappedReference;

    // The feedback being read (set for the duration of forEachPacket).
    private SendHistory history;
    private PacketResults out;
    private long ticks;
    private boolean full;

    public FeedbackReader(BweCounters counters) {
        this.counters = counters;
    }

    /** Reads a feedback that {@link TransportFeedback#validate} accepted into {@code results} (cleared first). */
    public void read(TransportFeedback feedback, SendHistory sent, PacketResults results) {
        int reference = feedback.referenceTime() & ((1 << REFERENCE_BITS) - 1);
        if (!haveReference) {
            haveReference = true;
            unwrappedReference = reference;
        } else {
            // The 24-bit reference (64 ms units) wraps every 12 days: take the nearest interpretation.
            int step = ((reference - lastReference) << (32 - REFERENCE_BITS)) >> (32 - REFERENCE_BITS);
            if (step < 0) {
                counters.count(BweAnomaly.FEEDBACK_OUT_OF_ORDER);
            }
            unwrappedReference += step;
        }
        lastReference = reference;
        history = sent;
        out = results;
        results.clear();
        ticks = unwrappedReference * TransportFeedback.TICKS_PER_REFERENCE_UNIT;
        full = false;
        feedback.forEachPacket(this);
        history = null;
        out = null;
    }

    @Override
    public void packet(int sequence, boolean received, int delta) {
        if (received) {
            // Deltas chain from packet to packet whether or not we use the packet, so add it first.
            ticks += delta;
        }
        long sendNanos = history.sendNanos(sequence);
        if (sendNanos == SendHistory.UNKNOWN) {
            counters.count(BweAnomaly.UNKNOWN_SEQUENCE);
            return;
        }
        if (full) {
            return;
        }
        byte before = history.report(sequence, received);
        if (before == SendHistory.ACKED || (!received && before == SendHistory.REPORTED_LOST)) {
            if (received) {
                counters.count(BweAnomaly.DUPLICATE_REPORT);
            }
            return;
        }
        if (!out.add(sendNanos, received ? ticks * NANOS_PER_TICK : PacketResults.NOT_RECEIVED, history.size(sequence))) {
            full = true;
            counters.count(BweAnomaly.FEEDBACK_TOO_LONG);
        }
    }
}
