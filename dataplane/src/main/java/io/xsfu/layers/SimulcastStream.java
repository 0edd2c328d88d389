package io.xsfu.layers;

import io.xsfu.rtp.Serial;
import io.xsfu.rtp.SequenceRewriter;
import io.xsfu.rtp.TimestampRewriter;

/**
 * One consumer of a simulcast producer: a {@link LayerSelector} deciding per frame, and the rewriting that makes
 * the forwarded packets one continuous stream whatever encodings and layers they came from.
 *
 * <ul>
 * <li><b>Sequence numbers</b>: each encoding numbers its own packets. A switch starts a new epoch of a
 * {@link SequenceRewriter} at the keyframe's first packet (it follows the last number sent); within a run of one
 * encoding the rewriter closes the slots of the packets this consumer drops, so the subscriber sees gaps only
 * where the source had them (and NACKs those).</li>
 * <li><b>Timestamps</b>: the encodings share a capture clock at different offsets. With both encodings' sender
 * reports ({@link EncodingClocks}) a switch keeps the exact timeline; without them the new run starts after the
 * last timestamp sent, advanced by the wall-clock time since ({@link TimestampRewriter}).</li>
 * <li><b>VP8 picture id and TL0PICIDX</b>: a run's first frame follows the last frame sent (+1); within a run
 * they move as the source's do, except that frames this consumer drops close their picture ids (frames lost
 * upstream stay gaps, so the decoder knows one is missing). A picture id that goes back or stands still on a new
 * frame is a lying descriptor: it gets the next id anyway and is counted.</li>
 * </ul>
 * A frame is identified by its encoding and RTP timestamp; the verdict, output picture id and TL0PICIDX of the
 * last {@link #FRAMES} frames of the forwarded encoding are remembered, so a late packet of a frame gets what its
 * frame got. A timestamp more than {@link #RESTART_SECONDS} behind its encoding's newest frame is a new frame
 * (the source restarted its clock), so a restarting publisher is never dropped as late forever. Single-threaded (the agent), no allocation after construction.
 */
public final class SimulcastStream {
    /** Frames remembered for late packets (and for retransmissions: {@link #pictureIdOf}). */
    public static final int FRAMES = 32;
    /** Far older than any frame the ring remembers, far newer than a timestamp wrap (13 h at 90 kHz). */
    public static final int RESTART_SECONDS = 5;
    private static final int PICTURE_ID_MASK = 0x7FFF;
    private static final int TL0_MASK = 0xFF;

    private final LayerSelector selector;
    private final EncodingClocks clocks;
    private final SequenceRewriter sequence;
    private final TimestampRewriter timestamp;
    /** A packet this far behind its encoding's newest frame is the source restarting its timestamps, not a late one. */
    private final int restartTicks;
    private int epoch = -1;
    /** The encoding of the previous run, for the timestamp offset between it and the next. */
    private int runEncoding = LayerSelector.NONE;
    /**
     * The current run's newest output sequence number and how many output numbers it spans so far (saturating at
     * 2^15): an output number less than that far behind the newest is this run's (older ones came from another
     * encoding). Counting the span, not comparing with the run's first number, stays right however long a run lasts.
     */
    private int runLastSequence = -1;
    private int runSpan;
    private boolean runFirstPending;

    // The newest frame seen of each encoding, and the verdict its packets share.
    private final boolean[] seen;
    private final int[] newestTimestamp;
    private final int[] newestVerdict;
    private final int[] newestSlot;

    // Recent frames of the forwarded encoding(s): a ring.
    private final int[] frameEncoding = new int[FRAMES];
    private final int[] frameTimestamp = new int[FRAMES];
    private final int[] frameVerdict = new int[FRAMES];
    private final int[] framePictureId = new int[FRAMES];
    private final int[] frameTl0 = new int[FRAMES];
    private int nextSlot;

    /** The current encoding's frame has packets forwarded and its marker not yet. */
    private boolean frameOpen;
    private boolean pictureIdStarted;
    private boolean pictureIdRunStart;
    private int lastInPictureId;
    private int lastInPictureIdBits;
    /** The output id that {@link #lastInPictureId} maps to (for a dropped frame: the id it would have had). */
    private int lastOutPictureId;
    private int lastSentPictureId;
    private boolean tl0Started;
    private boolean tl0RunStart;
    private int lastInTl0;
    private int lastOutTl0;

    private final long[] drops = new long[LayerDrop.END - LayerDrop.FIRST];
    private long forwarded;
    private long framesCut;
    private long badPictureIds;

    public SimulcastStream(LayerSelector selector, EncodingClocks clocks, int encodings, int clockRate) {
        this(selector, clocks, encodings, clockRate, new SequenceRewriter(), new TimestampRewriter(clockRate));
    }

