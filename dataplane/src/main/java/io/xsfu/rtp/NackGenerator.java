package io.xsfu.rtp;

/**
 * Detects upstream loss on one producer's stream and says which sequence numbers to NACK and when.
 *
 * <p>Every received sequence number goes to {@link #receive}. When a number newer than all before arrives,
 * the numbers skipped are <em>missing</em>; a missing number that arrives later (reordered, or retransmitted
 * after a NACK) stops being missing. {@link #collect}, called regularly (say every 10-20 ms) with the time,
 * yields the numbers to NACK now: each one once it has been missing for the reorder delay, then again every
 * retry interval (the RTT, see {@link #rtt}), at most {@code maxRetries} times, and never once it has been
 * missing longer than the max age (the producer no longer has it). Those limits end an entry.
 *
 * <p>At most {@code maxMissing} numbers are tracked. When a gap would exceed that, the entries older than the
 * last keyframe seen go first (the decoder can restart from it); if that is not enough everything is given up
 * and a keyframe is requested instead ({@link #takeKeyFrameRequest}). A jump of the source's numbering (more
 * than {@link SequenceRewriter#MAX_DROPOUT} ahead, or two packets in sequence far behind) starts afresh and
 * requests a keyframe too.
 *
 * <p>State: a bitmap of missing numbers over the last {@link #WINDOW} numbers and, per window position, when
 * the number went missing, when it was last NACKed and how often. Single-threaded; no allocation after
 * construction.
 */
public final class NackGenerator {
    /** Numbers tracked behind the newest; anything older is given up. */
    public static final int WINDOW = 4096;
    public static final int DEFAULT_MAX_MISSING = 1000;
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final long DEFAULT_REORDER_DELAY_NANOS = 10_000_000L;
    public static final long DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;
    public static final long DEFAULT_RTT_NANOS = 100_000_000L;
    /** A measured RTT below this would NACK faster than a retransmission can come back through the SFU's own loop. */
    public static final long MIN_RETRY_INTERVAL_NANOS = 10_000_000L;

    /** {@link #receive}: newer than all before. */
    public static final int NEW = 0;
    /** {@link #receive}: a missing number arrived (reordered, or the answer to a NACK if {@link #lastRecoveredWasNacked}). */
    public static final int RECOVERED = 1;
    /** {@link #receive}: seen before, given up, or too old to matter. */
    public static final int IGNORED = 2;

    private static final int MASK = WINDOW - 1;
    private static final long ORIGIN = 1L << 32;
    private static final int NO_BAD_SEQ = -1;

    private final int maxMissing;
    private final int maxRetries;
    private final long reorderDelayNanos;
    private final long maxAgeNanos;
    private long retryIntervalNanos = DEFAULT_RTT_NANOS;

    private final SequenceBits missing = new SequenceBits(WINDOW);
    private final long[] missingSince = new long[WINDOW];
    private final long[] lastNacked = new long[WINDOW];
    private final byte[] retries = new byte[WINDOW];

    private boolean started;
    /** Extended numbers are kept aligned with the wire: ext & 0xFFFF is the sequence number. */
    private long maxExt;
    private long lastKeyFrameExt = Long.MIN_VALUE;
    private int missingCount;
    private int badSeq = NO_BAD_SEQ;
    private boolean keyFrameRequested;
    private boolean lastRecoveredWasNacked;

    private long nacksSent;
    private long recovered;
    private long gaveUpRetries;
    private long gaveUpAge;
    private long droppedBeforeKeyFrame;
    private long overflows;
    private long restarts;

    public NackGenerator() {
        this(DEFAULT_MAX_MISSING, DEFAULT_MAX_RETRIES, DEFAULT_REORDER_DELAY_NANOS, DEFAULT_MAX_AGE_NANOS);
    }

