package io.xsfu.forward;

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

    static void apply(MemorySegment s, long rtp, RtpRewrite r) {
        int markerAndPt = Wire.u8(s, rtp + RtpHeader.MARKER_PT_OFFSET);
        Wire.putU8(s, rtp + RtpHeader.MARKER_PT_OFFSET, (markerAndPt & 0x80) | (r.payloadType & 0x7F));
        Wire.putU16(s, rtp + RtpHeader.SEQUENCE_OFFSET, r.sequenceNumber);
        Wire.putI32(s, rtp + RtpHeader.TIMESTAMP_OFFSET, r.timestamp);
        Wire.putI32(s, rtp + RtpHeader.SSRC_OFFSET, r.ssrc);
        if (r.keepExtensions != RtpRewrite.KEEP_ALL_EXTENSIONS) {
            RtpHeaderExtensions.blankExcept(s, rtp, r.keepExtensions);
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
            long at = rtp + r.pictureIdAt;
            if ((Wire.u8(s, at) & 0x80) == 0) {
                Wire.putU8(s, at, r.pictureId & Vp8Descriptor.PICTURE_ID_7_MASK);
            } else {
                Wire.putU16(s, at, 0x8000 | (r.pictureId & Vp8Descriptor.PICTURE_ID_15_MASK));
            }
        }
        if (r.tl0PicIdxAt >= 0) {
            Wire.putU8(s, rtp + r.tl0PicIdxAt, r.tl0PicIdx & Vp8Descriptor.TL0PICIDX_MASK);
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
