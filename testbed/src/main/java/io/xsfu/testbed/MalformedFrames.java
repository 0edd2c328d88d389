package io.xsfu.testbed;

import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Crafts the frames of each {@link MalformedKind}, byte by byte, as they go on the wire (Ethernet II, IPv4, UDP,
 * RTP). Deterministic: the same kind, addressing, index and seed give the same bytes, so a test can recompute
 * what a flood sent and compare it with what arrived.
 */
public final class MalformedFrames {
    public static final int ETH_HEADER = 14;
    public static final int IPV4_HEADER = 20;
    public static final int UDP_HEADER = 8;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int PROTO_UDP = 17;
    /** Payload bytes after the RTP header in the frames that carry "valid" RTP. */
    public static final int RTP_PAYLOAD = 100;
    /** Fragment offset (in 8-byte units) of the non-first fragment: right after a 1480-byte first fragment. */
    public static final int NON_FIRST_FRAGMENT_OFFSET = 185;
    /** Bytes the first fragment carries of its (larger) UDP datagram, and the length its UDP header claims. */
    public static final int FIRST_FRAGMENT_CARRIED = 256;
    public static final int FIRST_FRAGMENT_UDP_LENGTH = 1600;
    public static final int UDP_LENGTH_EXCESS = 100;
    /** The RTP versions {@link MalformedKind#RTP_BAD_VERSION} rotates through. */
    static final int[] BAD_VERSIONS = {0, 1, 3};

    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int TTL = 64;

    /**
     * Who sends to whom: the client's MAC, IPv4 and registered source port; the server's MAC, IPv4 and media port;
     * the SSRC and payload type the SFU knows for that publisher; the source port it does not know.
     */
    public record Addressing(byte[] srcMac, byte[] dstMac, Inet4Address srcIp, Inet4Address dstIp, int srcPort,
                             int dstPort, int unknownSrcPort, long ssrc, int payloadType) {
        public Addressing {
            if (srcMac.length != 6 || dstMac.length != 6) {
                throw new IllegalArgumentException("MAC addresses are 6 bytes");
            }
            if (unknownSrcPort == srcPort) {
                throw new IllegalArgumentException("the unknown source port must differ from the registered one");
            }
        }

        /** MACs as "aa:bb:cc:dd:ee:ff". */
        public static Addressing of(String srcMac, String dstMac, Inet4Address srcIp, Inet4Address dstIp, int srcPort,
                                    int dstPort, int unknownSrcPort, long ssrc, int payloadType) {
            HexFormat hex = HexFormat.ofDelimiter(":");
            return new Addressing(hex.parseHex(srcMac), hex.parseHex(dstMac), srcIp, dstIp, srcPort, dstPort,
                    unknownSrcPort, ssrc, payloadType);
        }
    }

    private MalformedFrames() {
    }

