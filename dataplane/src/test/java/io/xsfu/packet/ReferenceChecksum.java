package io.xsfu.packet;

import java.io.ByteArrayOutputStream;

/**
 * The RFC 1071 checksum the plain way (a byte at a time, two bytes per word, carries folded at the end),
 * written independently of {@link Checksum} to cross-check it.
 */
final class ReferenceChecksum {
    private ReferenceChecksum() {
    }

    /** One's-complement sum of the bytes, odd last byte padded with zero on the right. */
    static int sum(byte[] data, int offset, int length) {
        long s = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = data[offset + i] & 0xFF;
            int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            s += (hi << 8) | lo;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    static int sum(byte[] data) {
        return sum(data, 0, data.length);
    }

    static int checksum(byte[] data, int offset, int length) {
        return ~sum(data, offset, length) & 0xFFFF;
    }

    /** The complete UDP checksum over IPv4: pseudo header, UDP header (checksum field taken as 0), payload. */
    static int udpIpv4(byte[] src4, byte[] dst4, byte[] udpSegment) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(src4);
        b.writeBytes(dst4);
        b.write(0);
        b.write(17);
        b.write(udpSegment.length >>> 8);
        b.write(udpSegment.length);
        return udp(b, udpSegment);
    }

    static int udpIpv6(byte[] src16, byte[] dst16, byte[] udpSegment) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(src16);
        b.writeBytes(dst16);
        int n = udpSegment.length;
        b.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n, 0, 0, 0, 17});
        return udp(b, udpSegment);
    }

    private static int udp(ByteArrayOutputStream pseudo, byte[] udpSegment) {
        byte[] copy = udpSegment.clone();
        copy[6] = 0;
        copy[7] = 0;
        pseudo.writeBytes(copy);
        byte[] all = pseudo.toByteArray();
        int c = checksum(all, 0, all.length);
        return c == 0 ? 0xFFFF : c;
    }
}
