package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the common header of one RTCP packet (RFC 3550 §6.4): version, padding, count (report
 * count or feedback format), packet type, length in 32-bit words minus one, and the sender SSRC. A
 * compound packet is walked by re-wrapping at {@code offset + packetLength()}.
 */
public final class RtcpHeader extends HeaderFlyweight {
    public static final int VPC_OFFSET = 0;
    public static final int PACKET_TYPE_OFFSET = 1;
    public static final int LENGTH_OFFSET = 2;
    public static final int SSRC_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;

    public static final int VERSION = 2;
    public static final int PT_SR = 200;
    public static final int PT_RR = 201;
    public static final int PT_SDES = 202;
    public static final int PT_BYE = 203;
    public static final int PT_APP = 204;
    /** Transport-layer feedback (NACK, TWCC), RFC 4585. */
    public static final int PT_RTPFB = 205;
    /** Payload-specific feedback (PLI, FIR, REMB), RFC 4585. */
    public static final int PT_PSFB = 206;
    public static final int PT_XR = 207;

    private static final int PADDING_BIT = 0x20;
    private static final int COUNT_MASK = 0x1F;


    public RtcpHeader wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int version() {
        return Wire.u8(segment, offset + VPC_OFFSET) >>> 6;
    }

    public boolean padding() {
        return (Wire.u8(segment, offset + VPC_OFFSET) & PADDING_BIT) != 0;
    }

    /** Reception report count, source count, or feedback message type, depending on the packet type. */
    public int count() {
        return Wire.u8(segment, offset + VPC_OFFSET) & COUNT_MASK;
    }

    public int packetType() {
        return Wire.u8(segment, offset + PACKET_TYPE_OFFSET);
    }

    /** The length field: this packet's size in 32-bit words, minus one. */
    public int lengthWords() {
        return Wire.u16(segment, offset + LENGTH_OFFSET);
    }

    /** This packet's size in bytes, header included. */
    public int packetLength() {
        return (lengthWords() + 1) * 4;
    }

    public int ssrc() {
        return Wire.i32(segment, offset + SSRC_OFFSET);
    }

    public RtcpHeader ssrc(int ssrc) {
        Wire.putI32(segment, offset + SSRC_OFFSET, ssrc);
        return this;
    }

    /** {@link DropReason#OK} or why the first packet is malformed; later packets of a compound are not read. */
    public int validate() {
        return validate(segment, offset, length);
    }

    static int validate(MemorySegment s, long offset, int length) {
        if (length < HEADER_LENGTH) {
            return DropReason.RTCP_TRUNCATED;
        }
        if ((Wire.u8(s, offset + VPC_OFFSET) >>> 6) != VERSION) {
            return DropReason.RTCP_BAD_VERSION;
        }
        // An SRTCP trailer (index, tag) may follow the compound packet, so only an overrun is an error.
        if ((Wire.u16(s, offset + LENGTH_OFFSET) + 1) * 4 > length) {
            return DropReason.RTCP_BAD_LENGTH;
        }
        return DropReason.OK;
    }
}
