package io.xsfu.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * One consumer of a three-encoding VP8 simulcast producer, against random streams: frames of random sizes at 30
 * fps on one capture clock (each encoding with its own sequence, timestamp, picture id and TL0PICIDX bases, 7- or
 * 15-bit picture ids), a temporal pattern (L1T1, L1T2 or L1T3) with random layer-sync frames, the three
 * encodings' packets of each instant interleaved at random (as a round-robin pacer sends them), random loss,
 * random target changes, keyframes that answer the consumer's requests after a few frames (or never, for a deaf
 * encoding), and sometimes the top encoding stopping (a publisher short of bandwidth).
 *
 * <p>The frames' references follow libvpx's temporal patterns: a keyframe none; a TL0 frame the previous TL0
 * frame; a TLt frame the last TL0 frame and, unless it is a layer-sync frame, the last frame of a layer 1..t
 * (which may be older than that TL0 frame). The properties are stated on the output, from the rules, not from the
 * implementation.
 */
class SimulcastProperties {
    private static final int ENCODINGS = 3;
    private static final int TICKS_PER_FRAME = 3000;
    private static final long FRAME_NANOS = 1_000_000_000L / 30;
    private static final long RETRY = 300_000_000L;
    private static final long STALL = 500_000_000L;
    private static final int[][] PATTERNS = {{0}, {0, 1}, {0, 2, 1, 2}};

    /** One frame of one encoding at capture instant {@code instant}. */
    static final class Frame {
        final int encoding;
        final int instant;
        final boolean key;
        final int tid;
        final boolean sync;
        final int pictureId;
        final int tl0;
        final List<Frame> refs = new ArrayList<>();
        final List<Pkt> packets = new ArrayList<>();

        Frame(int encoding, int instant, boolean key, int tid, boolean sync, int pictureId, int tl0) {
            this.encoding = encoding;
            this.instant = instant;
            this.key = key;
            this.tid = tid;
            this.sync = sync;
            this.pictureId = pictureId;
            this.tl0 = tl0;
        }

        @Override
        public String toString() {
            return "F(e" + encoding + " #" + instant + (key ? " key" : "") + " tid" + tid + (sync ? " Y" : "") + ")";
        }
    }

    static final class Pkt {
        final Frame frame;
        final int index;
        final int seq;
        final int ts;
        final boolean marker;
        boolean lost;
        long at;
        int verdict = -1;
        int outSeq;
        int outTs;
        int outPid;
        int outTl0;
        int target;
        /** Whether the encoding forwarded before this packet was still sending (the selector's "flowing"). */
        boolean previousAlive;

        Pkt(Frame frame, int index, int seq, int ts, boolean marker) {
            this.frame = frame;
            this.index = index;
            this.seq = seq;
            this.ts = ts;
            this.marker = marker;
        }

        @Override
        public String toString() {
            return frame + "[" + index + "/" + frame.packets.size() + "] seq " + seq + (marker ? " M" : "")
                    + " -> " + verdict + " out " + outSeq;
        }
    }

    /** The source: per encoding counters and the frames it sends, driven by the consumer's keyframe requests. */
    static final class Source {
        final Random rnd;
        final int pidBits[] = new int[ENCODINGS];
        final int[] seq = new int[ENCODINGS];
        final int[] tsBase = new int[ENCODINGS];
        final int[] pid = new int[ENCODINGS];
        final int[] tl0 = new int[ENCODINGS];
        final int[] lastKey = new int[ENCODINGS];
        final int[] keyDue = new int[ENCODINGS];
        final boolean[] deaf = new boolean[ENCODINGS];
        final Frame[] lastTl0 = new Frame[ENCODINGS];
        final Frame[][] lastOfLayer = new Frame[ENCODINGS][4];
        final boolean[][] syncedSinceKey = new boolean[ENCODINGS][4];
        final int[] pattern;
        final int stopEncoding;
        final int stopAt;

        Source(Random rnd, int pattern, boolean withDeaf, boolean withStop, int instants) {
            this.rnd = rnd;
            this.pattern = PATTERNS[pattern];
            for (int e = 0; e < ENCODINGS; e++) {
                pidBits[e] = rnd.nextBoolean() ? 7 : 15;
                seq[e] = rnd.nextInt(65536);
                tsBase[e] = rnd.nextInt();
                pid[e] = rnd.nextInt(1 << pidBits[e]);
                tl0[e] = rnd.nextInt(256);
                keyDue[e] = 0;
                deaf[e] = withDeaf && rnd.nextInt(3) == 0;
            }
            stopEncoding = withStop ? ENCODINGS - 1 : -1;
            stopAt = withStop ? rnd.nextInt(instants) : Integer.MAX_VALUE;
        }

