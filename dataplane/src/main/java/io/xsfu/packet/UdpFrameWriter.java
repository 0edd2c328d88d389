package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * Writes the Ethernet (+ optional 802.1Q tag), IP and UDP headers of one outgoing datagram into a TX frame.
 * The caller copies the payload (with {@code MemorySegment.copy}) to {@code offset + headerLength},
 * before or after.
 *
 * <p>The UDP checksum covers the payload, which is the same for every copy of a forwarded packet: the caller
 * sums it once per received packet with {@link Checksum#sum} (and adjusts that sum with
 * {@link Checksum#updateSum16}/{@link Checksum#updateSum32} for per-copy RTP rewrites) and passes it here,
 * so each copy costs a few additions instead of a pass over the payload.
 *
 * <p>IPv4 headers carry no options, DF set and ID 0 (RFC 6864: the ID of an atomic datagram has no
 * meaning), TOS 0. IPv6 headers carry traffic class and flow label 0.
 */
public final class UdpFrameWriter {
    public static final int IPV4_UDP_MAX_PAYLOAD = 0xFFFF - Ipv4Header.MIN_HEADER_LENGTH - UdpHeader.HEADER_LENGTH;
    public static final int IPV6_UDP_MAX_PAYLOAD = 0xFFFF - UdpHeader.HEADER_LENGTH;

    private static final int IPV4_VERSION_IHL_TOS = 0x4500;
    private static final int IPV6_FIRST_WORD = 6 << 28;

    private UdpFrameWriter() {
    }

    /** Bytes of headers before the payload. */
    public static int headerLength(int ipVersion, boolean vlan) {
        int l2 = vlan ? EthernetHeader.TAGGED_HEADER_LENGTH : EthernetHeader.HEADER_LENGTH;
        int l3 = switch (ipVersion) {
            case 4 -> Ipv4Header.MIN_HEADER_LENGTH;
            case 6 -> Ipv6Header.HEADER_LENGTH;
            default -> throw new IllegalArgumentException("IP version must be 4 or 6: " + ipVersion);
        };
        return l2 + l3 + UdpHeader.HEADER_LENGTH;
    }

    /**
     * @param vlanTci the 802.1Q TCI to tag with, or negative for an untagged frame
     * @param payloadSum {@link Checksum#sum} of the payload that will follow the headers
     * @return the header length: the payload goes at {@code offset + return value}
     */
    public static int writeIpv4(MemorySegment frame, long offset, long dstMac, long srcMac, int vlanTci,
            int src, int dst, int ttl, int srcPort, int dstPort, int payloadLength, int payloadSum) {
        if (payloadLength < 0 || payloadLength > IPV4_UDP_MAX_PAYLOAD) {
            throw new IllegalArgumentException("UDP payload length out of range for IPv4: " + payloadLength);
        }
        long l3 = offset + writeEthernet(frame, offset, dstMac, srcMac, vlanTci, EthernetHeader.ETHERTYPE_IPV4);
        int udpLength = UdpHeader.HEADER_LENGTH + payloadLength;
        int totalLength = Ipv4Header.MIN_HEADER_LENGTH + udpLength;
        // TTL and protocol share one checksummed word.
        int ttlProtocol = ((ttl & 0xFF) << 8) | Ipv4Header.PROTOCOL_UDP;
        long srcWords = (src >>> 16) + (src & 0xFFFF);
        long dstWords = (dst >>> 16) + (dst & 0xFFFF);

        Wire.putU16(frame, l3 + Ipv4Header.VERSION_IHL_OFFSET, IPV4_VERSION_IHL_TOS);
        Wire.putU16(frame, l3 + Ipv4Header.TOTAL_LENGTH_OFFSET, totalLength);
        Wire.putU16(frame, l3 + Ipv4Header.IDENTIFICATION_OFFSET, 0);
        Wire.putU16(frame, l3 + Ipv4Header.FLAGS_FRAGMENT_OFFSET, Ipv4Header.FLAG_DONT_FRAGMENT);
        Wire.putU8(frame, l3 + Ipv4Header.TTL_OFFSET, ttl);
        Wire.putU8(frame, l3 + Ipv4Header.PROTOCOL_OFFSET, Ipv4Header.PROTOCOL_UDP);
        Wire.putI32(frame, l3 + Ipv4Header.SRC_OFFSET, src);
        Wire.putI32(frame, l3 + Ipv4Header.DST_OFFSET, dst);
        int headerSum = Checksum.fold(IPV4_VERSION_IHL_TOS + totalLength + Ipv4Header.FLAG_DONT_FRAGMENT
                + ttlProtocol + srcWords + dstWords);
        Wire.putU16(frame, l3 + Ipv4Header.CHECKSUM_OFFSET, Checksum.complement(headerSum));

        long l4 = l3 + Ipv4Header.MIN_HEADER_LENGTH;
        long pseudo = srcWords + dstWords + Ipv4Header.PROTOCOL_UDP + udpLength;
        writeUdp(frame, l4, srcPort, dstPort, udpLength, pseudo, payloadSum);
        return (int) (l4 + UdpHeader.HEADER_LENGTH - offset);
    }

    /** As {@link #writeIpv4} for IPv6; addresses as (high, low) longs in network order. */
    public static int writeIpv6(MemorySegment frame, long offset, long dstMac, long srcMac, int vlanTci,
            long srcHi, long srcLo, long dstHi, long dstLo, int hopLimit, int srcPort, int dstPort,
            int payloadLength, int payloadSum) {
        if (payloadLength < 0 || payloadLength > IPV6_UDP_MAX_PAYLOAD) {
            throw new IllegalArgumentException("UDP payload length out of range for IPv6: " + payloadLength);
        }
        long l3 = offset + writeEthernet(frame, offset, dstMac, srcMac, vlanTci, EthernetHeader.ETHERTYPE_IPV6);
        int udpLength = UdpHeader.HEADER_LENGTH + payloadLength;

        Wire.putI32(frame, l3 + Ipv6Header.VERSION_CLASS_FLOW_OFFSET, IPV6_FIRST_WORD);
        Wire.putU16(frame, l3 + Ipv6Header.PAYLOAD_LENGTH_OFFSET, udpLength);
        Wire.putU8(frame, l3 + Ipv6Header.NEXT_HEADER_OFFSET, Ipv6Header.NEXT_HEADER_UDP);
        Wire.putU8(frame, l3 + Ipv6Header.HOP_LIMIT_OFFSET, hopLimit);
        Wire.putI64(frame, l3 + Ipv6Header.SRC_OFFSET, srcHi);
        Wire.putI64(frame, l3 + Ipv6Header.SRC_OFFSET + 8, srcLo);
        Wire.putI64(frame, l3 + Ipv6Header.DST_OFFSET, dstHi);
        Wire.putI64(frame, l3 + Ipv6Header.DST_OFFSET + 8, dstLo);

        long l4 = l3 + Ipv6Header.HEADER_LENGTH;
        long pseudo = Checksum.ipv6PseudoHeaderSum(srcHi, srcLo, dstHi, dstLo, Ipv6Header.NEXT_HEADER_UDP, udpLength);
        writeUdp(frame, l4, srcPort, dstPort, udpLength, pseudo, payloadSum);
        return (int) (l4 + UdpHeader.HEADER_LENGTH - offset);
    }

    /** Destination and source MAC, then the EtherType, or a tag and then the EtherType. Returns its length. */
    static int writeEthernet(MemorySegment frame, long offset, long dstMac, long srcMac, int vlanTci, int etherType) {
        Wire.putMac(frame, offset + EthernetHeader.DST_MAC_OFFSET, dstMac);
        Wire.putMac(frame, offset + EthernetHeader.SRC_MAC_OFFSET, srcMac);
        if (vlanTci < 0) {
            Wire.putU16(frame, offset + EthernetHeader.ETHER_TYPE_OFFSET, etherType);
            return EthernetHeader.HEADER_LENGTH;
        }
        Wire.putU16(frame, offset + EthernetHeader.ETHER_TYPE_OFFSET, EthernetHeader.ETHERTYPE_VLAN);
        Wire.putU16(frame, offset + EthernetHeader.VLAN_TCI_OFFSET, vlanTci);
        Wire.putU16(frame, offset + EthernetHeader.VLAN_ETHER_TYPE_OFFSET, etherType);
        return EthernetHeader.TAGGED_HEADER_LENGTH;
    }

    /** The UDP header; its length field appears twice in the sum, once in the pseudo header and once here. */
    private static void writeUdp(MemorySegment frame, long l4, int srcPort, int dstPort, int udpLength,
            long pseudoSum, int payloadSum) {
        srcPort &= 0xFFFF;
        dstPort &= 0xFFFF;
        Wire.putU16(frame, l4 + UdpHeader.SRC_PORT_OFFSET, srcPort);
        Wire.putU16(frame, l4 + UdpHeader.DST_PORT_OFFSET, dstPort);
        Wire.putU16(frame, l4 + UdpHeader.LENGTH_OFFSET, udpLength);
        int sum = Checksum.fold(pseudoSum + srcPort + dstPort + udpLength + (payloadSum & 0xFFFF_FFFFL));
        Wire.putU16(frame, l4 + UdpHeader.CHECKSUM_OFFSET, Checksum.udpChecksum(sum));
    }
}
