package io.xsfu.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds test frames byte by byte with {@link ByteBuffer}, independently of the production writer, with
 * every field overridable so that each drop reason can be provoked by exactly one wrong field. Checksums
 * come from {@link ReferenceChecksum} unless overridden.
 */
final class FrameBuilder {
    long dstMac = CapturedFrames.MAC_B;
    long srcMac = CapturedFrames.MAC_A;
    int vlanTpid = 0;
    int vlanTci;
    int etherType = -1;
    int ipVersion = 4;
    int ipVersionField = -1;
    int ttl = 64;
    int tos;
    byte[] ipv4Options = new byte[0];
    int ihlOverride = -1;
    int flagsFragment = Ipv4Header.FLAG_DONT_FRAGMENT;
    int protocol = 17;
    int totalLengthOverride = -1;
    int ipv4ChecksumOverride = -1;
    int src4 = CapturedFrames.IPV4_A;
    int dst4 = CapturedFrames.IPV4_B;
    long srcHi = CapturedFrames.IPV6_HI;
    long srcLo = CapturedFrames.IPV6_A_LO;
    long dstHi = CapturedFrames.IPV6_HI;
    long dstLo = CapturedFrames.IPV6_B_LO;
    int ipv6PayloadLengthOverride = -1;
    int srcPort = 40000;
    int dstPort = 5004;
    int udpLengthOverride = -1;
    int udpChecksumOverride = -1;
    byte[] payload = rtp(96, 1, 1000, 0x1234, 20);
    int ethernetPadding;

    static FrameBuilder ipv4() {
        return new FrameBuilder();
    }

    static FrameBuilder ipv6() {
        FrameBuilder b = new FrameBuilder();
        b.ipVersion = 6;
        return b;
    }

    FrameBuilder vlan(int tpid, int tci) {
        vlanTpid = tpid;
        vlanTci = tci;
        return this;
    }

    FrameBuilder payload(byte[] p) {
        payload = p;
        return this;
    }

    byte[] build() {
        byte[] udp = udp();
        byte[] ip = ipVersion == 4 ? ipv4(udp) : ipv6(udp);
        ByteBuffer b = ByteBuffer.allocate(18 + ip.length + ethernetPadding);
        putMac(b, dstMac);
        putMac(b, srcMac);
        if (vlanTpid != 0) {
            b.putShort((short) vlanTpid);
            b.putShort((short) vlanTci);
        }
        int type = etherType >= 0 ? etherType : ipVersion == 4 ? 0x0800 : 0x86DD;
        b.putShort((short) type);
        b.put(ip);
        b.put(new byte[ethernetPadding]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private byte[] udp() {
        int length = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short) srcPort).putShort((short) dstPort);
        b.putShort((short) (udpLengthOverride >= 0 ? udpLengthOverride : length));
        b.putShort((short) 0);
        b.put(payload);
        byte[] udp = b.array();
        int c = udpChecksumOverride >= 0 ? udpChecksumOverride
                : ipVersion == 4 ? ReferenceChecksum.udpIpv4(int4(src4), int4(dst4), udp)
                : ReferenceChecksum.udpIpv6(long16(srcHi, srcLo), long16(dstHi, dstLo), udp);
        udp[6] = (byte) (c >>> 8);
        udp[7] = (byte) c;
        return udp;
    }

    private byte[] ipv4(byte[] udp) {
        int headerLength = 20 + ipv4Options.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + udp.length);
        int ihl = ihlOverride >= 0 ? ihlOverride : headerLength / 4;
        int version = ipVersionField >= 0 ? ipVersionField : 4;
        b.put((byte) ((version << 4) | ihl)).put((byte) tos);
        b.putShort((short) (totalLengthOverride >= 0 ? totalLengthOverride : headerLength + udp.length));
        b.putShort((short) 0x1234).putShort((short) flagsFragment);
        b.put((byte) ttl).put((byte) protocol).putShort((short) 0);
        b.putInt(src4).putInt(dst4);
        b.put(ipv4Options);
        byte[] ip = b.array();
        int c = ipv4ChecksumOverride >= 0 ? ipv4ChecksumOverride : ReferenceChecksum.checksum(ip, 0, headerLength);
        ip[10] = (byte) (c >>> 8);
        ip[11] = (byte) c;
        System.arraycopy(udp, 0, ip, headerLength, udp.length);
        return ip;
    }

    private byte[] ipv6(byte[] udp) {
        ByteBuffer b = ByteBuffer.allocate(40 + udp.length);
        int version = ipVersionField >= 0 ? ipVersionField : 6;
        b.putInt((version << 28) | (tos << 20) | 0x12345);
        b.putShort((short) (ipv6PayloadLengthOverride >= 0 ? ipv6PayloadLengthOverride : udp.length));
        b.put((byte) protocol).put((byte) ttl);
        b.putLong(srcHi).putLong(srcLo).putLong(dstHi).putLong(dstLo);
        b.put(udp);
        return b.array();
    }

    private static void putMac(ByteBuffer b, long mac) {
        b.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    static byte[] int4(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] long16(long hi, long lo) {
        return ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
    }

    /** A plain RTP packet: 12-byte header and {@code payloadLength} bytes counting up. */
    static byte[] rtp(int pt, int seq, int timestamp, int ssrc, int payloadLength) {
        return rtp(pt, false, seq, timestamp, ssrc, new int[0], null, payloadLength, 0);
    }

    /**
     * @param extension extension data (multiple of 4 bytes) after a 0xBEDE header, or null for none
     * @param padding padding bytes to append (last one holds the count), 0 for none
     */
    static byte[] rtp(int pt, boolean marker, int seq, int timestamp, int ssrc, int[] csrcs, byte[] extension,
            int payloadLength, int padding) {
        int ext = extension == null ? 0 : 4 + extension.length;
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * csrcs.length + ext + payloadLength + padding);
        int first = 0x80 | (padding > 0 ? 0x20 : 0) | (extension != null ? 0x10 : 0) | csrcs.length;
        b.put((byte) first).put((byte) ((marker ? 0x80 : 0) | pt));
        b.putShort((short) seq).putInt(timestamp).putInt(ssrc);
        for (int c : csrcs) {
            b.putInt(c);
        }
        if (extension != null) {
            b.putShort((short) 0xBEDE).putShort((short) (extension.length / 4)).put(extension);
        }
        for (int i = 0; i < payloadLength; i++) {
            b.put((byte) i);
        }
        if (padding > 0) {
            b.put(new byte[padding - 1]).put((byte) padding);
        }
        return b.array();
    }
}