        boolean sending(int e, int k) {
            return e != stopEncoding || k < stopAt;
        }

        Frame frame(int e, int k) {
            boolean key = k >= keyDue[e] || rnd.nextInt(200) == 0;
            if (key) {
                keyDue[e] = Integer.MAX_VALUE;
                lastKey[e] = k;
                lastTl0[e] = null;
                java.util.Arrays.fill(lastOfLayer[e], null);
                java.util.Arrays.fill(syncedSinceKey[e], false);
            }
            int tid = key ? 0 : pattern[(k - lastKey[e]) % pattern.length];
            boolean sync = tid > 0 && (!syncedSinceKey[e][tid] || rnd.nextInt(4) == 0);
            pid[e] = (pid[e] + 1) & ((1 << pidBits[e]) - 1);
            if (tid == 0) {
                tl0[e] = (tl0[e] + 1) & 0xFF;
            }
            Frame f = new Frame(e, k, key, tid, sync, pid[e], tl0[e]);
            if (!key) {
                f.refs.add(lastTl0[e]);
                if (tid > 0 && !sync) {
                    Frame latest = null;
                    for (int t = 1; t <= tid; t++) {
                        Frame c = lastOfLayer[e][t];
                        if (c != null && (latest == null || c.instant > latest.instant)) {
                            latest = c;
                        }
                    }
                    if (latest != null) {
                        f.refs.add(latest);
                    }
                }
            }
            if (tid > 0) {
                syncedSinceKey[e][tid] |= sync;
            }
            if (tid == 0) {
                lastTl0[e] = f;
            }
            lastOfLayer[e][tid] = f;
            int size = key ? 3 + rnd.nextInt(6) : 1 + rnd.nextInt(4);
            for (int i = 0; i < size; i++) {
                Pkt p = new Pkt(f, i, seq[e], tsBase[e] + k * TICKS_PER_FRAME, i == size - 1);
                seq[e] = (seq[e] + 1) & 0xFFFF;
                f.packets.add(p);
            }
            return f;
        }

        void requestKeyFrame(int e, int k) {
            if (!deaf[e]) {
                keyDue[e] = Math.min(keyDue[e], k + 1 + rnd.nextInt(6));
            }
        }
    }

    record Run(List<Pkt> arrivals, List<Frame> frames, int requests, int targetChanges, long switches,
               long durationNanos, Source source, SimulcastStream stream) {
    }

    static Run run(long seed, int instants, int pattern, int lossPercent, boolean clocksKnown, boolean withDeaf,
            boolean withStop) {
        Random rnd = new Random(seed);
        Source src = new Source(rnd, pattern, withDeaf, withStop, instants);
        EncodingClocks clocks = new EncodingClocks(ENCODINGS, 90_000);
        if (clocksKnown) {
            for (int e = 0; e < ENCODINGS; e++) {
                clocks.senderReport(e, src.tsBase[e], 0); // instant 0 is wall-clock 0 on every encoding
            }
        }
        LayerSelector selector = new LayerSelector(ENCODINGS, RETRY, STALL);
        SimulcastStream stream = new SimulcastStream(selector, clocks, ENCODINGS, 90_000);
        int targetS = rnd.nextInt(ENCODINGS);
        int targetT = rnd.nextInt(3);
        stream.target(targetS, targetT);
        int targetChanges = 0;
        int requests = 0;
        long[] lastArrival = new long[ENCODINGS];
        boolean[] arrived = new boolean[ENCODINGS];
        List<Pkt> arrivals = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        LayerPacket lp = new LayerPacket();
        long t0 = rnd.nextLong(1L << 40);
        for (int k = 0; k < instants; k++) {
            List<List<Pkt>> queues = new ArrayList<>();
            for (int e = 0; e < ENCODINGS; e++) {
                if (src.sending(e, k)) {
                    Frame f = src.frame(e, k);
                    frames.add(f);
                    queues.add(new ArrayList<>(f.packets));
                }
            }
            long at = t0 + k * FRAME_NANOS;
            while (!queues.isEmpty()) { // a random merge that keeps each encoding's order
                int q = rnd.nextInt(queues.size());
                Pkt p = queues.get(q).remove(0);
                if (queues.get(q).isEmpty()) {
                    queues.remove(q);
                }
                at += 100_000;
                p.at = at;
                if (rnd.nextInt(100) < lossPercent) {
                    p.lost = true;
                    continue;
                }
                if (rnd.nextInt(100) == 0) {
                    targetS = rnd.nextInt(ENCODINGS);
                    targetT = rnd.nextInt(3);
                    stream.target(targetS, targetT);
                    targetChanges++;
                }
                int e = p.frame.encoding;
                int previous = selector.currentSpatial();
                p.previousAlive = previous != LayerSelector.NONE && arrived[previous] && at - lastArrival[previous] < STALL;
                arrived[e] = true;
                lastArrival[e] = at;
                Frame f = p.frame;
                lp.rtp(e, p.seq, p.ts, p.marker, p.index == 0, f.key && p.index == 0);
                lp.temporalId = f.tid;
                lp.layerSync = f.sync;
                lp.pictureId = f.pictureId;
                lp.pictureIdBits = src.pidBits[e];
                lp.tl0PicIdx = f.tl0;
                p.target = targetS;
                p.verdict = stream.process(lp, at);
                if (p.verdict == LayerDrop.FORWARD) {
                    p.outSeq = lp.outSequence;
                    p.outTs = lp.outTimestamp;
                    p.outPid = lp.outPictureId;
                    p.outTl0 = lp.outTl0PicIdx;
                }
                if (lp.keyFrameRequest != LayerPacket.ABSENT) {
                    requests++;
                    src.requestKeyFrame(lp.keyFrameRequest, k);
                }
                arrivals.add(p);
            }
        }
        return new Run(arrivals, frames, requests, targetChanges, selector.spatialSwitches(),
                instants * FRAME_NANOS, src, stream);
    }

