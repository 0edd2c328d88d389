package io.xsfu.codec;

import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the VP9 payload descriptor (RFC 9628 §4.2) at the start of an RTP payload, as far as layer
 * selection needs it:
 * <pre>
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z|  required
 *   I: |M| PICTURE ID  |  if I; M=1: a second byte, 15 bits in all
 *   L: | TID |U| SID |D|  if L
 *      |   TL0PICIDX   |  if L and not F (non-flexible mode)
 * F,P: | P_DIFF      |N|  up to 3, while N (flexible mode, inter-picture predicted)
 *   V: scalability structure (not read: it follows every field used here)
 * </pre>
 * B starts a frame (of its spatial layer), P clear means no inter-picture prediction; U marks a switching-up
 * point (this frame depends on no earlier frame of its temporal layer), which is where forwarding may start a
 * higher temporal layer. {@link #wrap} checks that every announced field is inside the packet and remembers the
 * offsets of the picture id and TL0PICIDX, which a copy rewrites. Nothing is copied or allocated.
 */
public final class Vp9Descriptor extends HeaderFlyweight {
    private static final int I_BIT = 0x80;
    private static final int P_BIT = 0x40;
    private static final int L_BIT = 0x20;
    private static final int F_BIT = 0x10;
    private static final int B_BIT = 0x08;
    private static final int E_BIT = 0x04;
    private static final int U_BIT = 0x10;
    private static final int N_BIT = 0x01;
    private static final int MAX_P_DIFFS = 3;
    static final int ABSENT = -1;

    private int required;
    private int layers = ABSENT;
    private int pictureIdAt = ABSENT;
    private int tl0PicIdxAt = ABSENT;
    private int descriptorLength;

    /** Binds to the RTP payload at {@code offset} and validates it: 0, or a {@link CodecDrop} reason. */
    public int wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        layers = ABSENT;
        pictureIdAt = ABSENT;
        tl0PicIdxAt = ABSENT;
        descriptorLength = 0;
        if (length < 1) {
            required = 0;
            return CodecDrop.VP9_NO_PAYLOAD;
        }
        required = Wire.u8(segment, offset);
        int i = 1;
        if ((required & I_BIT) != 0) {
            if (i >= length) {
                return CodecDrop.VP9_TRUNCATED;
            }
            int width = PictureId.width(segment, offset + i);
            if (i + width > length) {
                return CodecDrop.VP9_TRUNCATED;
            }
            pictureIdAt = i;
            i += width;
        }
        if ((required & L_BIT) != 0) {
            if (i >= length) {
                return CodecDrop.VP9_TRUNCATED;
            }
            layers = Wire.u8(segment, offset + i);
            i++;
            if ((required & F_BIT) == 0) {
                if (i >= length) {
                    return CodecDrop.VP9_TRUNCATED;
                }
                tl0PicIdxAt = i++;
            }
        }
        if ((required & (F_BIT | P_BIT)) == (F_BIT | P_BIT)) {
            for (int k = 0; ; k++) {
                if (i >= length || k == MAX_P_DIFFS) {
                    return CodecDrop.VP9_TRUNCATED;
                }
                boolean more = (Wire.u8(segment, offset + i) & N_BIT) != 0;
                i++;
                if (!more) {
                    break;
                }
            }
        }
        if (i >= length) {
            return CodecDrop.VP9_NO_PAYLOAD;
        }
        descriptorLength = i;
        return 0;
    }

    /** B: the first packet of a frame of its spatial layer. */
    public boolean startOfFrame() {
        return (required & B_BIT) != 0;
    }

    /** E: the last packet of a frame of its spatial layer. */
    public boolean endOfFrame() {
        return (required & E_BIT) != 0;
    }

    /** P: the frame is predicted from an earlier picture. */
    public boolean interPicturePredicted() {
        return (required & P_BIT) != 0;
    }

    public boolean flexibleMode() {
        return (required & F_BIT) != 0;
    }

    /** The first packet of a keyframe of the base spatial layer: B, not predicted, spatial layer 0. */
    public boolean keyFrame() {
        return startOfFrame() && !interPicturePredicted() && spatialId() == 0;
    }

    /** TID, 0 without layer indices. */
    public int temporalId() {
        return layers == ABSENT ? 0 : layers >>> 5;
    }

    /** U: a switching-up point (see the class comment); false without layer indices. */
    public boolean switchingUpPoint() {
        return layers != ABSENT && (layers & U_BIT) != 0;
    }

    /** SID, 0 without layer indices. */
    public int spatialId() {
        return layers == ABSENT ? 0 : (layers >>> 1) & 0x07;
    }

    /** 7 or 15; 0 without a picture id. */
    public int pictureIdBits() {
        return pictureIdAt == ABSENT ? 0 : PictureId.bits(segment, offset + pictureIdAt);
    }

    /** The picture id (7 or 15 bits), or -1 without one. */
    public int pictureId() {
        return pictureIdAt == ABSENT ? ABSENT : PictureId.read(segment, offset + pictureIdAt);
    }

    /** TL0PICIDX (0..255), or -1 without one (flexible mode, or no layer indices). */
    public int tl0PicIdx() {
        return tl0PicIdxAt == ABSENT ? ABSENT : Wire.u8(segment, offset + tl0PicIdxAt);
    }

    /** Where the picture id starts, from the descriptor's start, or -1 without one. */
    public int pictureIdOffset() {
        return pictureIdAt;
    }

    /** Where TL0PICIDX is, from the descriptor's start, or -1 without one. */
    public int tl0PicIdxOffset() {
        return tl0PicIdxAt;
    }

    /** Bytes of descriptor before the VP9 payload; 0 if {@link #wrap} failed. */
    public int descriptorLength() {
        return descriptorLength;
    }
}
