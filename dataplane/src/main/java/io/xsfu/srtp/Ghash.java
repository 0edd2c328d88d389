package io.xsfu.srtp;

/**
 * GHASH of GCM (NIST SP 800-38D §6.4) for one hash key H, without allocation: Shoup's method with one table of
 * the 256 byte values times H (4 KiB per key) and a constant table for the 8 bits a multiplication by x^8 shifts
 * out. Field elements are two longs in GCM's bit order (byte 0's most significant bit is the coefficient of x^0),
 * so multiplying by x is a right shift. About 16 table steps per 16-byte block.
 *
 * <p>Why not the JDK's: its GHASH is only reachable through a GCM {@code Cipher}, whose per-packet {@code init}
 * (a new IV) allocates a new engine each time (see {@link GcmTransform}).
 */
final class Ghash {
    static final int BLOCK = 16;
    /** The reduction polynomial x^128 = x^7 + x^2 + x + 1, as GCM writes it: 11100001 followed by zeros. */
    private static final long R = 0xE100_0000_0000_0000L;
    /** What a multiplication by x^8 adds to the high word for each value of the byte it shifts out. */
    private static final long[] REDUCE8 = new long[256];

    static {
        for (int rem = 0; rem < 256; rem++) {
            long hi = 0;
            long lo = rem;
            for (int k = 0; k < 8; k++) {
                long carry = lo & 1;
                lo = (lo >>> 1) | (hi << 63);
                hi >>>= 1;
                if (carry != 0) {
                    hi ^= R;
                }
            }
            REDUCE8[rem] = hi;
        }
    }

    private final long[] tableHi = new long[256];
    private final long[] tableLo = new long[256];
    private long yHi;
    private long yLo;

    /** @param h the hash key, AES_K(0^128): 16 bytes */
    Ghash(byte[] h) {
        if (h.length != BLOCK) {
            throw new IllegalArgumentException("GHASH key must be 16 bytes: " + h.length);
        }
        long hi = Bytes.getLong(h, 0);
        long lo = Bytes.getLong(h, 8);
        // Byte value 0x80 is the polynomial 1: H itself; each lower bit is one more factor x.
        for (int bit = 0x80; bit > 0; bit >>>= 1) {
            tableHi[bit] = hi;
            tableLo[bit] = lo;
            long carry = lo & 1;
            lo = (lo >>> 1) | (hi << 63);
            hi >>>= 1;
            if (carry != 0) {
                hi ^= R;
            }
        }
        for (int i = 2; i < 256; i <<= 1) {
            for (int j = 1; j < i; j++) {
                tableHi[i + j] = tableHi[i] ^ tableHi[j];
                tableLo[i + j] = tableLo[i] ^ tableLo[j];
            }
        }
    }

    void reset() {
        yHi = 0;
        yLo = 0;
    }

    /** Absorbs {@code b[offset, offset + length)}, the last partial block padded with zeros. */
    void updatePadded(byte[] b, int offset, int length) {
        int end = offset + length;
        int at = offset;
        for (; at + BLOCK <= end; at += BLOCK) {
            yHi ^= Bytes.getLong(b, at);
            yLo ^= Bytes.getLong(b, at + 8);
            multiply();
        }
        if (at < end) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; at + i < end; i++) {
                long v = b[at + i] & 0xFFL;
                if (i < 8) {
                    hi |= v << (56 - 8 * i);
                } else {
                    lo |= v << (56 - 8 * (i - 8));
                }
            }
            yHi ^= hi;
            yLo ^= lo;
            multiply();
        }
    }

    /** The final block: the bit lengths of the associated data and of the ciphertext. */
    void lengths(int aadBytes, int dataBytes) {
        yHi ^= (long) aadBytes << 3;
        yLo ^= (long) dataBytes << 3;
        multiply();
    }

    /** The hash so far, as 16 bytes at {@code out[offset]}. */
    void digest(byte[] out, int offset) {
        Bytes.putLong(out, offset, yHi);
        Bytes.putLong(out, offset + 8, yLo);
    }

    /** Y = Y · H, Horner over Y's bytes from the last (the highest powers, yLo's low byte) to the first. */
    private void multiply() {
        long[] hiTable = tableHi;
        long[] loTable = tableLo;
        long zHi = 0;
        long zLo = 0;
        long y = yLo;
        for (int k = 0; k < 2; k++) {
            for (int shift = 0; shift < 64; shift += 8) {
                int rem = (int) zLo & 0xFF;
                zLo = (zLo >>> 8) | (zHi << 56);
                zHi = (zHi >>> 8) ^ REDUCE8[rem];
                int b = (int) (y >>> shift) & 0xFF;
                zHi ^= hiTable[b];
                zLo ^= loTable[b];
            }
            y = yHi;
        }
        yHi = zHi;
        yLo = zLo;
    }
}
