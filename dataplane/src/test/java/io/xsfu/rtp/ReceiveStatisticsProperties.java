package io.xsfu.rtp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Receive statistics against a straightforward implementation of the definitions: unwrap every number to
 * the one nearest the highest so far (64-bit, no cycles to count), expected = highest - base + 1, lost =
 * expected - received, fraction = lost in the interval / expected in the interval, and the jitter estimate
 * J += (|D| - J) / 16 in floating point with arrival times converted exactly. Streams start with two packets
 * in sequence (probation), then lose, reorder (by random network delay) and duplicate packets; numbers and
 * timestamps start anywhere, often just before their wrap.
 */
class ReceiveStatisticsProperties {
    private static final long MS = 1_000_000L;

    record Arrival(int index, long at) {
    }

    /** The definitions, written the obvious way. */
    static final class Reference {
        final int clockRate;
        boolean first = true;
        boolean second = true;
        long base;
        long highest;
        long received;
        long expectedPrior;
        long receivedPrior;
        long firstArrival;
        boolean haveTransit;
        long lastArrivalTicks;
        int lastTimestamp;
        double jitter;

        Reference(int clockRate) {
            this.clockRate = clockRate;
        }

        void receive(int seq, int timestamp, long at) {
            if (first) {
                first = false;
                firstArrival = at;
                return;
            }
            long ext;
            if (second) {
                second = false;
                ext = seq;
                base = ext;
                highest = ext;
            } else {
                ext = highest + (short) (seq - (int) highest);
                highest = Math.max(highest, ext);
            }
            received++;
            long ticks = (at - firstArrival) * clockRate / 1_000_000_000L;
            if (haveTransit) {
                long d = (ticks - lastArrivalTicks) - (timestamp - lastTimestamp); // int difference: the ring
                jitter += (Math.abs(d) - jitter) / 16;
            }
            haveTransit = true;
            lastArrivalTicks = ticks;
            lastTimestamp = timestamp;
        }

        long expected() {
            return highest - base + 1;
        }

        int fraction() {
            long e = expected() - expectedPrior;
            long r = received - receivedPrior;
            expectedPrior = expected();
            receivedPrior = received;
            return e == 0 || e - r <= 0 ? 0 : (int) (((e - r) * 256) / e);
        }
    }

    @Property(tries = 300)
    boolean matchesTheDefinitions(@ForAll long seed, @ForAll @IntRange(min = 2, max = 3000) int packets,
            @ForAll @IntRange(max = 20) int lossPercent, @ForAll @IntRange(max = 20) int duplicatePercent,
            @ForAll @IntRange(max = 60) int maxDelayMs, @ForAll boolean audio) {
        Random rnd = new Random(seed);
        int clockRate = audio ? 48000 : 90000;
        int ticksPerPacket = audio ? 960 : 1500;
        int seqBase = rnd.nextBoolean() ? rnd.nextInt(65536) : 65536 - 2 - rnd.nextInt(packets);
        int tsBase = rnd.nextBoolean() ? rnd.nextInt() : -1 - rnd.nextInt(ticksPerPacket * packets);
        long origin = rnd.nextLong(1L << 50);
        List<Arrival> arrivals = new ArrayList<>();
        arrivals.add(new Arrival(0, origin));
        arrivals.add(new Arrival(1, origin + 20 * MS));
        for (int i = 2; i < packets; i++) {
            if (rnd.nextInt(100) < lossPercent) {
                i += rnd.nextInt(4) == 0 ? rnd.nextInt(30) : 0;
                continue;
            }
            long sent = origin + (i + 2) * 20 * MS;
            arrivals.add(new Arrival(i, sent + rnd.nextLong(maxDelayMs * MS + 1)));
            if (rnd.nextInt(100) < duplicatePercent) {
                arrivals.add(new Arrival(i, sent + rnd.nextLong(maxDelayMs * MS + 1)));
            }
        }
        arrivals.subList(2, arrivals.size()).sort(Comparator.comparingLong(Arrival::at));

        ReceiveStatistics stats = new ReceiveStatistics(clockRate);
        Reference ref = new Reference(clockRate);
        for (int n = 0; n < arrivals.size(); n++) {
            Arrival a = arrivals.get(n);
            int seq = (seqBase + a.index) & 0xFFFF;
            int ts = tsBase + a.index * ticksPerPacket;
            boolean counted = stats.receive(seq, ts, a.at);
            ref.receive(seq, ts, a.at);
            if (counted != (n > 0)) {
                throw new AssertionError("packet " + n + " counted: " + counted);
            }
            if (n == 0) {
                continue; // probation: nothing counted yet
            }
            if (stats.received() != ref.received || stats.expected() != ref.expected()
                    || stats.cumulativeLost() != ref.expected() - ref.received
                    || stats.extendedHighestSeq() != ref.highest) {
                throw new AssertionError("after " + n + ": received " + stats.received() + "/" + ref.received
                        + " expected " + stats.expected() + "/" + ref.expected() + " highest "
                        + stats.extendedHighestSeq() + "/" + ref.highest);
            }
            // The RFC's integer form rounds at every step; its error stays below one unit.
            if (Math.abs(stats.jitter() - (long) Math.floor(ref.jitter)) > 1) {
                throw new AssertionError("after " + n + ": jitter " + stats.jitter() + ", reference " + ref.jitter);
            }
            if (rnd.nextInt(50) == 0 && stats.takeFractionLost() != ref.fraction()) {
                throw new AssertionError("fraction lost after " + n);
            }
        }
        return stats.valid() && stats.takeFractionLost() == ref.fraction();
    }
}
