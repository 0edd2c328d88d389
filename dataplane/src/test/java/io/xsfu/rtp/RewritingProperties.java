package io.xsfu.rtp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * One consumer's rewriting, against random streams: epochs (source switches or pauses, each a fresh random
 * numbering and timestamp base, often near the wrap) with upstream loss in bursts, reordering, duplicates
 * and packets the SFU drops. The consumer does what a real one does: {@code sync} both rewriters on the first
 * packet of an epoch, then {@code drop} or {@code rewrite} each packet.
 *
 * <p>The expected output number is stated from the rules, not the implementation: within an epoch each
 * source packet owns one slot, except a packet the SFU dropped while it was the newest (closed); an output
 * is one after the previous epochs' highest plus the open slots before it in its epoch. Duplicates and
 * packets from before the epoch's first are refused.
 */
class RewritingProperties {
    private static final long MS = 1_000_000L;
    private static final int CLOCK = 90_000;

    /** A packet as the consumer sees it: which epoch, its place in its source's order, wire fields, arrival, SFU verdict. */
    record Arrival(int epoch, int index, int seq, int ts, long at, boolean sfuDrop) {
    }

    /** A forwarded packet: the expected extended output number and what the rewriters produced. */
    record Output(int arrival, long outExt, int out, int tsIn, int tsOut, int epoch, long at) {
    }

    @Property(tries = 400)
    boolean outputNumbersFollowTheRulesAndTimestampsNeverGoBack(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int epochs, @ForAll @IntRange(max = 30) int lossPercent,
            @ForAll @IntRange(max = 30) int duplicatePercent, @ForAll @IntRange(max = 60) int dropPercent,
            @ForAll @IntRange(max = 40) int maxDisplacement) {
        List<Arrival> arrivals = scenario(new Random(seed), epochs, lossPercent, duplicatePercent, dropPercent,
                maxDisplacement);
        List<Output> outputs = run(arrivals);
        checkDistinct(outputs);
        checkTimestamps(arrivals, outputs);
        return true;
    }

    /**
     * The brief's wording, checked directly on in-order streams: consecutive outputs of an epoch differ by one
     * plus the packets lost upstream between them (SFU drops leave no gap, source gaps stay), and each epoch
     * starts right after the last output before it.
     */
    @Property(tries = 300)
    boolean inOrderStreamsHaveExactlyTheSourceGaps(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int epochs,
            @ForAll @IntRange(max = 30) int lossPercent, @ForAll @IntRange(max = 60) int dropPercent) {
        List<Arrival> arrivals = scenario(new Random(seed), epochs, lossPercent, 0, dropPercent, 0);
        SequenceRewriter seq = new SequenceRewriter();
        int lastOut = -1;
        int previousIndex = -1;
        int lostSinceLastOut = 0;
        int epoch = -1;
        for (Arrival a : arrivals) {
            if (a.epoch != epoch) {
                epoch = a.epoch;
                seq.sync(a.seq);
                previousIndex = a.index - 1; // what the source had before the epoch is not part of it
                lostSinceLastOut = 0;
            }
            lostSinceLastOut += a.index - previousIndex - 1;
            previousIndex = a.index;
            if (a.sfuDrop) {
                seq.drop(a.seq);
                continue;
            }
            int out = seq.rewrite(a.seq);
            if (out < 0 || (lastOut >= 0 && ((out - lastOut) & 0xFFFF) != 1 + lostSinceLastOut)) {
                throw new AssertionError("epoch " + a.epoch + " index " + a.index + ": output " + out + " after "
                        + lastOut + " with " + lostSinceLastOut + " lost between");
            }
            lastOut = out;
            lostSinceLastOut = 0;
        }
        return true;
    }

