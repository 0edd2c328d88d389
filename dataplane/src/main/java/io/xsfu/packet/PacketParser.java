package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * Classifies one received Ethernet frame down to its UDP payload's kind, or names exactly why it is
 * dropped. Stateless and allocation free; results go into a caller-owned {@link ParsedPacket}.
 *
 * <p>Accepted: Ethernet II with at most one 802.1Q or 802.1ad tag; IPv4 without options and not fragmented,
 * with a valid header checksum; IPv6 whose next header is UDP; UDP whose length equals the IP payload
 * length; a non-empty payload that is STUN, DTLS, RTP or RTCP (RFC 7983). RTP gets its header checked, and
 * its padding when the payload is in clear; RTCP its first packet's header. Bytes after the IP datagram
 * (Ethernet minimum-size padding) are ignored.
 *
 * <p>The UDP checksum is <em>not</em> verified. On veth and with checksum offload the kernel hands
 * AF_XDP frames whose checksum field holds only the pseudo-header sum (the sender's CHECKSUM_PARTIAL), so a
 * check would drop good packets; and the NIC has usually verified it already. SRTP authenticates the
 * media anyway, and every forwarded copy gets a freshly computed checksum.
 */
public final class PacketParser {
    private PacketParser() {
    }

    /** Parses a frame whose RTP payload is in clear, so the RTP padding count is checked too. */
    public static int parse(MemorySegment frame, long offset, int length, ParsedPacket out) {
        return parse(frame, offset, length, out, true);
    }

    /**
     * @param rtpPaddingInClear false for SRTP, where the padding count is encrypted and can only be checked
     *     after decryption ({@link RtpHeader#validate()})
     * @return {@link DropReason#OK} or a packet-layer {@link DropReason}
     */
    public static int parse(MemorySegment frame, long offset, int length, ParsedPacket out,
            boolean rtpPaddingInClear) {
        out.reset(frame, offset, length);
        if (offset < 0 || length < 0 || offset > frame.byteSize() - length) {
            return DropReason.FRAME_OUT_OF_BOUNDS;
        }
        if (length < EthernetHeader.HEADER_LENGTH) {
            return DropReason.ETH_TRUNCATED;
        }
        out.dstMac = Wire.mac(frame, offset + EthernetHeader.DST_MAC_OFFSET);
        out.srcMac = Wire.mac(frame, offset + EthernetHeader.SRC_MAC_OFFSET);
        int etherType = Wire.u16(frame, offset + EthernetHeader.ETHER_TYPE_OFFSET);
        long l3 = offset + EthernetHeader.HEADER_LENGTH;
        if (EthernetHeader.isVlanTpid(etherType)) {
            if (length < EthernetHeader.TAGGED_HEADER_LENGTH) {
                return DropReason.VLAN_TRUNCATED;
            }
            out.vlanTci = Wire.u16(frame, offset + EthernetHeader.VLAN_TCI_OFFSET);
            etherType = Wire.u16(frame, offset + EthernetHeader.VLAN_ETHER_TYPE_OFFSET);
            l3 = offset + EthernetHeader.TAGGED_HEADER_LENGTH;
        }
        out.etherType = etherType;
        out.l3Offset = l3;
        int l3Available = (int) (offset + length - l3);
        int reason;
        if (etherType == EthernetHeader.ETHERTYPE_IPV4) {
            reason = parseIpv4(frame, l3, l3Available, out);
        } else if (etherType == EthernetHeader.ETHERTYPE_IPV6) {
            reason = parseIpv6(frame, l3, l3Available, out);
        } else {
            return DropReason.ETH_UNSUPPORTED_ETHERTYPE;
        }
        if (reason != DropReason.OK) {
            return reason;
        }
        return classifyPayload(frame, out, rtpPaddingInClear);
    }

    /**
     * The same payload checks for a datagram the kernel already took apart (the socket backend): the
     * addresses come from recvmmsg, the payload is the whole buffer.
     */
    public static int parseDatagram(MemorySegment buffer, long offset, int length, int ipVersion, int srcV4,
            long srcV6Hi, long srcV6Lo, int srcPort, int dstPort, ParsedPacket out) {
        return parseDatagram(buffer, offset, length, ipVersion, srcV4, srcV6Hi, srcV6Lo, srcPort, dstPort, out, true);
    }

    /** As above; {@code rtpPaddingInClear} false leaves the padding count to {@link #checkRtpPadding}. */
    public static int parseDatagram(MemorySegment buffer, long offset, int length, int ipVersion, int srcV4,
            long srcV6Hi, long srcV6Lo, int srcPort, int dstPort, ParsedPacket out, boolean rtpPaddingInClear) {
        out.reset(buffer, offset, length);
        if (offset < 0 || length < 0 || offset > buffer.byteSize() - length) {
            return DropReason.FRAME_OUT_OF_BOUNDS;
        }
        out.ipVersion = ipVersion;
        out.ipv4Src = srcV4;
        out.ipv6SrcHi = srcV6Hi;
        out.ipv6SrcLo = srcV6Lo;
        out.srcPort = srcPort;
        out.dstPort = dstPort;
        if (length == 0) {
            return DropReason.UDP_EMPTY;
        }
        out.payloadOffset = offset;
        out.payloadLength = length;
        return classifyPayload(buffer, out, rtpPaddingInClear);
    }

    /**
     * The RTP padding check the backends leave out (they parse with the padding count possibly encrypted):
     * {@link DropReason#OK} or {@link DropReason#RTP_BAD_PADDING}. Call on a clear RTP packet.
     */
    public static int checkRtpPadding(ParsedPacket p) {
        MemorySegment s = p.segment;
        long at = p.payloadOffset;
        if ((Wire.u8(s, at) & 0x20) == 0) {
            return DropReason.OK;
        }
        int pad = Wire.u8(s, at + p.payloadLength - 1);
        return pad == 0 || pad > p.payloadLength - p.rtpHeaderLength ? DropReason.RTP_BAD_PADDING : DropReason.OK;
    }

    /**
     * The payload got shorter in place (SRTP's tag removed by decryption): {@code length} bytes from the same
     * offset. Never longer than before.
     */
    public static void setPayloadLength(ParsedPacket p, int length) {
        if (length < 0 || length > p.payloadLength) {
            throw new IllegalArgumentException("payload length " + length + " outside 0.." + p.payloadLength);
        }
        p.payloadLength = length;
    }

    /**
     * Turns an RTX packet (RFC 4588: the original sequence number leads the payload) back into the original
     * packet, in place: the RTP header moves two bytes forward over the original sequence number, and gets
     * the media SSRC, payload type and that sequence number. {@code p} then describes the restored packet.
     * False (nothing changed) when there is no room for the original sequence number.
     */
    public static boolean unwrapRtx(ParsedPacket p, int mediaSsrc, int mediaPayloadType) {
        MemorySegment s = p.segment;
        long rtp = p.payloadOffset;
        int header = p.rtpHeaderLength;
        int padding = (Wire.u8(s, rtp) & 0x20) != 0 ? Wire.u8(s, rtp + p.payloadLength - 1) : 0;
        if (p.payloadLength - header - padding < 2) {
            return false;
        }
        int originalSeq = Wire.u16(s, rtp + header);
        MemorySegment.copy(s, rtp, s, rtp + 2, header);
        rtp += 2;
        p.payloadOffset = rtp;
        p.payloadLength -= 2;
        Wire.putU8(s, rtp + RtpHeader.MARKER_PT_OFFSET,
                (Wire.u8(s, rtp + RtpHeader.MARKER_PT_OFFSET) & 0x80) | (mediaPayloadType & 0x7F));
        Wire.putU16(s, rtp + RtpHeader.SEQUENCE_OFFSET, originalSeq);
        Wire.putI32(s, rtp + RtpHeader.SSRC_OFFSET, mediaSsrc);
        return true;
    }

    /** On success leaves l4Offset set and the IP payload length in payloadLength (refined by parseUdp). */
    private static int parseIpv4(MemorySegment s, long l3, int available, ParsedPacket out) {
        if (available < Ipv4Header.MIN_HEADER_LENGTH) {
            return DropReason.IPV4_TRUNCATED;
        }
        int versionIhl = Wire.u8(s, l3 + Ipv4Header.VERSION_IHL_OFFSET);
        if ((versionIhl >>> 4) != 4) {
            return DropReason.IPV4_BAD_VERSION;
        }
        int ihl = versionIhl & 0x0F;
        if (ihl < Ipv4Header.MIN_IHL) {
            return DropReason.IPV4_BAD_IHL;
        }
        if (ihl > Ipv4Header.MIN_IHL) {
            return DropReason.IPV4_OPTIONS;
        }
        if (Checksum.sum(s, l3, Ipv4Header.MIN_HEADER_LENGTH) != 0xFFFF) {
            return DropReason.IPV4_BAD_CHECKSUM;
        }
        out.ipVersion = 4;
        out.trafficClass = Wire.u8(s, l3 + Ipv4Header.TOS_OFFSET);
        out.ttl = Wire.u8(s, l3 + Ipv4Header.TTL_OFFSET);
        out.ipv4Src = Wire.i32(s, l3 + Ipv4Header.SRC_OFFSET);
        out.ipv4Dst = Wire.i32(s, l3 + Ipv4Header.DST_OFFSET);
        int totalLength = Wire.u16(s, l3 + Ipv4Header.TOTAL_LENGTH_OFFSET);
        if (totalLength < Ipv4Header.MIN_HEADER_LENGTH || totalLength > available) {
            return DropReason.IPV4_BAD_TOTAL_LENGTH;
        }
        int fragment = Wire.u16(s, l3 + Ipv4Header.FLAGS_FRAGMENT_OFFSET);
        if ((fragment & (Ipv4Header.FLAG_MORE_FRAGMENTS | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0) {
            return DropReason.IPV4_FRAGMENT;
        }
        if (out.ttl == 0) {
            return DropReason.IP_TTL_ZERO;
        }
        if (Wire.u8(s, l3 + Ipv4Header.PROTOCOL_OFFSET) != Ipv4Header.PROTOCOL_UDP) {
            return DropReason.IPV4_NOT_UDP;
        }
        long l4 = l3 + Ipv4Header.MIN_HEADER_LENGTH;
        return parseUdp(s, l4, totalLength - Ipv4Header.MIN_HEADER_LENGTH, false, out);
    }

    private static int parseIpv6(MemorySegment s, long l3, int available, ParsedPacket out) {
        if (available < Ipv6Header.HEADER_LENGTH) {
            return DropReason.IPV6_TRUNCATED;
        }
        int first = Wire.i32(s, l3 + Ipv6Header.VERSION_CLASS_FLOW_OFFSET);
        if ((first >>> 28) != 6) {
            return DropReason.IPV6_BAD_VERSION;
        }
        out.ipVersion = 6;
        out.trafficClass = (first >>> 20) & 0xFF;
        out.ttl = Wire.u8(s, l3 + Ipv6Header.HOP_LIMIT_OFFSET);
        out.ipv6SrcHi = Wire.i64(s, l3 + Ipv6Header.SRC_OFFSET);
        out.ipv6SrcLo = Wire.i64(s, l3 + Ipv6Header.SRC_OFFSET + 8);
        out.ipv6DstHi = Wire.i64(s, l3 + Ipv6Header.DST_OFFSET);
        out.ipv6DstLo = Wire.i64(s, l3 + Ipv6Header.DST_OFFSET + 8);
        int payloadLength = Wire.u16(s, l3 + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        if (payloadLength > available - Ipv6Header.HEADER_LENGTH) {
            return DropReason.IPV6_BAD_PAYLOAD_LENGTH;
        }
        if (Wire.u8(s, l3 + Ipv6Header.NEXT_HEADER_OFFSET) != Ipv6Header.NEXT_HEADER_UDP) {
            return DropReason.IPV6_NOT_UDP;
        }
        if (out.ttl == 0) {
            return DropReason.IP_TTL_ZERO;
        }
        return parseUdp(s, l3 + Ipv6Header.HEADER_LENGTH, payloadLength, true, out);
    }

    private static int parseUdp(MemorySegment s, long l4, int ipPayloadLength, boolean ipv6, ParsedPacket out) {
        if (ipPayloadLength < UdpHeader.HEADER_LENGTH) {
            return DropReason.UDP_TRUNCATED;
        }
        out.l4Offset = l4;
        out.srcPort = Wire.u16(s, l4 + UdpHeader.SRC_PORT_OFFSET);
        out.dstPort = Wire.u16(s, l4 + UdpHeader.DST_PORT_OFFSET);
        out.udpChecksum = Wire.u16(s, l4 + UdpHeader.CHECKSUM_OFFSET);
        int udpLength = Wire.u16(s, l4 + UdpHeader.LENGTH_OFFSET);
        if (udpLength != ipPayloadLength) {
            return DropReason.UDP_BAD_LENGTH;
        }
        if (ipv6 && out.udpChecksum == 0) {
            return DropReason.UDP_ZERO_CHECKSUM_IPV6;
        }
        if (udpLength == UdpHeader.HEADER_LENGTH) {
            return DropReason.UDP_EMPTY;
        }
        out.payloadOffset = l4 + UdpHeader.HEADER_LENGTH;
        out.payloadLength = udpLength - UdpHeader.HEADER_LENGTH;
        return DropReason.OK;
    }

    private static int classifyPayload(MemorySegment s, ParsedPacket out, boolean rtpPaddingInClear) {
        long at = out.payloadOffset;
        int length = out.payloadLength;
        int kind = PayloadKind.classify(s, at, length);
        out.payloadKind = kind;
        switch (kind) {
            case PayloadKind.RTP -> {
                int reason = RtpHeader.validate(s, at, length, rtpPaddingInClear);
                if (reason != DropReason.OK) {
                    return reason;
                }
                out.rtpHeaderLength = RtpHeader.headerLength(s, at);
                return DropReason.OK;
            }
            case PayloadKind.RTCP -> {
                return RtcpHeader.validate(s, at, length);
            }
            case PayloadKind.STUN, PayloadKind.DTLS -> {
                return DropReason.OK;
            }
            default -> {
                return DropReason.NOT_MEDIA;
            }
        }
    }
}
