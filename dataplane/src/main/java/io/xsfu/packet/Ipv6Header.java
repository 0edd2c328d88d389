package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200). Addresses are two longs each, network order: the high
 * long holds bytes 0..7, so the pair compares and hashes like the address without any object.
 */
public final class Ipv6Header extends HeaderFlyweight {
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_OFFSET = 8;
    public static final int DST_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;

    public static final int NEXT_HEADER_UDP = 17;


    public Ipv6Header wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    private int firstWord() {
        return Wire.i32(segment, offset + VERSION_CLASS_FLOW_OFFSET);
    }

    public int version() {
        return firstWord() >>> 28;
    }

    public int trafficClass() {
        return (firstWord() >>> 20) & 0xFF;
    }

    public int flowLabel() {
        return firstWord() & 0xFFFFF;
    }

    public Ipv6Header versionClassFlow(int version, int trafficClass, int flowLabel) {
        Wire.putI32(segment, offset + VERSION_CLASS_FLOW_OFFSET,
                (version << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xFFFFF));
        return this;
    }

    /** Length of everything after this fixed header (extension headers included). */
    public int payloadLength() {
        return Wire.u16(segment, offset + PAYLOAD_LENGTH_OFFSET);
    }

    public Ipv6Header payloadLength(int payloadLength) {
        Wire.putU16(segment, offset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        return this;
    }

    public int nextHeader() {
        return Wire.u8(segment, offset + NEXT_HEADER_OFFSET);
    }

    public Ipv6Header nextHeader(int nextHeader) {
        Wire.putU8(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        return this;
    }

    public int hopLimit() {
        return Wire.u8(segment, offset + HOP_LIMIT_OFFSET);
    }

    public Ipv6Header hopLimit(int hopLimit) {
        Wire.putU8(segment, offset + HOP_LIMIT_OFFSET, hopLimit);
        return this;
    }

    public long srcHi() {
        return Wire.i64(segment, offset + SRC_OFFSET);
    }

    public long srcLo() {
        return Wire.i64(segment, offset + SRC_OFFSET + 8);
    }

    public Ipv6Header src(long hi, long lo) {
        Wire.putI64(segment, offset + SRC_OFFSET, hi);
        Wire.putI64(segment, offset + SRC_OFFSET + 8, lo);
        return this;
    }

    public long dstHi() {
        return Wire.i64(segment, offset + DST_OFFSET);
    }

    public long dstLo() {
        return Wire.i64(segment, offset + DST_OFFSET + 8);
    }

    public Ipv6Header dst(long hi, long lo) {
        Wire.putI64(segment, offset + DST_OFFSET, hi);
        Wire.putI64(segment, offset + DST_OFFSET + 8, lo);
        return this;
    }
}