    @Property(tries = 300)
    void switchesAreCleanAndEverythingStaysContinuous(@ForAll long seed,
            @ForAll @IntRange(min = 30, max = 400) int instants, @ForAll @IntRange(max = 2) int pattern,
            @ForAll @IntRange(max = 15) int lossPercent, @ForAll boolean clocksKnown, @ForAll boolean withDeaf,
            @ForAll boolean withStop) {
        Run r = run(seed, instants, pattern, lossPercent, clocksKnown, withDeaf, withStop);
        List<Pkt> out = r.arrivals.stream().filter(p -> p.verdict == LayerDrop.FORWARD).toList();
        checkSwitches(out);
        checkWholeFrames(r, out);
        checkDependencies(r);
        checkSequenceNumbers(r, out);
        checkPictureIds(r, out);
        checkTimestamps(out, clocksKnown);
        long bound = 3 * (r.targetChanges + r.switches + 2) + r.durationNanos / RETRY + 1;
        if (r.requests > bound) {
            throw new AssertionError("keyframe requests " + r.requests + " above " + bound);
        }
    }

    /** The random streams do exercise what the properties are about (else they would hold vacuously). */
    @Test
    void scenariosCoverSwitchesCutsTemporalSwitchesAndLostKeyFrames() {
        long up = 0;
        long down = 0;
        long cut = 0;
        long temporal = 0;
        long timeouts = 0;
        long temporalDrops = 0;
        for (long seed = 0; seed < 40; seed++) {
            Run r = run(seed, 300, (int) (seed % 3), (int) (seed % 5), seed % 2 == 0, seed % 4 == 0, seed % 3 == 0);
            int previous = -1;
            for (Pkt p : r.arrivals) {
                if (p.verdict == LayerDrop.FORWARD) {
                    if (previous >= 0 && p.frame.encoding > previous) {
                        up++;
                    } else if (previous >= 0 && p.frame.encoding < previous) {
                        down++;
                    }
                    previous = p.frame.encoding;
                }
            }
            cut += r.stream.framesCut();
            temporal += r.stream.selector().temporalSwitches();
            timeouts += r.stream.selector().keyFrameTimeouts();
            temporalDrops += r.stream.drops(LayerDrop.TEMPORAL_LAYER);
        }
        assertTrue(up > 20 && down > 20, "switches up " + up + ", down " + down);
        assertTrue(cut > 5, "frames cut " + cut);
        assertTrue(temporal > 20 && temporalDrops > 100, "temporal switches " + temporal + ", drops " + temporalDrops);
        assertTrue(timeouts > 5, "keyframe request timeouts " + timeouts);
    }

