package io.xsfu.xsk;

/**
 * Ring index arithmetic. Producer and consumer indices are free-running unsigned 32-bit counters that
 * wrap; Java's int arithmetic wraps the same way, so differences are exact as long as no ring holds more
 * than 2^31 entries. Slot = index & mask (rings are powers of two).
 */
public final class RingIndex {
    private RingIndex() {
    }

    /** Entries between consumer and producer (what a consumer may read). */
    public static int used(int producer, int consumer) {
        return producer - consumer;
    }

    /** Free slots a producer may still fill. */
    public static int free(int size, int producer, int consumer) {
        return size - (producer - consumer);
    }

    public static int slot(int index, int mask) {
        return index & mask;
    }

    public static boolean isPowerOfTwo(int n) {
        return n > 0 && (n & (n - 1)) == 0;
    }
}
