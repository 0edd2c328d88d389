package io.xsfu.rtp;

/**
 * Rewrites the RTP timestamps of one consumer: output = input + offset (mod 2^32), the offset chosen anew at
 * each {@link #sync} (a source switch, a resume after a pause, a jump of the source's numbering).
 *
 * <p>At a sync the new source's packet gets the highest timestamp sent so far advanced by the wall-clock time
 * elapsed since that timestamp first went out, in clock ticks (at least one, so two frames never share a
 * timestamp): the subscriber's jitter buffer and A/V sync see a pause as a pause, not as a jump of hours or a
 * step back. Timestamps compare on the 32-bit ring ({@link Serial#timestampDelta}), so the output is
 * monotonic across wrap-around: within an epoch it moves exactly as the source's does, and each epoch starts
 * after everything sent before.
 *
 * <p>The first packet keeps its timestamp. Single-threaded, no allocation.
 */
public final class TimestampRewriter {
    /**
     * A pause longer than this many ticks advances the timestamp by only this much: half the ring (2^31) is
     * where "ahead" turns into "behind"; 2^30 keeps a margin (3.3 hours at 90 kHz, 6.2 hours at 48 kHz).
     */
    public static final long MAX_ADVANCE_TICKS = 1L << 30;

    private final int clockRate;
    private boolean started;
    private int offset;
    private int maxOut;
    /** When the packet that first carried {@link #maxOut} arrived. */
    private long maxOutArrivalNanos;
    private long syncs;

    public TimestampRewriter(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /** The output timestamp of a packet forwarded now (after {@link #sync} if it starts an epoch). */
    public int rewrite(int inTimestamp, long arrivalNanos) {
        if (!started) {
            begin(inTimestamp, arrivalNanos);
        }
        int out = inTimestamp + offset;
        if (Serial.timestampDelta(out, maxOut) > 0) {
            maxOut = out;
            maxOutArrivalNanos = arrivalNanos;
        }
        return out;
    }

    /** Makes {@code inTimestamp}, arriving at {@code arrivalNanos}, the first timestamp of a new epoch. */
    public void sync(int inTimestamp, long arrivalNanos) {
        if (!started) {
            begin(inTimestamp, arrivalNanos);
            return;
        }
        syncs++;
        long elapsed = arrivalNanos - maxOutArrivalNanos;
        long advance = elapsed <= 0 ? 1 : Math.clamp(Serial.ticks(elapsed, clockRate), 1, MAX_ADVANCE_TICKS);
        offset = (int) (maxOut + advance) - inTimestamp;
    }

    /**
     * Starts an epoch with a known {@code offset}: the new source's timestamps are on the same clock as the old
     * one's, {@code offset} apart (the encodings of one simulcast producer, related by their sender reports), so
     * output = input + offset keeps the subscriber's timeline exact. If that would not be after the highest
     * timestamp sent (the new source's frame is the same instant as one already sent, or the reports are off),
     * the epoch starts one tick after it instead, so two frames never share a timestamp and none goes back.
     */
    public void sync(int inTimestamp, int offset, long arrivalNanos) {
        if (!started) {
            begin(inTimestamp, arrivalNanos);
            return;
        }
        syncs++;
        this.offset = Serial.timestampDelta(inTimestamp + offset, maxOut) > 0 ? offset : maxOut + 1 - inTimestamp;
    }

    public int clockRate() {
        return clockRate;
    }

    /** The current offset (output - input, mod 2^32): what a retransmitted packet of this epoch needs too. */
    public int offset() {
        return offset;
    }

    /** The highest timestamp sent (on the ring); meaningless before the first packet. */
    public int maxOutput() {
        return maxOut;
    }

    public long syncs() {
        return syncs;
    }

    private void begin(int inTimestamp, long arrivalNanos) {
        started = true;
        offset = 0;
        maxOut = inTimestamp;
        maxOutArrivalNanos = arrivalNanos;
    }
}
