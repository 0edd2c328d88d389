package io.xsfu.rtp;

import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The circular bitmap against a sorted set, used the way its owners use it: a window of {@code size}
 * numbers sliding forward (the numbers leaving it cleared), random sets, clears, range clears, counts and
 * scans anywhere inside the window, across the array's end.
 */
class SequenceBitsProperties {
    @Property(tries = 300)
    boolean behavesLikeASortedSetOverASlidingWindow(@ForAll long seed, @ForAll @IntRange(min = 6, max = 10) int sizeBits,
            @ForAll @IntRange(min = 1, max = 3000) int steps) {
        Random rnd = new Random(seed);
        int size = 1 << sizeBits;
        SequenceBits bits = new SequenceBits(size);
        TreeSet<Long> ref = new TreeSet<>();
        long lo = rnd.nextLong(1L << 40);
        for (int step = 0; step < steps; step++) {
            long a = lo + rnd.nextInt(size);
            long b = lo + rnd.nextInt(size);
            long from = Math.min(a, b);
            long to = Math.max(a, b);
            switch (rnd.nextInt(7)) {
                case 0, 1 -> {
                    bits.set(a);
                    ref.add(a);
                }
                case 2 -> {
                    bits.clear(a);
                    ref.remove(a);
                }
                case 3 -> {
                    int n = ref.subSet(from, true, to, true).size();
                    if (bits.clearRange(from, to) != n) {
                        return false;
                    }
                    ref.subSet(from, true, to, true).clear();
                }
                case 4 -> {
                    bits.setRange(from, to);
                    for (long e = from; e <= to; e++) {
                        ref.add(e);
                    }
                }
                case 5 -> {
                    Long next = ref.ceiling(from);
                    long expected = next == null || next > to ? SequenceBits.NONE : next;
                    if (bits.nextSet(from, to) != expected) {
                        return false;
                    }
                }
                default -> {
                    int slide = 1 + rnd.nextInt(size / 4);
                    int left = bits.clearRange(lo, lo + slide - 1);
                    if (left != ref.subSet(lo, true, lo + slide - 1, true).size()) {
                        return false;
                    }
                    ref.headSet(lo + slide).clear();
                    lo += slide;
                }
            }
            boolean inWindow = from >= lo; // not after a slide
            if (bits.count(lo, lo + size - 1) != ref.size()
                    || inWindow && (bits.count(from, to) != ref.subSet(from, true, to, true).size()
                            || bits.get(a) != ref.contains(a))) {
                return false;
            }
        }
        bits.clearAll();
        return bits.count(lo, lo + size - 1) == 0 && bits.count(lo, lo + 10L * size) == 0;
    }
}