    /**
     * A stream that continues the numbering of {@code sequence} and {@code timestamp} (a consumer whose source
     * became simulcast, or changed its encodings: the subscriber keeps one continuous stream).
     */
    public SimulcastStream(LayerSelector selector, EncodingClocks clocks, int encodings, int clockRate,
                           SequenceRewriter sequence, TimestampRewriter timestamp) {
        this.selector = selector;
        this.clocks = clocks;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.restartTicks = RESTART_SECONDS * clockRate;
        this.seen = new boolean[encodings];
        this.newestTimestamp = new int[encodings];
        this.newestVerdict = new int[encodings];
        this.newestSlot = new int[encodings];
        java.util.Arrays.fill(frameEncoding, LayerSelector.NONE);
    }

    /** See {@link LayerSelector#target}. */
    public void target(int spatial, int temporal) {
        selector.target(spatial, temporal);
    }

    /**
     * Selects and rewrites one packet of any of the producer's encodings: {@link LayerDrop#FORWARD} with the
     * output fields of {@code p} set, or a drop reason (counted). Either way {@code p.keyFrameRequest} says whether
     * to ask an encoding for a keyframe now.
     */
    public int process(LayerPacket p, long nowNanos) {
        int e = p.encoding;
        if (e < 0 || e >= seen.length) {
            p.keyFrameRequest = LayerPacket.ABSENT;
            return drop(LayerDrop.BAD_ENCODING);
        }
        selector.arrived(e, nowNanos);
        int verdict;
        int slot;
        int age = seen[e] ? Serial.timestampDelta(p.timestamp, newestTimestamp[e]) : 1;
        if (age > 0 || age < -restartTicks) {
            verdict = newFrame(p, nowNanos);
            slot = newestSlot[e];
        } else if (p.timestamp == newestTimestamp[e]) {
            verdict = newestVerdict[e];
            slot = newestSlot[e];
        } else {
            slot = find(e, p.timestamp);
            verdict = slot < 0 ? LayerDrop.LATE_FRAME : frameVerdict[slot];
        }
        p.keyFrameRequest = selector.keyFrameRequest(nowNanos);
        if (e != selector.currentSpatial()) {
            // Another encoding's numbering: nothing of it reaches this consumer's rewriters.
            return drop(verdict == LayerDrop.FORWARD ? LayerDrop.FRAME_CUT : verdict);
        }
        if (verdict != LayerDrop.FORWARD) {
            sequence.drop(p.sequence);
            return drop(verdict);
        }
        int outSeq = sequence.rewrite(p.sequence);
        if (outSeq < 0) {
            return drop(LayerDrop.DUPLICATE_OR_OLD);
        }
        if (sequence.epoch() != epoch) {
            // The source renumbered (a jump): its timestamps may have jumped too.
            timestamp.sync(p.timestamp, nowNanos);
            epoch = sequence.epoch();
        }
        if (runFirstPending) {
            runLastSequence = outSeq;
            runSpan = 1;
            runFirstPending = false;
        } else {
            int ahead = (short) (outSeq - runLastSequence);
            if (ahead > 0) {
                runSpan = Math.min(RUN_SPAN_MAX, runSpan + ahead);
                runLastSequence = outSeq;
            }
        }
        p.outSequence = outSeq;
        p.outTimestamp = timestamp.rewrite(p.timestamp, nowNanos);
        p.outPictureId = p.pictureId == LayerPacket.ABSENT || slot < 0 ? LayerPacket.ABSENT : framePictureId[slot];
        p.outTl0PicIdx = p.tl0PicIdx == LayerPacket.ABSENT || slot < 0 ? LayerPacket.ABSENT : frameTl0[slot];
        if (p.timestamp == newestTimestamp[e]) {
            frameOpen = !p.marker;
        }
        forwarded++;
        return LayerDrop.FORWARD;
    }

    /**
     * The picture id a retransmission of a packet of frame ({@code encoding}, {@code timestamp}) must carry, or
     * {@link LayerPacket#ABSENT} if that frame was not forwarded, had none, or is no longer remembered.
     */
    public int pictureIdOf(int encoding, int timestamp) {
        int slot = find(encoding, timestamp);
        return slot < 0 || frameVerdict[slot] != LayerDrop.FORWARD ? LayerPacket.ABSENT : framePictureId[slot];
    }

    /** As {@link #pictureIdOf}, for TL0PICIDX. */
    public int tl0PicIdxOf(int encoding, int timestamp) {
        int slot = find(encoding, timestamp);
        return slot < 0 || frameVerdict[slot] != LayerDrop.FORWARD ? LayerPacket.ABSENT : frameTl0[slot];
    }

    private int newFrame(LayerPacket p, long nowNanos) {
        int e = p.encoding;
        int previous = selector.currentSpatial();
        int verdict = selector.frame(e, p.startOfFrame, p.keyFrame, p.temporalId, p.layerSync, nowNanos);
        if (selector.switched()) {
            if (previous != LayerSelector.NONE && frameOpen) {
                framesCut++;
            }
            startRun(p, nowNanos);
        }
        seen[e] = true;
        newestTimestamp[e] = p.timestamp;
        newestVerdict[e] = verdict;
        newestSlot[e] = -1;
        if (e == selector.currentSpatial()) {
            int slot = nextSlot;
            nextSlot = (nextSlot + 1) % FRAMES;
            frameEncoding[slot] = e;
            frameTimestamp[slot] = p.timestamp;
            frameVerdict[slot] = verdict;
            framePictureId[slot] = pictureIdOf(p, verdict == LayerDrop.FORWARD);
            frameTl0[slot] = verdict == LayerDrop.FORWARD ? tl0Of(p) : LayerPacket.ABSENT;
            newestSlot[e] = slot;
            if (verdict == LayerDrop.FORWARD) {
                frameOpen = true;
            }
        }
        return verdict;
    }

