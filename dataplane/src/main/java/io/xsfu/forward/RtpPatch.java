package io.xsfu.forward;

import io.xsfu.codec.PictureId;
import io.xsfu.codec.Vp8Descriptor;
import io.xsfu.packet.RtpHeader;
import io.xsfu.packet.RtpHeaderExtensions;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/** Writes a consumer's {@link RtpRewrite} over a copy of an RTP header, keeping the marker bit. */
final class RtpPatch {
    private RtpPatch() {
    }

    /** Length of the transport-wide sequence element's data (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    static final int TWCC_ELEMENT_LENGTH = 2;

    /**
     * Whether the packet carries a transport-wide sequence element under {@code twccId} for the SFU to stamp:
     * a number is only taken for a copy that will show it, or the subscriber would see (and report) gaps.
     */
    static boolean carriesTwcc(MemorySegment s, long rtp, int twccId) {
        long at = RtpHeaderExtensions.find(s, rtp, twccId);
        return at >= 0 && (at >>> 48) == TWCC_ELEMENT_LENGTH;
    }

    /** Bytes an added transport-wide element costs: one 32-bit word, plus the block's own header when there was none. */
    static final int ELEMENT_WORD = 4;

    /**
     * Whether a transport-wide sequence element with {@code twccId} can be added to this packet: a one-byte block
     * (or none) takes ids 1..14, a two-byte block any id; an element with that id already there (of another
     * length) is left alone.
     */
    static boolean canInsertTwcc(MemorySegment s, long rtp, int twccId) {
        int first = Wire.u8(s, rtp);
        if ((first & 0x10) == 0) {
            return twccId >= 1 && twccId <= 14;
        }
        long ext = rtp + RtpHeader.FIXED_HEADER_LENGTH + (long) (first & 0x0F) * RtpHeader.CSRC_LENGTH;
        int profile = Wire.u16(s, ext);
        boolean oneByte = profile == RtpHeaderExtensions.ONE_BYTE_PROFILE;
        boolean twoByte = (profile & RtpHeaderExtensions.TWO_BYTE_PROFILE_MASK) == RtpHeaderExtensions.TWO_BYTE_PROFILE;
        return (oneByte && twccId <= 14 || twoByte && twccId <= 255) && twccId >= 1
                && RtpHeaderExtensions.find(s, rtp, twccId) < 0 && Wire.u16(s, ext + 2) < 0xFFFF
                && RtpHeaderExtensions.walksToEnd(s, rtp);
    }

    /** {@link #twccPlan}: no transport-wide number for this copy. */
    static final int TWCC_NONE = -1;

    /**
     * How a copy of this packet gets the SFU's transport-wide number under {@code twccId}: {@link #TWCC_NONE} (no id,
     * or nowhere to put it), 0 (the packet carries the element: overwritten in place), or the bytes an added element
     * grows the copy by (4 or 8, {@link #copyInsertingTwcc}). A plain publisher's packets have no such element; without
     * one its subscribers could tell the SFU nothing about what arrives.
     */
    static int twccPlan(MemorySegment s, long rtp, int twccId) {
        if (twccId == 0) {
            return TWCC_NONE;
        }
        if (carriesTwcc(s, rtp, twccId)) {
            return 0;
        }
        return canInsertTwcc(s, rtp, twccId) ? twccGrowth(s, rtp) : TWCC_NONE;
    }

    /** How many bytes {@link #copyInsertingTwcc} adds to this packet: 4, or 8 when it has no extension block. */
    static int twccGrowth(MemorySegment s, long rtp) {
        return (Wire.u8(s, rtp) & 0x10) == 0 ? 2 * ELEMENT_WORD : ELEMENT_WORD;
    }

