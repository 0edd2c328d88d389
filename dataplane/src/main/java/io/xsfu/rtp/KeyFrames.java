package io.xsfu.rtp;

import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Is this RTP payload the start of a keyframe? Read from the payload format's descriptor, without
 * allocation and without trusting lengths: VP8 (RFC 7741), VP9 (RFC 9628), H.264 (RFC 6184: IDR or
 * SPS, single NAL, STAP-A or the first FU-A fragment). A new subscriber's video starts at a keyframe.
 */
public final class KeyFrames {
    private static final int H264_IDR = 5;
    private static final int H264_SPS = 7;
    private static final int H264_STAP_A = 24;
    private static final int H264_FU_A = 28;

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
}
