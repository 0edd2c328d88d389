package io.xsfu.bwe;

/**
 * Groups received packets into bursts and reports, for each completed group, how much later it arrived
 * after the previous one than it was sent after it. Packets sent within {@link #BURST_NANOS} of a group's
 * first packet belong to it (a frame is sent as a burst, and a pacer's packets are a few ms apart); so does a
 * packet that arrives within {@link #BURST_NANOS} of the group's last one while having been sent later than
 * its propagation would allow (it queued behind the group: the same burst, drained by the bottleneck).
 *
 * <p>A group whose arrival goes backwards against the previous one is dropped (reordering); an arrival clock
 * that jumps against the send clock by more than {@link #CLOCK_JUMP_NANOS} resets the grouping: both counted.
 */
final class InterArrival {
    static final long BURST_NANOS = 5_000_000L;
    static final long CLOCK_JUMP_NANOS = 3_000_000_000L;
    private static final long MAX_BURST_GROUP_NANOS = 100_000_000L;

    private final BweCounters counters;

    private boolean haveCurrent;
    private long currentFirstSend;
    private long currentLastSend;
    private long currentFirstArrival;
    private long currentLastArrival;

    private boolean havePrevious;
    private long previousLastSend;
    private long previousLastArrival;

    /** The deltas of the group completed by the last {@link #add} that returned true. */
    long sendDelta;
    long arrivalDelta;
    long groupArrival;
    /** Set when the last {@link #add} found the arrival clock jumped (and reset); the caller clears it. */
    boolean clockJumped;

    InterArrival(BweCounters counters) {
        this.counters = counters;
    }

    /** Adds a received packet; true when it completed a group, whose deltas are then in the fields. */
    boolean add(long sendNanos, long arrivalNanos) {
        if (!haveCurrent) {
            startGroup(sendNanos, arrivalNanos);
            return false;
        }
        if (sendNanos < currentFirstSend) {
            // Sent before the current group: reordered on the way, its group has been reported already.
            return false;
        }
        if (belongsToCurrent(sendNanos, arrivalNanos)) {
            currentLastSend = Math.max(currentLastSend, sendNanos);
            currentLastArrival = Math.max(currentLastArrival, arrivalNanos);
            return false;
        }
        boolean completed = false;
        if (havePrevious) {
            long send = currentLastSend - previousLastSend;
            long arrival = currentLastArrival - previousLastArrival;
            if (arrival - send > CLOCK_JUMP_NANOS || arrival - send < -CLOCK_JUMP_NANOS) {
                counters.count(BweAnomaly.ARRIVAL_CLOCK_JUMP);
                clockJumped = true;
                reset();
                startGroup(sendNanos, arrivalNanos);
                return false;
            }
            if (arrival < 0) {
                counters.count(BweAnomaly.ARRIVAL_REORDERED);
            } else {
                sendDelta = send;
                arrivalDelta = arrival;
                groupArrival = currentLastArrival;
                completed = true;
            }
        }
        if (!completed && havePrevious) {
            // Keep the previous group as the reference: the reordered one says nothing reliable.
            startGroup(sendNanos, arrivalNanos);
            return false;
        }
        havePrevious = true;
        previousLastSend = currentLastSend;
        previousLastArrival = currentLastArrival;
        startGroup(sendNanos, arrivalNanos);
        return completed;
    }

    private boolean belongsToCurrent(long sendNanos, long arrivalNanos) {
        if (sendNanos - currentFirstSend <= BURST_NANOS) {
            return true;
        }
        long arrivalGap = arrivalNanos - currentLastArrival;
        long propagation = arrivalGap - (sendNanos - currentLastSend);
        // An arrival before the group's last one is reordering (or a clock jump), never part of the burst.
        return arrivalGap >= 0 && propagation < 0 && arrivalGap <= BURST_NANOS
                && arrivalNanos - currentFirstArrival < MAX_BURST_GROUP_NANOS;
    }

    private void startGroup(long sendNanos, long arrivalNanos) {
        haveCurrent = true;
        currentFirstSend = sendNanos;
        currentLastSend = sendNanos;
        currentFirstArrival = arrivalNanos;
        currentLastArrival = arrivalNanos;
    }

    void reset() {
        haveCurrent = false;
        havePrevious = false;
    }
}
