package io.xsfu.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the one's-complement sum of 16-bit big-endian words, complemented.
 *
 * <p>Sums here are "folded": an int in 0..0xFFFF, never complemented, so partial sums of separate pieces
 * (pseudo header, UDP header, payload) combine with {@link #add}. A sum over any range with a non-zero byte is
 * in 1..0xFFFF, which keeps the ±0 ambiguity of one's complement out of the way: the sum of a correct
 * header including its checksum is exactly 0xFFFF. Ranges passed to {@link #sum} must start at an even
 * offset of the checksummed data for the partial sums to combine (every header and the UDP payload do).
 *
 * <p>Speed: {@link #sum} is once per received packet on the forwarding path (the whole payload), so it reads
 * the range in the machine's byte order, 32 bytes per step into four independent 64-bit accumulators, each
 * 8-byte word added as its two 32-bit halves (2^16 ≡ 1 mod 0xFFFF, so adding 32-bit words is the same as adding
 * their 16-bit halves). Summing byte-swapped words gives the byte-swapped sum (RFC 1071 §2(B)), so on a
 * little-endian machine the folded result is swapped once at the end. The accumulators cannot overflow for
 * ranges below 2^32 bytes (8 GiB).
 */
public final class Checksum {
    private static final long LOW32 = 0xFFFF_FFFFL;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfLong NATIVE64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt NATIVE32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort NATIVE16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Checksum() {
    }

    /** Folded one's-complement sum of {@code length} bytes; an odd last byte counts as its word's high byte. */
    public static int sum(MemorySegment s, long offset, long length) {
        // No slice of the segment: a slice is an object, and where the JIT does not inline this method (a big
        // caller, as the per-copy loop is) it would be allocated on every call.
        long end = offset + length;
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        long i = offset;
        for (; i <= end - 32; i += 32) {
            long v0 = s.get(NATIVE64, i);
            long v1 = s.get(NATIVE64, i + 8);
            long v2 = s.get(NATIVE64, i + 16);
            long v3 = s.get(NATIVE64, i + 24);
            a0 += (v0 >>> 32) + (v0 & LOW32);
            a1 += (v1 >>> 32) + (v1 & LOW32);
            a2 += (v2 >>> 32) + (v2 & LOW32);
            a3 += (v3 >>> 32) + (v3 & LOW32);
        }
        for (; i <= end - 8; i += 8) {
            long v = s.get(NATIVE64, i);
            a0 += (v >>> 32) + (v & LOW32);
        }
        if (i <= end - 4) {
            a1 += s.get(NATIVE32, i) & LOW32;
            i += 4;
        }
        if (i <= end - 2) {
            a2 += s.get(NATIVE16, i) & 0xFFFF;
            i += 2;
        }
        if (i < end) {
            // The odd byte is the high byte of its big-endian word, the low byte of the swapped one.
            int last = s.get(Wire.U8, i) & 0xFF;
            a3 += LITTLE_ENDIAN ? last : last << 8;
        }
        int folded = fold(a0 + a1 + a2 + a3);
        return LITTLE_ENDIAN ? Short.reverseBytes((short) folded) & 0xFFFF : folded;
    }

    /** The checksum field value for a range whose own checksum field is zero. */
    public static int checksum(MemorySegment s, long offset, long length) {
        return complement(sum(s, offset, length));
    }

    /** End-around carry of a non-negative 64-bit accumulator down to 16 bits. */
    public static int fold(long acc) {
        long s = (acc & LOW32) + (acc >>> 32);
        s = (s & LOW32) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    public static int complement(int sum) {
        return ~sum & 0xFFFF;
    }

    /** One's-complement sum of two folded sums (or 16-bit words). */
    public static int add(int a, int b) {
        return fold((a & LOW32) + (b & LOW32));
    }

    /** Removes a 16-bit word from a folded sum. */
    public static int subtract(int sum, int word) {
        return fold((sum & LOW32) + (~word & 0xFFFF));
    }

    /** Folded sum of the UDP/TCP pseudo header over IPv4 (RFC 768): addresses, protocol, L4 length. */
    public static int ipv4PseudoHeaderSum(int src, int dst, int protocol, int l4Length) {
        return fold((src & LOW32) + (dst & LOW32) + protocol + l4Length);
    }

    /** Folded sum of the IPv6 pseudo header (RFC 8200 §8.1): addresses, 32-bit L4 length, next header. */
    public static int ipv6PseudoHeaderSum(long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader,
            int l4Length) {
        long acc = (srcHi >>> 32) + (srcHi & LOW32) + (srcLo >>> 32) + (srcLo & LOW32)
                + (dstHi >>> 32) + (dstHi & LOW32) + (dstLo >>> 32) + (dstLo & LOW32);
        return fold(acc + (l4Length & LOW32) + nextHeader);
    }

    /**
     * The UDP checksum field for a complete folded sum (pseudo header + header with checksum 0 + payload).
     * A computed 0 is sent as 0xFFFF: over IPv4 0 would mean "no checksum", over IPv6 it is forbidden.
     */
    public static int udpChecksum(int sum) {
        int c = complement(sum);
        return c == 0 ? 0xFFFF : c;
    }

    /**
     * RFC 1624 eqn. 3: the new checksum field after one 16-bit word of the covered data changed,
     * HC' = ~(~HC + ~m + m'). The word must sit at an even offset of the checksummed data.
     */
    public static int updateChecksum16(int checksum, int oldWord, int newWord) {
        return complement(updateSum16(complement(checksum), oldWord, newWord));
    }

    /** As {@link #updateChecksum16} for an aligned 32-bit field (SSRC, RTP timestamp, IPv4 address). */
    public static int updateChecksum32(int checksum, int oldValue, int newValue) {
        return complement(updateSum32(complement(checksum), oldValue, newValue));
    }

    /** A folded partial sum after one 16-bit word of the summed data changed: sum + ~m + m'. */
    public static int updateSum16(int sum, int oldWord, int newWord) {
        return fold((sum & LOW32) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF));
    }

    public static int updateSum32(int sum, int oldValue, int newValue) {
        return fold((sum & LOW32) + (~oldValue & LOW32) + (newValue & LOW32));
    }
}
