package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/** Flyweight over an IPv4 header (RFC 791). */
public final class Ipv4Header extends HeaderFlyweight {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;
    /** Without options, which is the only kind xsfu accepts or sends. */
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MIN_IHL = 5;

    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    public static final int PROTOCOL_UDP = 17;


    public Ipv4Header wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int version() {
        return Wire.u8(segment, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in 32-bit words. */
    public int ihl() {
        return Wire.u8(segment, offset + VERSION_IHL_OFFSET) & 0x0F;
    }

    public int headerLength() {
        return ihl() * 4;
    }

    public Ipv4Header versionAndIhl(int version, int ihl) {
        Wire.putU8(segment, offset + VERSION_IHL_OFFSET, (version << 4) | (ihl & 0x0F));
        return this;
    }

    public int tos() {
        return Wire.u8(segment, offset + TOS_OFFSET);
    }

    public Ipv4Header tos(int tos) {
        Wire.putU8(segment, offset + TOS_OFFSET, tos);
        return this;
    }

    public int totalLength() {
        return Wire.u16(segment, offset + TOTAL_LENGTH_OFFSET);
    }

    public Ipv4Header totalLength(int totalLength) {
        Wire.putU16(segment, offset + TOTAL_LENGTH_OFFSET, totalLength);
        return this;
    }

    public int identification() {
        return Wire.u16(segment, offset + IDENTIFICATION_OFFSET);
    }

    public Ipv4Header identification(int id) {
        Wire.putU16(segment, offset + IDENTIFICATION_OFFSET, id);
        return this;
    }

    /** The flags (top 3 bits) and the fragment offset (in 8-byte units, low 13 bits) as one field. */
    public int flagsAndFragmentOffset() {
        return Wire.u16(segment, offset + FLAGS_FRAGMENT_OFFSET);
    }

    public Ipv4Header flagsAndFragmentOffset(int value) {
        Wire.putU16(segment, offset + FLAGS_FRAGMENT_OFFSET, value);
        return this;
    }

    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    public int fragmentOffset() {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    /** True for any piece of a fragmented datagram: the first (MF set) as well as the later ones. */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public int ttl() {
        return Wire.u8(segment, offset + TTL_OFFSET);
    }

    public Ipv4Header ttl(int ttl) {
        Wire.putU8(segment, offset + TTL_OFFSET, ttl);
        return this;
    }

    public int protocol() {
        return Wire.u8(segment, offset + PROTOCOL_OFFSET);
    }

    public Ipv4Header protocol(int protocol) {
        Wire.putU8(segment, offset + PROTOCOL_OFFSET, protocol);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM_OFFSET);
    }

    public Ipv4Header checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    public int src() {
        return Wire.i32(segment, offset + SRC_OFFSET);
    }

    public Ipv4Header src(int address) {
        Wire.putI32(segment, offset + SRC_OFFSET, address);
        return this;
    }

    public int dst() {
        return Wire.i32(segment, offset + DST_OFFSET);
    }

    public Ipv4Header dst(int address) {
        Wire.putI32(segment, offset + DST_OFFSET, address);
        return this;
    }

    /** The checksum this header should carry, computed over {@link #headerLength()} with its own field as 0. */
    public int computeChecksum() {
        int sum = Checksum.sum(segment, offset, headerLength());
        return Checksum.complement(Checksum.subtract(sum, checksum()));
    }

    public Ipv4Header updateChecksum() {
        checksum(0);
        return checksum(Checksum.checksum(segment, offset, headerLength()));
    }

    /** A correct header sums, checksum included, to 0xFFFF (one's-complement negative zero). */
    public boolean checksumValid() {
        return Checksum.sum(segment, offset, headerLength()) == 0xFFFF;
    }
}
