package io.xsfu.rtp;

/**
 * Rewrites the RTP sequence numbers of one consumer (one outgoing copy of a producer's stream) so that the
 * subscriber sees one continuous stream whatever the SFU does upstream of it.
 *
 * <p>The rules, in extended (never wrapping) numbers:
 * <ul>
 * <li>Within an <em>epoch</em> (from one {@link #sync} to the next) output = input + offset. Numbers the source
 * skipped (upstream loss, packets still on their way) keep their output slot: gaps the source had stay gaps,
 * and a late packet fills its own slot.</li>
 * <li>{@link #drop} of a packet newer than any seen so far closes its slot: the offset shrinks by one, so the
 * next output follows the last one. A dropped packet that arrives late cannot close anything (later numbers
 * are already sent): its slot stays a gap, and a copy of it arriving later is not forwarded either.</li>
 * <li>{@link #sync} starts an epoch: the given input gets the number after the highest one sent, and anything
 * older than it in the new input space is dropped (it could only collide with numbers already sent).</li>
 * <li>A duplicate, a packet older than the epoch or more than {@link #WINDOW} behind the newest is refused
 * (-1). Jumps are the source restarting (same SSRC, new numbering): a packet more than {@link #MAX_DROPOUT}
 * ahead starts a new epoch at once; packets far behind do so when two arrive in sequence (RFC 3550 A.1's
 * rule), so one stray packet cannot derail the stream. {@link #epoch()} changes with every new epoch so the
 * caller can re-sync its {@link TimestampRewriter} too.</li>
 * </ul>
 * The first packet ever (rewritten or dropped) keeps its number. Memory is fixed: two bitmaps over the last
 * {@link #WINDOW} input numbers and a table of the last {@link #WINDOW} outputs for {@link #inputOf}.
 * Single-threaded; nothing allocates after construction.
 */
public final class SequenceRewriter {
    /** How far behind the newest input a late packet is still placed (and how many outputs {@link #inputOf} remembers). */
    public static final int WINDOW = 2048;
    /** A forward jump larger than this is the source renumbering, not loss (RFC 3550 A.1's MAX_DROPOUT). */
    public static final int MAX_DROPOUT = 3000;

    private static final int MASK = WINDOW - 1;
    /** Extended numbers start here so they stay positive; a multiple of 2^16, so outputs keep the first input's number. */
    private static final long ORIGIN = 1L << 32;
    private static final int NO_BAD_SEQ = -1;
    private static final long FAR_BEHIND = Long.MIN_VALUE;

    /** Inputs of this epoch already forwarded or dropped (late drops included): duplicates are refused. */
    private final SequenceBits seen = new SequenceBits(WINDOW);
    /** Inputs dropped while they were the newest: each one is a slot closed (counted in the offset). */
    private final SequenceBits closed = new SequenceBits(WINDOW);
    /** Output ring for {@link #inputOf}: the low 32 bits of the extended output stored at each index, and its input. */
    private final int[] outputAt = new int[WINDOW];
    private final char[] inputAt = new char[WINDOW];

    private boolean started;
    private int epoch;
    private long maxInExt;
    private int maxIn16;
    private long syncInExt;
    /** output ext = input ext + offset, for inputs newer than maxInExt. */
    private long offset;
    private long maxOutExt;
    private long syncOutExt;
    private int badSeq = NO_BAD_SEQ;

    private long duplicates;
    private long tooOld;
    private long jumps;

    /**
     * The output number for input {@code inSeq} (0..65535), or -1 if it must not be forwarded (duplicate, older
     * than the epoch or the window). May start a new epoch (see the class comment).
     */
    public int rewrite(int inSeq) {
        inSeq &= Serial.SEQ_MASK;
        long ext = locate(inSeq);
        if (ext == FAR_BEHIND) {
            tooOld++;
            return -1;
        }
        long delta = ext - maxInExt;
        if (delta > 0) {
            advance(ext, inSeq);
            seen.set(ext);
            long out = ext + offset;
            maxOutExt = out;
            remember(out, inSeq);
            return (int) out & Serial.SEQ_MASK;
        }
        if (ext < syncInExt) {
            tooOld++;
            return -1;
        }
        if (seen.get(ext)) {
            duplicates++;
            return -1;
        }
        seen.set(ext);
        // Its slot: the offset of its time, i.e. without the slots closed since.
        long out = ext + offset + closed.count(ext + 1, maxInExt);
        // Above the highest sent when everything newer was closed over: the next epoch starts after it.
        maxOutExt = Math.max(maxOutExt, out);
        remember(out, inSeq);
        return (int) out & Serial.SEQ_MASK;
    }