    static List<Arrival> scenario(Random rnd, int epochs, int lossPercent, int duplicatePercent, int dropPercent,
            int maxDisplacement) {
        record Pending(double key, int index) {
        }
        List<Arrival> all = new ArrayList<>();
        long t = rnd.nextLong(1L << 40); // any nanoTime origin
        for (int e = 0; e < epochs; e++) {
            int n = 1 + rnd.nextInt(400);
            int seqBase = rnd.nextBoolean() ? rnd.nextInt(65536) : 65536 - 1 - rnd.nextInt(300);
            int tsBase = rnd.nextBoolean() ? rnd.nextInt() : -1 - rnd.nextInt(3000 * 100);
            int perFrame = 1 + rnd.nextInt(4);
            boolean[] dropped = new boolean[n];
            List<Pending> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                dropped[i] = rnd.nextInt(100) < dropPercent;
                if (rnd.nextInt(100) < lossPercent) {
                    i += rnd.nextInt(4) == 0 ? rnd.nextInt(30) : 0; // sometimes a burst
                    continue;
                }
                pending.add(new Pending(i + rnd.nextDouble() * maxDisplacement, i));
                if (rnd.nextInt(100) < duplicatePercent) {
                    pending.add(new Pending(i + rnd.nextDouble() * (maxDisplacement + 5), i));
                }
            }
            pending.sort(Comparator.comparingDouble(Pending::key));
            for (Pending p : pending) {
                all.add(new Arrival(e, p.index, (seqBase + p.index) & 0xFFFF, tsBase + p.index / perFrame * 3000,
                        t + (long) (p.key * 5 * MS), dropped[p.index]));
            }
            t += (long) (n + maxDisplacement + 5) * 5 * MS + rnd.nextLong(5000 * MS); // then a pause
        }
        return all;
    }

    /** Feeds the arrivals through a consumer's rewriters, checking every number against the rules. */
    static List<Output> run(List<Arrival> arrivals) {
        SequenceRewriter seq = new SequenceRewriter();
        TimestampRewriter ts = new TimestampRewriter(CLOCK);
        List<Output> outputs = new ArrayList<>();
        long prevMax = 0;
        long epochMax = 0;
        int epoch = -1;
        int syncIndex = 0;
        Set<Integer> arrived = new HashSet<>();
        Set<Integer> closed = new HashSet<>();
        int newest = -1;
        for (int n = 0; n < arrivals.size(); n++) {
            Arrival a = arrivals.get(n);
            if (a.epoch != epoch) {
                if (epoch < 0) {
                    prevMax = a.seq - 1; // the first packet keeps its number
                    epochMax = prevMax;
                }
                prevMax = Math.max(prevMax, epochMax);
                epoch = a.epoch;
                syncIndex = a.index;
                arrived.clear();
                closed.clear();
                newest = -1;
                seq.sync(a.seq);
                ts.sync(a.ts, a.at);
            }
            boolean refused = a.index < syncIndex || arrived.contains(a.index);
            if (a.sfuDrop) {
                if (!refused && a.index > newest) {
                    closed.add(a.index);
                }
                seq.drop(a.seq);
            } else {
                int out = seq.rewrite(a.seq);
                if (refused) {
                    if (out != -1) {
                        throw new AssertionError("refused packet forwarded: " + a + " as " + out);
                    }
                } else {
                    int open = a.index - syncIndex;
                    for (int c : closed) {
                        if (c < a.index) {
                            open--;
                        }
                    }
                    long expected = prevMax + 1 + open;
                    if (out != (int) (expected & 0xFFFF)) {
                        throw new AssertionError(a + ": output " + out + ", expected " + (expected & 0xFFFF));
                    }
                    outputs.add(new Output(n, expected, out, a.ts, ts.rewrite(a.ts, a.at), a.epoch, a.at));
                    epochMax = Math.max(epochMax, expected);
                }
            }
            arrived.add(a.index);
            newest = Math.max(newest, a.index);
        }
        return outputs;
    }

    private static void checkDistinct(List<Output> outputs) {
        Set<Long> seen = new HashSet<>();
        Set<Integer> wire = new HashSet<>();
        for (Output o : outputs) {
            if (!seen.add(o.outExt) || !wire.add(o.out)) { // fewer than 65,536 outputs: wire numbers too
                throw new AssertionError("output sent twice: " + o);
            }
        }
    }

    /**
     * In output-number order timestamps never go back on the 32-bit ring (each epoch strictly after the one
     * before); within an epoch they move exactly as the source's; an epoch starts after the highest timestamp
     * sent, advanced by the wall-clock time since it first went out (at least one tick).
     */
    private static void checkTimestamps(List<Arrival> arrivals, List<Output> outputs) {
        List<Output> byNumber = new ArrayList<>(outputs);
        byNumber.sort(Comparator.comparingLong(Output::outExt));
        for (int i = 1; i < byNumber.size(); i++) {
            Output prev = byNumber.get(i - 1);
            Output cur = byNumber.get(i);
            int step = cur.tsOut - prev.tsOut;
            if (step < 0 || (cur.epoch != prev.epoch && step == 0)) {
                throw new AssertionError("timestamp went back: " + prev + " then " + cur);
            }
        }
        // Expected offsets per epoch, from the arrival order.
        int maxTs = 0;
        long maxTsAt = 0;
        boolean started = false;
        int epoch = -1;
        int offset = 0;
        int k = 0;
        for (int n = 0; n < arrivals.size(); n++) {
            Arrival a = arrivals.get(n);
            if (a.epoch != epoch) {
                epoch = a.epoch;
                if (!started) {
                    started = true;
                    maxTs = a.ts;
                    maxTsAt = a.at;
                    offset = 0;
                } else {
                    long elapsed = a.at - maxTsAt;
                    long advance = elapsed <= 0 ? 1 : Math.max(1, Math.min(elapsed * CLOCK / 1_000_000_000L, 1L << 30));
                    offset = (int) (maxTs + advance) - a.ts;
                }
            }
            if (k < outputs.size() && outputs.get(k).arrival == n) {
                Output o = outputs.get(k++);
                if (o.tsOut != o.tsIn + offset) {
                    throw new AssertionError("timestamp " + o + " expected offset " + offset);
                }
                if (o.tsOut - maxTs > 0) {
                    maxTs = o.tsOut;
                    maxTsAt = o.at;
                }
            }
        }
        if (k != outputs.size()) {
            throw new AssertionError("outputs not matched to arrivals: " + k + " of " + outputs.size());
        }
    }
}