    /** Without loss and with every encoding sending, the output never pauses: only upper temporal layers go missing. */
    @Property(tries = 150)
    void withoutLossNoBaseLayerFrameIsMissedAfterTheStart(@ForAll long seed,
            @ForAll @IntRange(min = 30, max = 300) int instants, @ForAll @IntRange(max = 2) int pattern,
            @ForAll boolean withDeaf) {
        Run r = run(seed, instants, pattern, 0, true, withDeaf, false);
        Map<Integer, List<Pkt>> byInstant = new HashMap<>();
        int first = Integer.MAX_VALUE;
        for (Pkt p : r.arrivals) {
            byInstant.computeIfAbsent(p.frame.instant, k -> new ArrayList<>()).add(p);
            if (p.verdict == LayerDrop.FORWARD) {
                first = Math.min(first, p.frame.instant);
            }
        }
        if (first == Integer.MAX_VALUE) {
            throw new AssertionError("nothing forwarded in " + instants + " frames");
        }
        int current = -1;
        for (int k = first; k < instants; k++) {
            List<Pkt> ps = byInstant.get(k);
            boolean any = false;
            for (Pkt p : ps) {
                if (p.verdict == LayerDrop.FORWARD) {
                    any = true;
                    current = p.frame.encoding;
                }
            }
            if (!any) {
                for (Pkt p : ps) {
                    if (p.frame.encoding == current && p.frame.tid == 0) {
                        throw new AssertionError("instant " + k + ": base layer frame " + p.frame + " not forwarded");
                    }
                }
            }
        }
    }

    /**
     * A run starts at the first packet of a keyframe of the encoding targeted then; an encoding below the target
     * only when nothing was flowing (the start, or the forwarded encoding stopped sending).
     */
    private static void checkSwitches(List<Pkt> out) {
        for (int i = 0; i < out.size(); i++) {
            Pkt p = out.get(i);
            if (i > 0 && out.get(i - 1).frame.encoding == p.frame.encoding) {
                continue;
            }
            if (!(p.frame.key && p.index == 0)) {
                throw new AssertionError("run starts at " + p + ", not at a keyframe's first packet");
            }
            int e = p.frame.encoding;
            boolean ok = e == p.target || e < p.target && (i == 0 || !p.previousAlive);
            if (!ok) {
                throw new AssertionError("switch to " + e + " with target " + p.target + " at " + p);
            }
        }
    }

