package io.xsfu.rtp;

import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Is this RTP payload the start of a keyframe? Read from the payload format's descriptor, without
 * allocation and without trusting lengths: VP8 (RFC 7741), VP9 (RFC 9628), H.264 (RFC 6184: IDR or
 * SPS, single NAL, STAP-A or the first FU-A fragment), AV1 (the AOM "RTP Payload Format for AV1": a
 * sequence header OBU followed by a key frame's header). A new subscriber's video starts at a keyframe.
 */
public final class KeyFrames {
    private static final int H264_IDR = 5;
    private static final int H264_SPS = 7;
    private static final int H264_STAP_A = 24;
    private static final int H264_FU_A = 28;

    private static final int AV1_Z = 0x80;
    private static final int AV1_W_MASK = 0x30;
    private static final int AV1_W_SHIFT = 4;
    private static final int AV1_N = 0x08;
    private static final int OBU_SEQUENCE_HEADER = 1;
    private static final int OBU_TEMPORAL_DELIMITER = 2;
    private static final int OBU_FRAME_HEADER = 3;
    private static final int OBU_FRAME = 6;
    private static final int OBU_EXTENSION_FLAG = 0x04;
    private static final int OBU_HAS_SIZE_FLAG = 0x02;
    /** uncompressed_header(): frame_type KEY_FRAME. */
    private static final int AV1_KEY_FRAME = 0;
    /** leb128 values longer than this many bytes are not lengths a packet can hold. */
    private static final int LEB128_MAX_BYTES = 4;

    private KeyFrames() {
    }

    public static boolean isKeyFrame(MediaCodec codec, MemorySegment s, long payload, int length) {
        if (length <= 0) {
            return false;
        }
        return switch (codec) {
            case VP8 -> vp8(s, payload, length);
            case VP9 -> vp9(s, payload, length);
            case H264 -> h264(s, payload, length);
            case AV1 -> av1(s, payload, length);
            case OPUS -> false;
        };
    }

    /** First packet of a VP8 keyframe: S=1, partition 0, and the frame header's P bit clear. */
    static boolean vp8(MemorySegment s, long at, int length) {
        int b0 = Wire.u8(s, at);
        if ((b0 & 0x10) == 0 || (b0 & 0x07) != 0) {
            return false;
        }
        int i = 1;
        if ((b0 & 0x80) != 0) {
            if (length < 2) {
                return false;
            }
            int x = Wire.u8(s, at + 1);
            i = 2;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits
                if (i >= length) {
                    return false;
                }
                i += (Wire.u8(s, at + i) & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                i++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX
                i++;
            }
        }
        return i < length && (Wire.u8(s, at + i) & 0x01) == 0;
    }

    /** VP9: a frame's first packet (B) that is not inter-picture predicted (P clear), spatial layer 0. */
    static boolean vp9(MemorySegment s, long at, int length) {
        int b0 = Wire.u8(s, at);
        boolean p = (b0 & 0x40) != 0;
        boolean b = (b0 & 0x08) != 0;
        if (p || !b) {
            return false;
        }
        if ((b0 & 0x20) != 0) { // L: layer indices follow the picture id
            int i = 1;
            if ((b0 & 0x80) != 0) { // I: picture id
                if (i >= length) {
                    return false;
                }
                i += (Wire.u8(s, at + i) & 0x80) != 0 ? 2 : 1;
            }
            if (i >= length) {
                return false;
            }
            return ((Wire.u8(s, at + i) >>> 1) & 0x07) == 0;
        }
        return true;
    }

    static boolean h264(MemorySegment s, long at, int length) {
        int type = Wire.u8(s, at) & 0x1F;
        if (type == H264_IDR || type == H264_SPS) {
            return true;
        }
        if (type == H264_STAP_A) {
            int i = 1;
            while (i + 2 < length) {
                int size = Wire.u16(s, at + i);
                int nal = Wire.u8(s, at + i + 2) & 0x1F;
                if (nal == H264_IDR || nal == H264_SPS) {
                    return true;
                }
                i += 2 + size;
            }
            return false;
        }
        if (type == H264_FU_A && length >= 2) {
            int fu = Wire.u8(s, at + 1);
            int nal = fu & 0x1F;
            return (fu & 0x80) != 0 && (nal == H264_IDR || nal == H264_SPS);
        }
        return false;
    }

    /**
     * AV1: the packet starts a coded video sequence, i.e. its first complete OBU element (not the continuation
     * of a fragment, Z=0) is a sequence header and the frame (header) OBU after it in this packet is a
     * KEY_FRAME (or, when the frame starts in the next packet, the N bit says a sequence starts). The N bit
     * alone is not trusted (a claim with nothing to decode behind it would make a consumer switch onto garbage); temporal delimiters, which senders should strip but some keep, are
     * skipped. Frame headers are read only where no sequence header fields are needed before frame_type:
     * show_existing_frame(1) frame_type(2), or a reduced still picture header (always a key frame).
     */
    static boolean av1(MemorySegment s, long at, int length) {
        int aggregation = Wire.u8(s, at);
        if ((aggregation & AV1_Z) != 0) {
            return false;
        }
        int elements = (aggregation & AV1_W_MASK) >>> AV1_W_SHIFT; // 0: every element has a length
        int i = 1;
        int element = 0;
        boolean sequenceHeader = false;
        boolean reducedStillPicture = false;
        while (i < length) {
            element++;
            int size;
            boolean last = elements != 0 && element == elements;
            if (last) {
                size = length - i;
            } else {
                long leb = leb128(s, at, i, length);
                if (leb < 0) {
                    return false;
                }
                i = (int) (leb >>> 32);
                size = (int) leb;
                if (size <= 0 || size > length - i) {
                    return false;
                }
            }
            int obuStart = i;
            int header = Wire.u8(s, at + i);
            int type = (header >>> 3) & 0x0F;
            int p = i + 1 + ((header & OBU_EXTENSION_FLAG) != 0 ? 1 : 0);
            if ((header & OBU_HAS_SIZE_FLAG) != 0) {
                long leb = leb128(s, at, p, obuStart + size);
                if (leb < 0) {
                    return false;
                }
                p = (int) (leb >>> 32);
            }
            if (type == OBU_SEQUENCE_HEADER) {
                if (p >= obuStart + size) {
                    return false;
                }
                // seq_profile(3) still_picture(1) reduced_still_picture_header(1)
                reducedStillPicture = (Wire.u8(s, at + p) & 0x08) != 0;
                sequenceHeader = true;
            } else if (type == OBU_FRAME || type == OBU_FRAME_HEADER) {
                if (!sequenceHeader || p >= obuStart + size) {
                    return false;
                }
                if (reducedStillPicture) {
                    return true;
                }
                int first = Wire.u8(s, at + p);
                boolean showExisting = (first & 0x80) != 0;
                return !showExisting && ((first >>> 5) & 0x03) == AV1_KEY_FRAME;
            } else if (type != OBU_TEMPORAL_DELIMITER && !sequenceHeader) {
                return false; // metadata, tile groups...: not the start of a sequence
            }
            if (last) {
                break;
            }
            i = obuStart + size;
        }
        // A sequence header whose frame starts in the next packet: then the N bit's claim has something behind it.
        return sequenceHeader && (aggregation & AV1_N) != 0;
    }

    /**
     * An unsigned LEB128 at {@code i} that must end before {@code end}: (index after it) << 32 | value, or -1
     * if it runs past the end or is longer than any length that fits a packet.
     */
    private static long leb128(MemorySegment s, long at, int i, int end) {
        long value = 0;
        for (int n = 0; n < LEB128_MAX_BYTES; n++) {
            if (i >= end) {
                return -1;
            }
            int b = Wire.u8(s, at + i++);
            value |= (long) (b & 0x7F) << (7 * n);
            if ((b & 0x80) == 0) {
                return ((long) i << 32) | value;
            }
        }
        return -1;
    }
}
