package io.xsfu.rtcp;

import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/** The first 32-bit word every RTCP packet starts with (RFC 3550 §6.4.1): V, P, count/FMT, PT, length. */
final class CommonHeader {
    static final int LENGTH = 4;
    static final int VERSION_BITS = RtcpHeader.VERSION << 6;
    static final int PADDING_BIT = 0x20;
    static final int COUNT_MASK = 0x1F;
    /** The largest report count, source count or FMT the 5-bit field holds. */
    static final int MAX_COUNT = 31;

    private CommonHeader() {
    }

    static int count(MemorySegment s, long packet) {
        return Wire.u8(s, packet + RtcpHeader.VPC_OFFSET) & COUNT_MASK;
    }

    static boolean padding(MemorySegment s, long packet) {
        return (Wire.u8(s, packet + RtcpHeader.VPC_OFFSET) & PADDING_BIT) != 0;
    }

    static int packetType(MemorySegment s, long packet) {
        return Wire.u8(s, packet + RtcpHeader.PACKET_TYPE_OFFSET);
    }

    /** The packet's size in bytes from its length field (32-bit words minus one). */
    static int packetLength(MemorySegment s, long packet) {
        return (Wire.u16(s, packet + RtcpHeader.LENGTH_OFFSET) + 1) * 4;
    }

    /** Writes V=2, P=0, the count and type, and the length field for a packet of {@code bytes} (a multiple of 4). */
    static void write(MemorySegment s, long packet, int count, int packetType, int bytes) {
        Wire.putU8(s, packet + RtcpHeader.VPC_OFFSET, VERSION_BITS | count);
        Wire.putU8(s, packet + RtcpHeader.PACKET_TYPE_OFFSET, packetType);
        Wire.putU16(s, packet + RtcpHeader.LENGTH_OFFSET, bytes / 4 - 1);
    }

    static void count(MemorySegment s, long packet, int count) {
        int b = Wire.u8(s, packet + RtcpHeader.VPC_OFFSET);
        Wire.putU8(s, packet + RtcpHeader.VPC_OFFSET, (b & ~COUNT_MASK) | count);
    }

    static void packetLength(MemorySegment s, long packet, int bytes) {
        Wire.putU16(s, packet + RtcpHeader.LENGTH_OFFSET, bytes / 4 - 1);
    }

    static void setPadding(MemorySegment s, long packet) {
        Wire.putU8(s, packet + RtcpHeader.VPC_OFFSET, Wire.u8(s, packet + RtcpHeader.VPC_OFFSET) | PADDING_BIT);
    }
}