    /**
     * A forwarded frame is forwarded from its first arrived packet on, and whole, except the last frame of a run,
     * which a switch may cut (the next output is then a keyframe, which references nothing).
     */
    private static void checkWholeFrames(Run r, List<Pkt> out) {
        Map<Frame, Integer> lastOfRun = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            if (i + 1 < out.size() && out.get(i + 1).frame.encoding != out.get(i).frame.encoding) {
                lastOfRun.put(out.get(i).frame, i);
            }
        }
        for (Frame f : r.frames) {
            boolean seenDrop = false;
            boolean anyForwarded = false;
            for (Pkt p : f.packets) {
                if (p.lost) {
                    continue;
                }
                if (p.verdict == LayerDrop.FORWARD) {
                    if (seenDrop) {
                        throw new AssertionError("frame joined half-way or resumed: " + p);
                    }
                    anyForwarded = true;
                } else {
                    seenDrop = true;
                }
            }
            if (anyForwarded && seenDrop && !lastOfRun.containsKey(f)) {
                throw new AssertionError("frame cut without a switch after it: " + f + " " + f.packets);
            }
        }
    }

    /** No forwarded frame references a frame that arrived and was dropped (wholly or partly) by the consumer. */
    private static void checkDependencies(Run r) {
        for (Frame f : r.frames) {
            if (!forwardedAny(f)) {
                continue;
            }
            for (Frame ref : f.refs) {
                for (Pkt p : ref.packets) {
                    if (!p.lost && p.verdict != LayerDrop.FORWARD) {
                        throw new AssertionError(f + " forwarded, but its reference " + ref + " was dropped: " + p);
                    }
                }
            }
        }
    }

    /**
     * Consecutive outputs: +1 at the start of a run; within a run +1 plus the packets of that encoding lost
     * upstream between them (the consumer's own drops leave no gap).
     */
    private static void checkSequenceNumbers(Run r, List<Pkt> out) {
        Map<Integer, List<Pkt>> byEncoding = new HashMap<>();
        for (Frame f : r.frames) {
            byEncoding.computeIfAbsent(f.encoding, k -> new ArrayList<>()).addAll(f.packets);
        }
        Map<Pkt, Integer> position = new HashMap<>();
        byEncoding.values().forEach(l -> {
            for (int i = 0; i < l.size(); i++) {
                position.put(l.get(i), i);
            }
        });
        for (int i = 1; i < out.size(); i++) {
            Pkt a = out.get(i - 1);
            Pkt b = out.get(i);
            int expected = 1;
            if (a.frame.encoding == b.frame.encoding) {
                List<Pkt> l = byEncoding.get(a.frame.encoding);
                for (int j = position.get(a) + 1; j < position.get(b); j++) {
                    if (l.get(j).lost) {
                        expected++;
                    }
                }
            }
            if (((b.outSeq - a.outSeq) & 0xFFFF) != expected) {
                throw new AssertionError("sequence " + a.outSeq + " then " + b.outSeq + ", expected +" + expected
                        + ": " + a + " then " + b);
            }
        }
    }

    /**
     * Per output frame: one picture id and TL0PICIDX for all its packets. Consecutive output frames: +1 at a run's
     * start (TL0PICIDX too: a keyframe is a new TL0 frame); within a run the source's step minus the frames of
     * that encoding the consumer saw and dropped between them (picture ids), the source's step (TL0PICIDX).
     */
    private static void checkPictureIds(Run r, List<Pkt> out) {
        Map<Frame, Integer> pid = new HashMap<>();
        Map<Frame, Integer> tl0 = new HashMap<>();
        List<Frame> order = new ArrayList<>();
        for (Pkt p : out) {
            Integer known = pid.putIfAbsent(p.frame, p.outPid);
            tl0.putIfAbsent(p.frame, p.outTl0);
            if (known == null) {
                order.add(p.frame);
            } else if (known != p.outPid || tl0.get(p.frame) != p.outTl0) {
                throw new AssertionError("packets of one frame with different ids: " + p);
            }
        }
        Map<Integer, List<Frame>> byEncoding = new HashMap<>();
        for (Frame f : r.frames) {
            byEncoding.computeIfAbsent(f.encoding, k -> new ArrayList<>()).add(f);
        }
        for (int i = 1; i < order.size(); i++) {
            Frame a = order.get(i - 1);
            Frame b = order.get(i);
            int bits = r.source.pidBits[b.encoding];
            int mask = (1 << bits) - 1;
            int expectedPid;
            int expectedTl0;
            if (a.encoding != b.encoding) {
                expectedPid = 1;
                expectedTl0 = 1;
            } else {
                int seenDropped = 0;
                for (Frame f : byEncoding.get(a.encoding)) {
                    if (f.instant > a.instant && f.instant < b.instant && f.packets.stream().anyMatch(p -> !p.lost)) {
                        seenDropped++;
                    }
                }
                expectedPid = ((b.pictureId - a.pictureId) & mask) - seenDropped;
                expectedTl0 = (b.tl0 - a.tl0) & 0xFF;
            }
            if (((pid.get(b) - pid.get(a)) & mask) != (expectedPid & mask)) {
                throw new AssertionError("picture id " + pid.get(a) + " then " + pid.get(b) + ", expected +"
                        + expectedPid + " (" + bits + " bits): " + a + " then " + b);
            }
            if (((tl0.get(b) - tl0.get(a)) & 0xFF) != expectedTl0) {
                throw new AssertionError("TL0PICIDX " + tl0.get(a) + " then " + tl0.get(b) + ", expected +"
                        + expectedTl0 + ": " + a + " then " + b);
            }
        }
    }

    /**
     * Never back, and a new frame strictly later; with both encodings' sender reports a switch keeps the capture
     * timeline, up to one tick per switch (a keyframe of the same instant as a frame already sent moves one tick on).
     */
    private static void checkTimestamps(List<Pkt> out, boolean clocksKnown) {
        for (int i = 1; i < out.size(); i++) {
            Pkt a = out.get(i - 1);
            Pkt b = out.get(i);
            int step = b.outTs - a.outTs;
            if (step < 0 || step == 0 && a.frame != b.frame) {
                throw new AssertionError("timestamp " + a.outTs + " then " + b.outTs + ": " + a + " then " + b);
            }
            if (clocksKnown) {
                int devA = a.outTs - a.frame.instant * TICKS_PER_FRAME;
                int devB = b.outTs - b.frame.instant * TICKS_PER_FRAME;
                int bump = devB - devA;
                boolean switched = a.frame.encoding != b.frame.encoding;
                if (bump < 0 || bump > (switched ? 1 : 0)) {
                    throw new AssertionError("off the capture timeline by " + bump + ": " + a + " then " + b);
                }
            }
        }
    }

    private static boolean forwardedAny(Frame f) {
        for (Pkt p : f.packets) {
            if (p.verdict == LayerDrop.FORWARD) {
                return true;
            }
        }
        return false;
    }
}