    /** The SFU chose not to forward {@code inSeq}: if it is the newest input so far, the output closes over it. */
    public void drop(int inSeq) {
        inSeq &= Serial.SEQ_MASK;
        long ext = locate(inSeq);
        if (ext == FAR_BEHIND) {
            return;
        }
        long delta = ext - maxInExt;
        if (delta > 0) {
            advance(ext, inSeq);
            seen.set(ext);
            closed.set(ext);
            offset--;
            return;
        }
        if (ext >= syncInExt) {
            seen.set(ext);
        }
    }

    /**
     * Starts an epoch at input {@code inSeq}, to be called with the first packet of a new source or after a
     * pause (before rewriting or dropping that packet): it gets the number after the highest one sent.
     */
    public void sync(int inSeq) {
        inSeq &= Serial.SEQ_MASK;
        if (!started) {
            start(inSeq);
        } else {
            newEpoch(inSeq);
        }
    }

    /**
     * The input number that was sent as {@code outSeq} in the current epoch among the last {@link #WINDOW}
     * outputs, or -1: what a NACK from the subscriber asks the producer's retransmission cache for.
     */
    public int inputOf(int outSeq) {
        if (!started) {
            return -1;
        }
        long outExt = maxOutExt - (((int) maxOutExt - outSeq) & Serial.SEQ_MASK);
        if (maxOutExt - outExt >= WINDOW || outExt < syncOutExt) {
            return -1;
        }
        int i = (int) outExt & MASK;
        return outputAt[i] == (int) outExt ? inputAt[i] : -1;
    }

    /** Changes whenever an epoch starts ({@link #sync} or a jump of the source's numbering). */
    public int epoch() {
        return epoch;
    }

    /** The highest output number sent (or, before any, the one before the first), 0..65535; -1 before the first packet. */
    public int maxOutput() {
        return started ? (int) maxOutExt & Serial.SEQ_MASK : -1;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Refused as older than the epoch or the window (late packets from before a sync, stray numbers). */
    public long tooOld() {
        return tooOld;
    }

    /** Epochs started because the source's numbering jumped. */
    public long jumps() {
        return jumps;
    }

    /**
     * The extended number of {@code inSeq} in the current epoch, after starting a new one if the source's
     * numbering jumped; {@link #FAR_BEHIND} for a packet a window or more behind that does not (yet) prove a
     * restart.
     */
    private long locate(int inSeq) {
        if (!started) {
            start(inSeq);
        }
        long ext = Serial.unwrap(inSeq, maxInExt, maxIn16);
        long delta = ext - maxInExt;
        if (delta > MAX_DROPOUT) {
            jumps++;
            return newEpoch(inSeq);
        }
        if (delta <= -WINDOW) {
            if (inSeq != badSeq) {
                badSeq = (inSeq + 1) & Serial.SEQ_MASK;
                return FAR_BEHIND;
            }
            jumps++;
            return newEpoch(inSeq);
        }
        return ext;
    }

    private void start(int inSeq) {
        started = true;
        maxInExt = ORIGIN + inSeq - 1;
        maxIn16 = (inSeq - 1) & Serial.SEQ_MASK;
        maxOutExt = ORIGIN + inSeq - 1;
        syncInExt = maxInExt + 1;
        syncOutExt = maxOutExt + 1;
        offset = maxOutExt + 1 - syncInExt;
        java.util.Arrays.fill(outputAt, -1);
    }

    /** Re-bases so that {@code inSeq} is the next input and maps to the next output; returns its extended number. */
    private long newEpoch(int inSeq) {
        epoch++;
        seen.clearAll();
        closed.clearAll();
        badSeq = NO_BAD_SEQ;
        // Extended input numbers keep counting up across epochs; only their relation to the wire numbers changes.
        syncInExt = maxInExt + 1;
        maxInExt = syncInExt - 1;
        maxIn16 = (inSeq - 1) & Serial.SEQ_MASK;
        syncOutExt = maxOutExt + 1;
        offset = syncOutExt - syncInExt;
        return syncInExt;
    }

    /** {@code ext} is the newest input: the bits it brings into the window belonged to numbers now out of it. */
    private void advance(long ext, int inSeq) {
        seen.clearRange(maxInExt + 1, ext);
        closed.clearRange(maxInExt + 1, ext);
        maxInExt = ext;
        maxIn16 = inSeq;
    }

    private void remember(long outExt, int inSeq) {
        int i = (int) outExt & MASK;
        outputAt[i] = (int) outExt;
        inputAt[i] = (char) inSeq;
    }
}
