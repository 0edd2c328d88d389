package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an RTP packet (RFC 3550 §5.1): fixed header, CSRC list, optional header extension,
 * payload, optional padding. Wrap the whole RTP packet (the UDP payload), because the header's extent and
 * the padding count both depend on the packet's length. Call {@link #validate()} (or let the parser do
 * it) before trusting {@link #headerLength()}, {@link #payloadOffset()} or {@link #payloadLength()}.
 *
 * <p>With SRTP the fixed header, CSRCs and extension are in clear but the padding count is the last byte
 * of the encrypted payload: {@link #validateHeader()} is the check that applies before decryption.
 */
public final class RtpHeader extends HeaderFlyweight {
    public static final int VPXCC_OFFSET = 0;
    public static final int MARKER_PT_OFFSET = 1;
    public static final int SEQUENCE_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;
    public static final int CSRC_OFFSET = 12;
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int CSRC_LENGTH = 4;
    /** The extension header: 16-bit profile, 16-bit length in 32-bit words, then the data. */
    public static final int EXTENSION_PROFILE_OFFSET = 0;
    public static final int EXTENSION_LENGTH_OFFSET = 2;
    public static final int EXTENSION_HEADER_LENGTH = 4;

    public static final int VERSION = 2;
    private static final int PADDING_BIT = 0x20;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CC_MASK = 0x0F;
    private static final int MARKER_BIT = 0x80;
    private static final int PT_MASK = 0x7F;


    public RtpHeader wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int version() {
        return Wire.u8(segment, offset + VPXCC_OFFSET) >>> 6;
    }

    public boolean padding() {
        return (Wire.u8(segment, offset + VPXCC_OFFSET) & PADDING_BIT) != 0;
    }

    public boolean extension() {
        return (Wire.u8(segment, offset + VPXCC_OFFSET) & EXTENSION_BIT) != 0;
    }

    public int csrcCount() {
        return Wire.u8(segment, offset + VPXCC_OFFSET) & CC_MASK;
    }

    public boolean marker() {
        return (Wire.u8(segment, offset + MARKER_PT_OFFSET) & MARKER_BIT) != 0;
    }

    public RtpHeader marker(boolean marker) {
        int b = Wire.u8(segment, offset + MARKER_PT_OFFSET);
        Wire.putU8(segment, offset + MARKER_PT_OFFSET, marker ? b | MARKER_BIT : b & PT_MASK);
        return this;
    }

    public int payloadType() {
        return Wire.u8(segment, offset + MARKER_PT_OFFSET) & PT_MASK;
    }

    public RtpHeader payloadType(int payloadType) {
        int b = Wire.u8(segment, offset + MARKER_PT_OFFSET);
        Wire.putU8(segment, offset + MARKER_PT_OFFSET, (b & MARKER_BIT) | (payloadType & PT_MASK));
        return this;
    }

    public int sequenceNumber() {
        return Wire.u16(segment, offset + SEQUENCE_OFFSET);
    }

    public RtpHeader sequenceNumber(int sequenceNumber) {
        Wire.putU16(segment, offset + SEQUENCE_OFFSET, sequenceNumber);
        return this;
    }

    /** The 32-bit timestamp as a raw int; {@code Integer.toUnsignedLong} when a magnitude is needed. */
    public int timestamp() {
        return Wire.i32(segment, offset + TIMESTAMP_OFFSET);
    }

    public RtpHeader timestamp(int timestamp) {
        Wire.putI32(segment, offset + TIMESTAMP_OFFSET, timestamp);
        return this;
    }

    public int ssrc() {
        return Wire.i32(segment, offset + SSRC_OFFSET);
    }

    public RtpHeader ssrc(int ssrc) {
        Wire.putI32(segment, offset + SSRC_OFFSET, ssrc);
        return this;
    }

    public int csrc(int index) {
        return Wire.i32(segment, offset + CSRC_OFFSET + (long) index * CSRC_LENGTH);
    }

    /** Offset of the extension header (profile, length) in the segment; only meaningful with {@link #extension()}. */
    public long extensionHeaderOffset() {
        return offset + FIXED_HEADER_LENGTH + (long) csrcCount() * CSRC_LENGTH;
    }

    /** 0xBEDE for one-byte header extensions (RFC 8285), 0x100x for two-byte ones. */
    public int extensionProfile() {
        return Wire.u16(segment, extensionHeaderOffset() + EXTENSION_PROFILE_OFFSET);
    }

    /** Length of the extension data in bytes (the field counts 32-bit words). */
    public int extensionLength() {
        return Wire.u16(segment, extensionHeaderOffset() + EXTENSION_LENGTH_OFFSET) * 4;
    }

    public long extensionDataOffset() {
        return extensionHeaderOffset() + EXTENSION_HEADER_LENGTH;
    }

    /** Fixed header + CSRCs + extension header and data. */
    public int headerLength() {
        return headerLength(segment, offset);
    }

    /** The padding count (last byte) when the padding flag is set, else 0. */
    public int paddingLength() {
        return padding() ? Wire.u8(segment, offset + length - 1) : 0;
    }

    public long payloadOffset() {
        return offset + headerLength();
    }

    /** Payload without header and padding. */
    public int payloadLength() {
        return length - headerLength() - paddingLength();
    }

    /** {@link DropReason#OK} or why this is not a well-formed RTP packet, padding included. */
    public int validate() {
        return validate(segment, offset, length, true);
    }

    /** As {@link #validate()} without the padding check: what can be checked on an SRTP packet. */
    public int validateHeader() {
        return validate(segment, offset, length, false);
    }

    /** Header length without any check; the extension length is read only when the X bit is set. */
    static int headerLength(MemorySegment s, long offset) {
        int first = Wire.u8(s, offset + VPXCC_OFFSET);
        int n = FIXED_HEADER_LENGTH + (first & CC_MASK) * CSRC_LENGTH;
        if ((first & EXTENSION_BIT) != 0) {
            n += EXTENSION_HEADER_LENGTH + Wire.u16(s, offset + n + EXTENSION_LENGTH_OFFSET) * 4;
        }
        return n;
    }

    static int validate(MemorySegment s, long offset, int length, boolean checkPadding) {
        if (length < FIXED_HEADER_LENGTH) {
            return DropReason.RTP_TRUNCATED;
        }
        int first = Wire.u8(s, offset + VPXCC_OFFSET);
        if ((first >>> 6) != VERSION) {
            return DropReason.RTP_BAD_VERSION;
        }
        int header = FIXED_HEADER_LENGTH + (first & CC_MASK) * CSRC_LENGTH;
        if ((first & EXTENSION_BIT) != 0) {
            if (header + EXTENSION_HEADER_LENGTH > length) {
                return DropReason.RTP_BAD_HEADER;
            }
            header += EXTENSION_HEADER_LENGTH + Wire.u16(s, offset + header + EXTENSION_LENGTH_OFFSET) * 4;
        }
        if (header > length) {
            return DropReason.RTP_BAD_HEADER;
        }
        if (checkPadding && (first & PADDING_BIT) != 0) {
            int pad = Wire.u8(s, offset + length - 1);
            if (pad == 0 || pad > length - header) {
                return DropReason.RTP_BAD_PADDING;
            }
        }
        return DropReason.OK;
    }
}
