package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/** Flyweight over a UDP header (RFC 768). */
public final class UdpHeader extends HeaderFlyweight {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    /** The length field: header plus payload, in bytes. */
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;


    public UdpHeader wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int srcPort() {
        return Wire.u16(segment, offset + SRC_PORT_OFFSET);
    }

    public UdpHeader srcPort(int port) {
        Wire.putU16(segment, offset + SRC_PORT_OFFSET, port);
        return this;
    }

    public int dstPort() {
        return Wire.u16(segment, offset + DST_PORT_OFFSET);
    }

    public UdpHeader dstPort(int port) {
        Wire.putU16(segment, offset + DST_PORT_OFFSET, port);
        return this;
    }

    public int udpLength() {
        return Wire.u16(segment, offset + LENGTH_OFFSET);
    }

    public UdpHeader udpLength(int udpLength) {
        Wire.putU16(segment, offset + LENGTH_OFFSET, udpLength);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM_OFFSET);
    }

    public UdpHeader checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    public long payloadOffset() {
        return offset + HEADER_LENGTH;
    }
}
