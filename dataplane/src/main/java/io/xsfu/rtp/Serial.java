package io.xsfu.rtp;

/**
 * Serial number arithmetic (RFC 1982) for 16-bit RTP sequence numbers and 32-bit RTP timestamps: the
 * signed distance between two values on their ring, so that 0 comes "after" 65535 and 0x00000005 after
 * 0xFFFFFFF0. A distance of exactly half the ring is ambiguous; both helpers call it "behind".
 */
public final class Serial {
    public static final int SEQ_MOD = 1 << 16;
    public static final int SEQ_MASK = SEQ_MOD - 1;

    private Serial() {
    }

    /** How far 16-bit {@code a} is ahead of {@code b}: in [-32768, 32767]. */
    public static int seqDelta(int a, int b) {
        return (short) (a - b);
    }

    /** How far 32-bit {@code a} is ahead of {@code b}: the difference read as a signed int. */
    public static int timestampDelta(int a, int b) {
        return a - b;
    }

    /**
     * The extended (64-bit, never wrapping) sequence number of 16-bit {@code seq}, taken as the one nearest
     * to the extended number {@code nearExt} whose low 16 bits are {@code near16}.
     */
    public static long unwrap(int seq, long nearExt, int near16) {
        return nearExt + seqDelta(seq, near16);
    }

    /** Whole clock ticks in {@code nanos} at {@code clockRate} Hz, exact and free of overflow for any non-negative nanos. */
    public static long ticks(long nanos, int clockRate) {
        return nanos / 1_000_000_000L * clockRate + nanos % 1_000_000_000L * clockRate / 1_000_000_000L;
    }
}