    /** A new encoding starts at this packet: every numbering continues from what was sent last. */
    private void startRun(LayerPacket p, long nowNanos) {
        sequence.sync(p.sequence);
        int from = runEncoding;
        if (from != LayerSelector.NONE && from != p.encoding && clocks != null && clocks.known(from)
                && clocks.known(p.encoding)) {
            timestamp.sync(p.timestamp, timestamp.offset() - clocks.offset(from, p.encoding), nowNanos);
        } else {
            timestamp.sync(p.timestamp, nowNanos);
        }
        epoch = sequence.epoch();
        runEncoding = p.encoding;
        runFirstPending = true;
        pictureIdRunStart = true;
        tl0RunStart = true;
        frameOpen = false;
    }

    /** The output picture id of a new frame of the forwarded encoding; a dropped frame closes its id. */
    private int pictureIdOf(LayerPacket p, boolean forward) {
        int in = p.pictureId;
        if (in == LayerPacket.ABSENT) {
            return LayerPacket.ABSENT;
        }
        if (!forward) {
            int d = delta(in, lastInPictureId, p.pictureIdBits);
            if (pictureIdStarted && !pictureIdRunStart && p.pictureIdBits == lastInPictureIdBits && d > 0) {
                // Its own id is closed; ids of frames lost upstream before it stay gaps.
                lastInPictureId = in;
                lastOutPictureId = (lastOutPictureId + d - 1) & PICTURE_ID_MASK;
            }
            return LayerPacket.ABSENT;
        }
        int out;
        if (!pictureIdStarted) {
            out = in;
            pictureIdStarted = true;
        } else if (pictureIdRunStart || p.pictureIdBits != lastInPictureIdBits) {
            out = lastSentPictureId + 1;
        } else {
            int d = delta(in, lastInPictureId, p.pictureIdBits);
            if (d <= 0) {
                badPictureIds++;
                d = 1;
            }
            out = lastOutPictureId + d;
        }
        pictureIdRunStart = false;
        lastInPictureId = in;
        lastInPictureIdBits = p.pictureIdBits;
        lastOutPictureId = out & PICTURE_ID_MASK;
        lastSentPictureId = lastOutPictureId;
        return lastOutPictureId;
    }

    private int tl0Of(LayerPacket p) {
        int in = p.tl0PicIdx;
        if (in == LayerPacket.ABSENT) {
            return LayerPacket.ABSENT;
        }
        int out;
        if (!tl0Started) {
            out = in;
            tl0Started = true;
        } else if (tl0RunStart) {
            out = lastOutTl0 + 1;
        } else {
            int d = (byte) (in - lastInTl0);
            if (d < 0) {
                badPictureIds++;
                d = 0;
            }
            out = lastOutTl0 + d;
        }
        tl0RunStart = false;
        lastInTl0 = in;
        lastOutTl0 = out & TL0_MASK;
        return lastOutTl0;
    }

    /** Signed distance from {@code b} to {@code a} on the ring of {@code bits} bits. */
    private static int delta(int a, int b, int bits) {
        int shift = 32 - bits;
        return ((a - b) << shift) >> shift;
    }

    private int find(int encoding, int ts) {
        for (int i = 0; i < FRAMES; i++) {
            if (frameEncoding[i] == encoding && frameTimestamp[i] == ts) {
                return i;
            }
        }
        return -1;
    }

    private int drop(int reason) {
        drops[reason - LayerDrop.FIRST]++;
        return reason;
    }

    /**
     * Whether output sequence number {@code outSequence} belongs to the current run (so a retransmission of it comes
     * from the current encoding's packets); false for what an earlier run sent, or before anything was sent.
     */
    public boolean inCurrentRun(int outSequence) {
        if (runLastSequence < 0 || runFirstPending) {
            return false;
        }
        int back = (runLastSequence - outSequence) & 0xFFFF;
        return back < runSpan;
    }

    private static final int RUN_SPAN_MAX = 1 << 15;

    public LayerSelector selector() {
        return selector;
    }

    public SequenceRewriter sequence() {
        return sequence;
    }

    public TimestampRewriter timestamp() {
        return timestamp;
    }

    /** Packets dropped for {@code reason} (a {@link LayerDrop} reason). */
    public long drops(int reason) {
        return drops[reason - LayerDrop.FIRST];
    }

    public long forwarded() {
        return forwarded;
    }

    /** Frames of the old encoding left unfinished by a switch (the subscriber discards them: a keyframe follows). */
    public long framesCut() {
        return framesCut;
    }

    /** New frames whose picture id or TL0PICIDX went back or stood still (lying descriptors). */
    public long badPictureIds() {
        return badPictureIds;
    }
}
