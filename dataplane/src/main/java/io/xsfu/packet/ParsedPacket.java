package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * What {@link PacketParser} found in one received frame; one instance per agent, refilled per packet.
 * Offsets are absolute offsets in {@link #segment()}. Only valid after {@code parse} returned
 * {@link DropReason#OK}; after a drop, the layers parsed before the failing one are filled (for
 * diagnostics) and the rest are reset.
 */
public final class ParsedPacket {
    MemorySegment segment;
    long frameOffset;
    int frameLength;
    long dstMac;
    long srcMac;
    int vlanTci;
    int etherType;
    int ipVersion;
    long l3Offset;
    int ttl;
    int trafficClass;
    int ipv4Src;
    int ipv4Dst;
    long ipv6SrcHi;
    long ipv6SrcLo;
    long ipv6DstHi;
    long ipv6DstLo;
    long l4Offset;
    int srcPort;
    int dstPort;
    int udpChecksum;
    long payloadOffset;
    int payloadLength;
    int payloadKind;
    int rtpHeaderLength;

    void reset(MemorySegment segment, long frameOffset, int frameLength) {
        this.segment = segment;
        this.frameOffset = frameOffset;
        this.frameLength = frameLength;
        dstMac = 0;
        srcMac = 0;
        vlanTci = -1;
        etherType = 0;
        ipVersion = 0;
        l3Offset = 0;
        ttl = 0;
        trafficClass = 0;
        ipv4Src = 0;
        ipv4Dst = 0;
        ipv6SrcHi = 0;
        ipv6SrcLo = 0;
        ipv6DstHi = 0;
        ipv6DstLo = 0;
        l4Offset = 0;
        srcPort = 0;
        dstPort = 0;
        udpChecksum = 0;
        payloadOffset = 0;
        payloadLength = 0;
        payloadKind = PayloadKind.OTHER;
        rtpHeaderLength = 0;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long frameOffset() {
        return frameOffset;
    }

    public int frameLength() {
        return frameLength;
    }

    /** 48-bit MAC in the low bits, first octet most significant. */
    public long dstMac() {
        return dstMac;
    }

    public long srcMac() {
        return srcMac;
    }

    /** The TCI of the 802.1Q/802.1ad tag, or -1 if the frame is untagged. */
    public int vlanTci() {
        return vlanTci;
    }

    /** The EtherType of the carried protocol (after the tag, if any). */
    public int etherType() {
        return etherType;
    }

    /** 4 or 6; 0 if the frame carried neither. */
    public int ipVersion() {
        return ipVersion;
    }

    public long l3Offset() {
        return l3Offset;
    }

    /** TTL (IPv4) or hop limit (IPv6). */
    public int ttl() {
        return ttl;
    }

    /** IPv4 TOS or IPv6 traffic class: DSCP (high 6 bits) and ECN. */
    public int trafficClass() {
        return trafficClass;
    }

    public int ipv4Src() {
        return ipv4Src;
    }

    public int ipv4Dst() {
        return ipv4Dst;
    }

    public long ipv6SrcHi() {
        return ipv6SrcHi;
    }

    public long ipv6SrcLo() {
        return ipv6SrcLo;
    }

    public long ipv6DstHi() {
        return ipv6DstHi;
    }

    public long ipv6DstLo() {
        return ipv6DstLo;
    }

    /** Offset of the UDP header. */
    public long l4Offset() {
        return l4Offset;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** As received; not verified (see {@link PacketParser}). */
    public int udpChecksum() {
        return udpChecksum;
    }

    /** Offset of the UDP payload. */
    public long payloadOffset() {
        return payloadOffset;
    }

    /** UDP payload length, from the UDP header (Ethernet padding excluded). */
    public int payloadLength() {
        return payloadLength;
    }

    /** A {@link PayloadKind} constant. */
    public int payloadKind() {
        return payloadKind;
    }

    /** For RTP: fixed header + CSRCs + extension, validated to fit the payload; else 0. */
    public int rtpHeaderLength() {
        return rtpHeaderLength;
    }
}
