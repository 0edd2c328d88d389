package io.xsfu.route;

/** Big-endian conversions between address bytes and the primitives the hot path compares. */
final class IpBytes {
    private IpBytes() {
    }

    static int int32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static long int64(byte[] b, int off) {
        return (long) int32(b, off) << 32 | (int32(b, off + 4) & 0xffffffffL);
    }

    static byte[] bytes(int v4) {
        return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    }

    static byte[] bytes(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