    /** The {@code index}-th frame of {@code kind} (index feeds IPv4 ID, RTP sequence and random payloads). */
    public static byte[] craft(MalformedKind kind, Addressing a, int index, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + kind.ordinal() * 65_537L + index);
        return switch (kind) {
            case TRUNCATED_ETHERNET -> ethernetOnly(a);
            case TRUNCATED_IPV4 -> truncatedIpv4(a, index);
            case BAD_IHL -> badIhl(a, index);
            case IPV4_OPTIONS -> withOptions(a, index);
            case IPV4_FIRST_FRAGMENT -> firstFragment(a, index);
            case IPV4_NON_FIRST_FRAGMENT -> nonFirstFragment(a, index);
            case UDP_LENGTH_MISMATCH -> udpLengthMismatch(a, index);
            case BAD_IPV4_CHECKSUM -> badIpChecksum(a, index);
            case NON_RTP_PAYLOAD -> udpFrame(a, a.srcPort(), index, nonRtp(rnd));
            case RTP_BAD_VERSION -> udpFrame(a, a.srcPort(), index,
                    rtp(a, BAD_VERSIONS[index % BAD_VERSIONS.length], 0, index, RTP_PAYLOAD));
            case RTP_CSRC_OVERRUN -> udpFrame(a, a.srcPort(), index, rtp(a, 2, 15, index, 8));
            case EMPTY_UDP -> udpFrame(a, a.srcPort(), index, new byte[0]);
            case UNKNOWN_SOURCE_PORT -> udpFrame(a, a.unknownSrcPort(), index, rtp(a, 2, 0, index, RTP_PAYLOAD));
        };
    }

    /** A well-formed frame: Ethernet, 20-byte IPv4 (DF), UDP with checksum, {@code payload}. */
    public static byte[] udpFrame(Addressing a, int srcPort, int index, byte[] payload) {
        int udpLength = UDP_HEADER + payload.length;
        byte[] f = new byte[ETH_HEADER + IPV4_HEADER + udpLength];
        ethernet(f, a, ETHERTYPE_IPV4);
        ipv4(f, a, 5, IPV4_HEADER + udpLength, index, FLAG_DF);
        udp(f, a, ETH_HEADER + IPV4_HEADER, srcPort, udpLength, payload, udpLength);
        return f;
    }

    /** An RTP header (any version, any CSRC count) with the registered SSRC/PT and {@code payloadBytes} after it. */
    static byte[] rtp(Addressing a, int version, int csrcCount, int index, int payloadBytes) {
        byte[] p = new byte[RtpPackets.HEADER_LENGTH + payloadBytes];
        RtpPackets.writeHeader(p, 0, version, csrcCount, a.ssrc(), a.payloadType(), index & 0xffff,
                3000L * index, false);
        byte[] body = RtpPackets.patternPayload(index, payloadBytes);
        System.arraycopy(body, 0, p, RtpPackets.HEADER_LENGTH, payloadBytes);
        return p;
    }

    private static byte[] nonRtp(SplittableRandom rnd) {
        byte[] p = new byte[20 + rnd.nextInt(181)];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) rnd.nextInt(256);
        }
        p[0] = (byte) (80 + rnd.nextInt(48));
        return p;
    }

    private static byte[] ethernetOnly(Addressing a) {
        byte[] f = new byte[ETH_HEADER];
        ethernet(f, a, ETHERTYPE_IPV4);
        return f;
    }

    private static byte[] truncatedIpv4(Addressing a, int index) {
        byte[] whole = udpFrame(a, a.srcPort(), index, rtp(a, 2, 0, index, RTP_PAYLOAD));
        byte[] f = new byte[ETH_HEADER + 12];
        System.arraycopy(whole, 0, f, 0, f.length);
        return f;
    }

    private static byte[] badIhl(Addressing a, int index) {
        byte[] f = udpFrame(a, a.srcPort(), index, rtp(a, 2, 0, index, RTP_PAYLOAD));
        f[ETH_HEADER] = 0x44;
        // The checksum stays right for the 20 bytes, so IHL is the only defect.
        ipChecksum(f, IPV4_HEADER);
        return f;
    }

    private static byte[] withOptions(Addressing a, int index) {
        byte[] payload = rtp(a, 2, 0, index, RTP_PAYLOAD);
        int ipHeader = IPV4_HEADER + 4;
        int udpLength = UDP_HEADER + payload.length;
        byte[] f = new byte[ETH_HEADER + ipHeader + udpLength];
        ethernet(f, a, ETHERTYPE_IPV4);
        // Router Alert (RFC 2113): type 0x94 (copied, class 0, number 20), length 4, value 0.
        f[ETH_HEADER + IPV4_HEADER] = (byte) 0x94;
        f[ETH_HEADER + IPV4_HEADER + 1] = 4;
        ipv4(f, a, 6, ipHeader + udpLength, index, FLAG_DF);
        udp(f, a, ETH_HEADER + ipHeader, a.srcPort(), udpLength, payload, udpLength);
        return f;
    }

    private static byte[] firstFragment(Addressing a, int index) {
        byte[] payload = rtp(a, 2, 0, index, FIRST_FRAGMENT_CARRIED - UDP_HEADER - RtpPackets.HEADER_LENGTH);
        byte[] f = new byte[ETH_HEADER + IPV4_HEADER + FIRST_FRAGMENT_CARRIED];
        ethernet(f, a, ETHERTYPE_IPV4);
        ipv4(f, a, 5, IPV4_HEADER + FIRST_FRAGMENT_CARRIED, index, FLAG_MF);
        // The UDP header describes the whole datagram; its checksum covers only what this fragment carries.
        udp(f, a, ETH_HEADER + IPV4_HEADER, a.srcPort(), FIRST_FRAGMENT_UDP_LENGTH, payload, FIRST_FRAGMENT_CARRIED);
        return f;
    }

    private static byte[] nonFirstFragment(Addressing a, int index) {
        byte[] body = rtp(a, 2, 0, index, RTP_PAYLOAD);
        // Bytes that a parser ignoring the fragment offset would take for a UDP header to the media port.
        Bytes.putShort(body, 0, a.srcPort());
        Bytes.putShort(body, 2, a.dstPort());
        byte[] f = new byte[ETH_HEADER + IPV4_HEADER + body.length];
        ethernet(f, a, ETHERTYPE_IPV4);
        System.arraycopy(body, 0, f, ETH_HEADER + IPV4_HEADER, body.length);
        ipv4(f, a, 5, IPV4_HEADER + body.length, index, NON_FIRST_FRAGMENT_OFFSET);
        return f;
    }

    private static byte[] udpLengthMismatch(Addressing a, int index) {
        byte[] payload = rtp(a, 2, 0, index, RTP_PAYLOAD);
        int udpLength = UDP_HEADER + payload.length;
        byte[] f = new byte[ETH_HEADER + IPV4_HEADER + udpLength];
        ethernet(f, a, ETHERTYPE_IPV4);
        ipv4(f, a, 5, IPV4_HEADER + udpLength, index, FLAG_DF);
        udp(f, a, ETH_HEADER + IPV4_HEADER, a.srcPort(), udpLength + UDP_LENGTH_EXCESS, payload, udpLength);
        return f;
    }

    private static byte[] badIpChecksum(Addressing a, int index) {
        byte[] f = udpFrame(a, a.srcPort(), index, rtp(a, 2, 0, index, RTP_PAYLOAD));
        int at = ETH_HEADER + 10;
        Bytes.putShort(f, at, Bytes.getShort(f, at) ^ 0x5a5a);
        return f;
    }

    private static void ethernet(byte[] f, Addressing a, int etherType) {
        System.arraycopy(a.dstMac(), 0, f, 0, 6);
        System.arraycopy(a.srcMac(), 0, f, 6, 6);
        Bytes.putShort(f, 12, etherType);
    }

    /** IPv4 header at offset 14 with {@code ihl} words (options, if any, already in place) and its checksum. */
    private static void ipv4(byte[] f, Addressing a, int ihl, int totalLength, int index, int flagsAndOffset) {
        int o = ETH_HEADER;
        f[o] = (byte) (0x40 | ihl);
        f[o + 1] = 0;
        Bytes.putShort(f, o + 2, totalLength);
        Bytes.putShort(f, o + 4, index);
        Bytes.putShort(f, o + 6, flagsAndOffset);
        f[o + 8] = TTL;
        f[o + 9] = PROTO_UDP;
        System.arraycopy(a.srcIp().getAddress(), 0, f, o + 12, 4);
        System.arraycopy(a.dstIp().getAddress(), 0, f, o + 16, 4);
        ipChecksum(f, ihl * 4);
    }

    private static void ipChecksum(byte[] f, int headerLength) {
        Bytes.putShort(f, ETH_HEADER + 10, 0);
        Bytes.putShort(f, ETH_HEADER + 10, Checksums.internet(f, ETH_HEADER, headerLength));
    }

    /**
     * UDP header at {@code offset} claiming {@code udpLength}, then {@code payload}; the checksum covers the
     * {@code coveredLength} bytes actually present (equal to udpLength for a consistent datagram).
     */
    private static void udp(byte[] f, Addressing a, int offset, int srcPort, int udpLength, byte[] payload,
                            int coveredLength) {
        Bytes.putShort(f, offset, srcPort);
        Bytes.putShort(f, offset + 2, a.dstPort());
        Bytes.putShort(f, offset + 4, udpLength);
        Bytes.putShort(f, offset + 6, 0);
        System.arraycopy(payload, 0, f, offset + UDP_HEADER, payload.length);
        // The pseudo-header carries the length field as sent, even where fewer bytes follow.
        int sum = Checksums.udpIpv4(a.srcIp().getAddress(), a.dstIp().getAddress(), udpLength, f, offset,
                coveredLength);
        Bytes.putShort(f, offset + 6, sum);
    }
}
