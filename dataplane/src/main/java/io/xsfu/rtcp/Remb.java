package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a receiver estimated maximum bitrate message (draft-alvestrand-rmcat-remb-03 §2.2): PSFB
 * FMT 15 with media SSRC 0, the identifier 'REMB', the number of SSRCs, the bitrate as a 6-bit exponent and
 * an 18-bit mantissa ({@code mantissa << exp} bits per second), then the SSRCs the estimate applies to.
 */
public final class Remb extends Feedback {
    /** 'R' 'E' 'M' 'B' as a big-endian int. */
    public static final int IDENTIFIER = 0x52454D42;
    public static final int IDENTIFIER_OFFSET = FCI_OFFSET;
    public static final int SSRC_COUNT_OFFSET = FCI_OFFSET + 4;
    public static final int BITRATE_OFFSET = FCI_OFFSET + 5;
    public static final int SSRCS_OFFSET = FCI_OFFSET + 8;
    /** A REMB without SSRCs. */
    public static final int FIXED_LENGTH = SSRCS_OFFSET;
    public static final int MAX_SSRCS = 255;

    private static final int MANTISSA_BITS = 18;
    private static final int MANTISSA_MASK = (1 << MANTISSA_BITS) - 1;

    @Override
    public Remb wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int ssrcCount() {
        return Wire.u8(segment, offset + SSRC_COUNT_OFFSET);
    }

    public int ssrc(int index) {
        return Wire.i32(segment, offset + SSRCS_OFFSET + 4L * index);
    }

    public Remb ssrc(int index, int ssrc) {
        Wire.putI32(segment, offset + SSRCS_OFFSET + 4L * index, ssrc);
        return this;
    }

    public int exponent() {
        return Wire.u8(segment, offset + BITRATE_OFFSET) >>> 2;
    }

    public int mantissa() {
        return (Wire.u8(segment, offset + BITRATE_OFFSET) & 0x3) << 16 | Wire.u16(segment, offset + BITRATE_OFFSET + 1);
    }

    /** The estimate in bits per second; {@code Long.MAX_VALUE} when the exponent makes it overflow a long. */
    public long bitrate() {
        return decode(exponent(), mantissa());
    }

    /** Rewrites the estimate in place (rounded down to what 18 bits of mantissa hold), e.g. to cap it. */
    public Remb bitrate(long bitsPerSecond) {
        putBitrate(segment, offset, bitsPerSecond);
        return this;
    }

    static long decode(int exponent, int mantissa) {
        if (mantissa == 0) {
            return 0;
        }
        // The mantissa has at most 18 significant bits: shifting keeps the sign bit clear while exp fits them.
        if (exponent >= Long.numberOfLeadingZeros(mantissa)) {
            return Long.MAX_VALUE;
        }
        return (long) mantissa << exponent;
    }

    /** Whether a PSFB FMT 15 packet of {@code length} bytes carries the REMB identifier. */
    static boolean isRemb(MemorySegment s, long offset, int length) {
        return length >= FCI_OFFSET + 4 && Wire.i32(s, offset + IDENTIFIER_OFFSET) == IDENTIFIER;
    }

    /** {@link DropReason#OK} or {@link RtcpDrop#REMB_MALFORMED}: the bitrate and all SSRCs are inside. */
    public static int validate(MemorySegment s, long offset, int length) {
        if (length < FIXED_LENGTH) {
            return RtcpDrop.REMB_MALFORMED;
        }
        return FIXED_LENGTH + 4 * Wire.u8(s, offset + SSRC_COUNT_OFFSET) > length ? RtcpDrop.REMB_MALFORMED
                : DropReason.OK;
    }

    static int packetLength(int ssrcs) {
        return FIXED_LENGTH + 4 * ssrcs;
    }

    static void write(MemorySegment s, long packet, int senderSsrc, long bitsPerSecond, int[] ssrcs, int count) {
        writeHeader(s, packet, FMT_AFB, RtcpHeader.PT_PSFB, packetLength(count), senderSsrc, 0);
        Wire.putI32(s, packet + IDENTIFIER_OFFSET, IDENTIFIER);
        Wire.putU8(s, packet + SSRC_COUNT_OFFSET, count);
        putBitrate(s, packet, bitsPerSecond);
        for (int i = 0; i < count; i++) {
            Wire.putI32(s, packet + SSRCS_OFFSET + 4L * i, ssrcs[i]);
        }
    }

    /** Smallest exponent whose mantissa holds the value: rounding down, never announcing more than estimated. */
    private static void putBitrate(MemorySegment s, long packet, long bitsPerSecond) {
        long mantissa = Math.max(0, bitsPerSecond);
        int exponent = 0;
        while (mantissa > MANTISSA_MASK) {
            mantissa >>>= 1;
            exponent++;
        }
        Wire.putU8(s, packet + BITRATE_OFFSET, exponent << 2 | (int) (mantissa >>> 16));
        Wire.putU16(s, packet + BITRATE_OFFSET + 1, (int) mantissa);
    }
}