    /**
     * Copies the first {@code length} bytes of the RTP packet at {@code src}/{@code srcRtp} (at least its whole
     * header, {@code headerLength}) to {@code dst}/{@code dstRtp}, adding an empty transport-wide sequence element
     * with {@code twccId} at the end of the extension block (creating a one-byte block when there is none); the
     * sequence number itself is written by {@link #apply}. Returns the bytes written ({@code length} plus the
     * growth). The caller checked {@link #canInsertTwcc} and that the destination has room.
     */
    static int copyInsertingTwcc(MemorySegment src, long srcRtp, int headerLength, int length, MemorySegment dst,
                                 long dstRtp, int twccId) {
        int first = Wire.u8(src, srcRtp);
        long fixed = RtpHeader.FIXED_HEADER_LENGTH + (long) (first & 0x0F) * RtpHeader.CSRC_LENGTH;
        int growth;
        if ((first & 0x10) == 0) {
            MemorySegment.copy(src, srcRtp, dst, dstRtp, fixed);
            Wire.putU8(dst, dstRtp, first | 0x10);
            long ext = dstRtp + fixed;
            Wire.putU16(dst, ext, RtpHeaderExtensions.ONE_BYTE_PROFILE);
            Wire.putU16(dst, ext + 2, 1);
            Wire.putU8(dst, ext + 4, (twccId << 4) | (TWCC_ELEMENT_LENGTH - 1));
            Wire.putU16(dst, ext + 5, 0);
            Wire.putU8(dst, ext + 7, 0);
            growth = 2 * ELEMENT_WORD;
        } else {
            MemorySegment.copy(src, srcRtp, dst, dstRtp, headerLength);
            long ext = dstRtp + fixed;
            int words = Wire.u16(dst, ext + 2);
            Wire.putU16(dst, ext + 2, words + 1);
            long at = dstRtp + headerLength;
            if (Wire.u16(dst, ext) == RtpHeaderExtensions.ONE_BYTE_PROFILE) {
                Wire.putU8(dst, at, (twccId << 4) | (TWCC_ELEMENT_LENGTH - 1));
                Wire.putU16(dst, at + 1, 0);
                Wire.putU8(dst, at + 3, 0);
            } else {
                Wire.putU8(dst, at, twccId);
                Wire.putU8(dst, at + 1, TWCC_ELEMENT_LENGTH);
                Wire.putU16(dst, at + 2, 0);
            }
            growth = ELEMENT_WORD;
        }
        MemorySegment.copy(src, srcRtp + headerLength, dst, dstRtp + headerLength + growth, length - headerLength);
        return length + growth;
    }

    static void apply(MemorySegment s, long rtp, RtpRewrite r) {
        int markerAndPt = Wire.u8(s, rtp + RtpHeader.MARKER_PT_OFFSET);
        Wire.putU8(s, rtp + RtpHeader.MARKER_PT_OFFSET, (markerAndPt & 0x80) | (r.payloadType & 0x7F));
        Wire.putU16(s, rtp + RtpHeader.SEQUENCE_OFFSET, r.sequenceNumber);
        Wire.putI32(s, rtp + RtpHeader.TIMESTAMP_OFFSET, r.timestamp);
        Wire.putI32(s, rtp + RtpHeader.SSRC_OFFSET, r.ssrc);
        if (r.keepExtensions != RtpRewrite.KEEP_ALL_EXTENSIONS) {
            // The SFU's own transport-wide element stays whatever the publisher negotiated.
            long keep = r.twccId != 0 && r.twccId <= RtpHeaderExtensions.MAX_MASK_ID
                    ? r.keepExtensions | (1L << r.twccId) : r.keepExtensions;
            RtpHeaderExtensions.blankExcept(s, rtp, keep);
        }
        // Transport-wide sequence numbers and send times belong to the SFU's outgoing transport: the
        // receiver's congestion feedback must describe what the SFU sent, not what the publisher did.
        if (r.twccId != 0) {
            long at = RtpHeaderExtensions.find(s, rtp, r.twccId);
            if (at >= 0 && (at >>> 48) == TWCC_ELEMENT_LENGTH) {
                Wire.putU16(s, at & 0xFFFF_FFFF_FFFFL, r.twccSequence);
            }
        }
        if (r.pictureIdAt >= 0) {
            PictureId.write(s, rtp + r.grown + r.pictureIdAt, r.pictureId);
        }
        if (r.tl0PicIdxAt >= 0) {
            Wire.putU8(s, rtp + r.grown + r.tl0PicIdxAt, r.tl0PicIdx & Vp8Descriptor.TL0PICIDX_MASK);
        }
        if (r.absSendTimeId != 0) {
            long at = RtpHeaderExtensions.find(s, rtp, r.absSendTimeId);
            if (at >= 0 && (at >>> 48) == 3) {
                long o = at & 0xFFFF_FFFF_FFFFL;
                Wire.putU8(s, o, r.absSendTime >>> 16);
                Wire.putU16(s, o + 1, r.absSendTime);
            }
        }
    }
}
