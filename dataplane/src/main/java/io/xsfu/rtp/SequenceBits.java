package io.xsfu.rtp;

/**
 * A set of extended sequence numbers restricted to a sliding window of {@code size} consecutive values: bit
 * {@code ext & (size - 1)} of a circular bitmap. The owner keeps every number it asks about inside its
 * window and clears the bits of the numbers that leave it ({@link #clearRange}), so a bit never speaks for a
 * number {@code size} older. Ranges are inclusive and may wrap around the array.
 */
final class SequenceBits {
    static final long NONE = Long.MIN_VALUE;

    private final long[] words;
    private final int size;
    private final int mask;

    SequenceBits(int size) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two >= 64: " + size);
        }
        this.size = size;
        this.mask = size - 1;
        this.words = new long[size >>> 6];
    }

    int size() {
        return size;
    }

    boolean get(long ext) {
        int i = (int) ext & mask;
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    void set(long ext) {
        int i = (int) ext & mask;
        words[i >>> 6] |= 1L << i;
    }

    void clear(long ext) {
        int i = (int) ext & mask;
        words[i >>> 6] &= ~(1L << i);
    }

    void clearAll() {
        java.util.Arrays.fill(words, 0L);
    }

    /** Number of set bits for the numbers {@code from..to}; a range of {@code size} or more covers everything. */
    int count(long from, long to) {
        return range(from, to, false);
    }

    /** Clears {@code from..to} and returns how many of them were set. */
    int clearRange(long from, long to) {
        return range(from, to, true);
    }

    /** Sets every bit of {@code from..to} (at most {@code size} numbers). */
    void setRange(long from, long to) {
        for (long e = from; e <= to; e++) {
            set(e);
        }
    }

    /** The smallest set number in {@code from..to}, or {@link #NONE}; the range must not exceed {@code size}. */
    long nextSet(long from, long to) {
        long e = from;
        while (e <= to) {
            int i = (int) e & mask;
            long bits = words[i >>> 6] >>> (i & 63);
            if (bits != 0) {
                long found = e + Long.numberOfTrailingZeros(bits);
                return found <= to ? found : NONE;
            }
            e += 64 - (i & 63);
        }
        return NONE;
    }

    private int range(long from, long to, boolean clear) {
        long n = to - from + 1;
        if (n <= 0) {
            return 0;
        }
        int total = 0;
        if (n >= size) {
            for (int w = 0; w < words.length; w++) {
                total += Long.bitCount(words[w]);
                if (clear) {
                    words[w] = 0;
                }
            }
            return total;
        }
        int i = (int) from & mask;
        long remaining = n;
        while (remaining > 0) {
            int bit = i & 63;
            int take = (int) Math.min(remaining, 64 - bit);
            long m = take == 64 ? -1L : ((1L << take) - 1) << bit;
            int w = i >>> 6;
            total += Long.bitCount(words[w] & m);
            if (clear) {
                words[w] &= ~m;
            }
            remaining -= take;
            i = (i + take) & mask;
        }
        return total;
    }
}
