package io.xsfu.testbed;

/** The Internet checksum (RFC 1071) over byte arrays, for crafting frames and for checking them. */
public final class Checksums {
    private Checksums() {
    }

    /** One's complement of the one's complement sum of the 16-bit words in {@code b[offset, offset+length)}. */
    public static int internet(byte[] b, int offset, int length) {
        return ~fold(sum(b, offset, length, 0)) & 0xffff;
    }

    /**
     * The UDP checksum over IPv4: pseudo-header (addresses, protocol 17, UDP length) plus the UDP header and
     * payload at {@code udpOffset}; a computed 0 is sent as 0xffff (RFC 768).
     */
    public static int udpIpv4(byte[] srcIp, byte[] dstIp, byte[] b, int udpOffset, int udpLength) {
        return udpIpv4(srcIp, dstIp, udpLength, b, udpOffset, udpLength);
    }

    /**
     * As {@link #udpIpv4(byte[], byte[], byte[], int, int)} with the pseudo-header's length ({@code claimedLength},
     * the UDP length field) apart from the number of bytes summed ({@code presentLength}), for crafted datagrams
     * whose length field lies or that are cut by fragmentation.
     */
    public static int udpIpv4(byte[] srcIp, byte[] dstIp, int claimedLength, byte[] b, int udpOffset,
                              int presentLength) {
        long sum = sum(srcIp, 0, 4, 0);
        sum = sum(dstIp, 0, 4, sum);
        sum += 17 + claimedLength;
        sum = sum(b, udpOffset, presentLength, sum);
        int c = ~fold(sum) & 0xffff;
        return c == 0 ? 0xffff : c;
    }

    private static long sum(byte[] b, int offset, int length, long sum) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