    public NackGenerator(int maxMissing, int maxRetries, long reorderDelayNanos, long maxAgeNanos) {
        if (maxMissing < 1 || maxMissing > WINDOW || maxRetries < 1 || maxRetries > Byte.MAX_VALUE
                || reorderDelayNanos < 0 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("bad NACK limits: maxMissing=" + maxMissing + " maxRetries=" + maxRetries
                    + " reorderDelay=" + reorderDelayNanos + " maxAge=" + maxAgeNanos);
        }
        this.maxMissing = maxMissing;
        this.maxRetries = maxRetries;
        this.reorderDelayNanos = reorderDelayNanos;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * A packet with sequence number {@code seq} arrived at {@code nowNanos}; {@code keyFrame} if it belongs
     * to a keyframe (ideally its first packet). Returns {@link #NEW}, {@link #RECOVERED} or {@link #IGNORED}.
     */
    public int receive(int seq, boolean keyFrame, long nowNanos) {
        seq &= Serial.SEQ_MASK;
        if (!started) {
            restart(seq, keyFrame);
            return NEW;
        }
        int delta = Serial.seqDelta(seq, (int) maxExt & Serial.SEQ_MASK);
        if (delta > SequenceRewriter.MAX_DROPOUT) {
            renumbered(seq, keyFrame);
            return NEW;
        }
        if (delta <= 0) {
            if (delta <= -WINDOW) {
                if (seq != badSeq) {
                    badSeq = (seq + 1) & Serial.SEQ_MASK;
                    return IGNORED;
                }
                renumbered(seq, keyFrame);
                return NEW;
            }
            long ext = maxExt + delta;
            if (!missing.get(ext)) {
                return IGNORED;
            }
            lastRecoveredWasNacked = retries[(int) ext & MASK] > 0;
            remove(ext);
            recovered++;
            return RECOVERED;
        }
        long ext = maxExt + delta;
        // Positions entering the window held numbers WINDOW older: those entries are given up.
        int aged = missing.clearRange(maxExt + 1 - WINDOW, ext - WINDOW);
        missingCount -= aged;
        gaveUpAge += aged;
        addGap(maxExt + 1, ext - 1, nowNanos);
        maxExt = ext;
        if (keyFrame) {
            lastKeyFrameExt = ext;
        }
        return NEW;
    }

    /**
     * Writes the sequence numbers to NACK now into {@code out} (oldest first) and returns how many; at most
     * {@code out.length}, the rest come at the next call. Entries past their limits are given up here.
     */
    public int collect(long nowNanos, int[] out) {
        if (missingCount == 0) {
            return 0;
        }
        int n = 0;
        long ext = missing.nextSet(maxExt - WINDOW + 1, maxExt);
        while (ext != SequenceBits.NONE && n < out.length) {
            int i = (int) ext & MASK;
            long age = nowNanos - missingSince[i];
            if (age > maxAgeNanos) {
                remove(ext);
                gaveUpAge++;
            } else if (age >= reorderDelayNanos
                    && (retries[i] == 0 || nowNanos - lastNacked[i] >= retryIntervalNanos)) {
                out[n++] = (int) ext & Serial.SEQ_MASK;
                nacksSent++;
                lastNacked[i] = nowNanos;
                if (++retries[i] >= maxRetries) {
                    // This was the last try: a retransmission still finds nothing to recover, which is fine.
                    remove(ext);
                    gaveUpRetries++;
                }
            }
            ext = missing.nextSet(ext + 1, maxExt);
        }
        return n;
    }

    /** The round trip to the producer, from RTCP: NACKs for one number are repeated no faster than this. */
    public void rtt(long rttNanos) {
        retryIntervalNanos = Math.max(MIN_RETRY_INTERVAL_NANOS, rttNanos);
    }

    /** True once after the tracking had to give up on a gap (list overflow, renumbering): ask for a keyframe. */
    public boolean takeKeyFrameRequest() {
        boolean r = keyFrameRequested;
        keyFrameRequested = false;
        return r;
    }

    /** After {@link #RECOVERED}: whether that number had been NACKed (a repair) or was merely reordered. */
    public boolean lastRecoveredWasNacked() {
        return lastRecoveredWasNacked;
    }

    public boolean isMissing(int seq) {
        if (!started) {
            return false;
        }
        int delta = Serial.seqDelta(seq & Serial.SEQ_MASK, (int) maxExt & Serial.SEQ_MASK);
        return delta < 0 && delta > -WINDOW && missing.get(maxExt + delta);
    }

    public int missingCount() {
        return missingCount;
    }

    public long nacksSent() {
        return nacksSent;
    }

    public long recovered() {
        return recovered;
    }

    public long gaveUpRetries() {
        return gaveUpRetries;
    }

    public long gaveUpAge() {
        return gaveUpAge;
    }

    /** Entries dropped to make room because a keyframe after them makes them unnecessary. */
    public long droppedBeforeKeyFrame() {
        return droppedBeforeKeyFrame;
    }

    /** Gaps given up for a keyframe request because the list was full. */
    public long overflows() {
        return overflows;
    }

    /** Restarts because the source's numbering jumped. */
    public long restarts() {
        return restarts;
    }

    /** Forgets everything (the producer's stream was replaced). */
    public void reset() {
        started = false;
        missing.clearAll();
        missingCount = 0;
        badSeq = NO_BAD_SEQ;
        keyFrameRequested = false;
        lastKeyFrameExt = Long.MIN_VALUE;
    }

    private void addGap(long from, long to, long nowNanos) {
        int gap = (int) (to - from + 1);
        if (gap <= 0) {
            return;
        }
        if (missingCount + gap > maxMissing && lastKeyFrameExt > maxExt - WINDOW) {
            int dropped = missing.clearRange(maxExt - WINDOW + 1, lastKeyFrameExt - 1);
            missingCount -= dropped;
            droppedBeforeKeyFrame += dropped;
        }
        if (missingCount + gap > maxMissing) {
            overflows++;
            missing.clearAll();
            missingCount = 0;
            keyFrameRequested = true;
            return;
        }
        for (long e = from; e <= to; e++) {
            int i = (int) e & MASK;
            missing.set(e);
            missingSince[i] = nowNanos;
            lastNacked[i] = 0;
            retries[i] = 0;
        }
        missingCount += gap;
    }

    private void remove(long ext) {
        missing.clear(ext);
        missingCount--;
    }

    private void renumbered(int seq, boolean keyFrame) {
        restarts++;
        keyFrameRequested = true;
        missing.clearAll();
        missingCount = 0;
        restart(seq, keyFrame);
    }

    private void restart(int seq, boolean keyFrame) {
        started = true;
        maxExt = ORIGIN + seq;
        badSeq = NO_BAD_SEQ;
        lastKeyFrameExt = keyFrame ? maxExt : Long.MIN_VALUE;
    }
}
