package io.xsfu.codec;

import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the VP8 payload descriptor (RFC 7741 §4.2) at the start of an RTP payload, and the first bytes
 * of the VP8 payload header after it (§4.3):
 * <pre>
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID |  required
 *   X: |I|L|T|K| RSV   |  if X
 *   I: |M| PictureID   |  if I; M=1: a second byte, 15 bits in all
 *   L: |   TL0PICIDX   |  if L
 * T/K: |TID|Y| KEYIDX  |  if T or K
 *      |Size0|H| VER |P|  payload header, only at the start of partition 0 (S=1, PID=0); P=0: key frame
 * </pre>
 * {@link #wrap} checks the whole structure once and remembers where each optional field is, so the getters read
 * one byte each and never run past the packet. Nothing is copied or allocated; the setters rewrite the packet in
 * place (the caller's copy for one subscriber).
 *
 * <p>Rewriting keeps the picture id's width: a 7-bit field gets the new value modulo 128 (as mediasoup does), so
 * the packet's length and every offset after it stay the same. Picture ids are only compared on the ring of
 * their own width, so a subscriber sees a continuous 7-bit sequence from a 7-bit sender.
 */
public final class Vp8Descriptor extends HeaderFlyweight {
    public static final int REQUIRED_OFFSET = 0;
    public static final int EXTENSION_OFFSET = 1;

    private static final int X_BIT = 0x80;
    private static final int N_BIT = 0x20;
    private static final int S_BIT = 0x10;
    private static final int PID_MASK = 0x07;
    private static final int I_BIT = 0x80;
    private static final int L_BIT = 0x40;
    private static final int T_BIT = 0x20;
    private static final int K_BIT = 0x10;
    private static final int Y_BIT = 0x20;
    private static final int KEYIDX_MASK = 0x1F;
    /** Payload header: the inverse key frame flag. */
    private static final int P_BIT = 0x01;
    /** A key frame's payload header: 3-byte frame tag, start code 9d 01 2a, 2 + 2 bytes of dimensions. */
    private static final int KEY_FRAME_HEADER_LENGTH = 10;
    private static final int START_CODE_OFFSET = 3;
    private static final int START_CODE_0 = 0x9D;
    private static final int START_CODE_1 = 0x01;
    private static final int START_CODE_2 = 0x2A;

    public static final int TL0PICIDX_MASK = 0xFF;
    static final int ABSENT = -1;

    private int required;
    private int extension;
    /** Offsets from {@link #offset}, or {@link #ABSENT}. */
    private int pictureIdAt = ABSENT;
    private int tl0PicIdxAt = ABSENT;
    private int tidAt = ABSENT;
    private int descriptorLength;

    /**
     * Binds to the RTP payload at {@code offset} ({@code length} bytes, padding excluded) and validates it:
     * 0 when every field the flags announce is there and a VP8 payload follows, else a {@link CodecDrop} reason.
     * After a non-zero result only the required byte's getters may be used.
     */
    public int wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        pictureIdAt = ABSENT;
        tl0PicIdxAt = ABSENT;
        tidAt = ABSENT;
        extension = 0;
        descriptorLength = 0;
        if (length < 1) {
            required = 0;
            return CodecDrop.VP8_EMPTY;
        }
        required = Wire.u8(segment, offset + REQUIRED_OFFSET);
        int i = 1;
        if ((required & X_BIT) != 0) {
            if (i >= length) {
                return CodecDrop.VP8_TRUNCATED_EXTENSION;
            }
            extension = Wire.u8(segment, offset + EXTENSION_OFFSET);
            i++;
            if ((extension & I_BIT) != 0) {
                if (i >= length) {
                    return CodecDrop.VP8_TRUNCATED_PICTURE_ID;
                }
                int width = PictureId.width(segment, offset + i);
                if (i + width > length) {
                    return CodecDrop.VP8_TRUNCATED_PICTURE_ID;
                }
                pictureIdAt = i;
                i += width;
            }
            if ((extension & L_BIT) != 0) {
                if ((extension & T_BIT) == 0) {
                    return CodecDrop.VP8_TL0PICIDX_WITHOUT_TID;
                }
                if (i >= length) {
                    return CodecDrop.VP8_TRUNCATED_TL0PICIDX;
                }
                tl0PicIdxAt = i++;
            }
            if ((extension & (T_BIT | K_BIT)) != 0) {
                if (i >= length) {
                    return CodecDrop.VP8_TRUNCATED_TID;
                }
                tidAt = i++;
            }
        }
        if (i >= length) {
            return CodecDrop.VP8_NO_PAYLOAD;
        }
        descriptorLength = i;
        if (startOfFrame() && (Wire.u8(segment, offset + i) & P_BIT) == 0) {
            if (length - i < KEY_FRAME_HEADER_LENGTH
                    || Wire.u8(segment, offset + i + START_CODE_OFFSET) != START_CODE_0
                    || Wire.u8(segment, offset + i + START_CODE_OFFSET + 1) != START_CODE_1
                    || Wire.u8(segment, offset + i + START_CODE_OFFSET + 2) != START_CODE_2) {
                return CodecDrop.VP8_BAD_KEYFRAME_HEADER;
            }
        }
        return 0;
    }

    public boolean extended() {
        return (required & X_BIT) != 0;
    }

    /** N: no other frame references this one; dropping it breaks nothing. */
    public boolean nonReference() {
        return (required & N_BIT) != 0;
    }

    /** S: this packet starts a VP8 partition. */
    public boolean startOfPartition() {
        return (required & S_BIT) != 0;
    }

    public int partitionIndex() {
        return required & PID_MASK;
    }

    /** The first packet of a frame: the start of partition 0 (the payload header is in this packet). */
    public boolean startOfFrame() {
        return (required & (S_BIT | PID_MASK)) == S_BIT;
    }

    /** The first packet of a key frame (validated: the payload header carries the start code). */
    public boolean keyFrame() {
        return startOfFrame() && descriptorLength > 0
                && (Wire.u8(segment, offset + descriptorLength) & P_BIT) == 0;
    }

    public boolean hasPictureId() {
        return pictureIdAt != ABSENT;
    }

    /** 7 or 15; 0 without a picture id. */
    public int pictureIdBits() {
        return pictureIdAt == ABSENT ? 0 : PictureId.bits(segment, offset + pictureIdAt);
    }

    /** The picture id (7 or 15 bits), or -1 without one. */
    public int pictureId() {
        return pictureIdAt == ABSENT ? ABSENT : PictureId.read(segment, offset + pictureIdAt);
    }

    /** Writes {@code pictureId} modulo the field's width (see the class comment); no-op without a picture id. */
    public Vp8Descriptor pictureId(int pictureId) {
        if (pictureIdAt != ABSENT) {
            PictureId.write(segment, offset + pictureIdAt, pictureId);
        }
        return this;
    }

    /** Where the picture id starts, from the descriptor's start, or -1 without one. */
    public int pictureIdOffset() {
        return pictureIdAt;
    }

    /** Where TL0PICIDX is, from the descriptor's start, or -1 without one. */
    public int tl0PicIdxOffset() {
        return tl0PicIdxAt;
    }

    public boolean hasTl0PicIdx() {
        return tl0PicIdxAt != ABSENT;
    }

    /** TL0PICIDX (0..255), or -1 without one. */
    public int tl0PicIdx() {
        return tl0PicIdxAt == ABSENT ? ABSENT : Wire.u8(segment, offset + tl0PicIdxAt);
    }

    /** Writes TL0PICIDX modulo 256; no-op without one. */
    public Vp8Descriptor tl0PicIdx(int tl0PicIdx) {
        if (tl0PicIdxAt != ABSENT) {
            Wire.putU8(segment, offset + tl0PicIdxAt, tl0PicIdx & TL0PICIDX_MASK);
        }
        return this;
    }

    /** T: the TID and Y fields are meaningful. */
    public boolean hasTemporalId() {
        return tidAt != ABSENT && (extension & T_BIT) != 0;
    }

    /** The temporal layer (0..3); 0 when T is clear (a stream without temporal layers is all base layer). */
    public int temporalId() {
        return hasTemporalId() ? Wire.u8(segment, offset + tidAt) >>> 6 : 0;
    }

    /** Y: this frame depends only on the base layer (TL0), so forwarding can start its layer here. */
    public boolean layerSync() {
        return hasTemporalId() && (Wire.u8(segment, offset + tidAt) & Y_BIT) != 0;
    }

    public boolean hasKeyIndex() {
        return tidAt != ABSENT && (extension & K_BIT) != 0;
    }

    /** KEYIDX (0..31), or -1 when K is clear. */
    public int keyIndex() {
        return hasKeyIndex() ? Wire.u8(segment, offset + tidAt) & KEYIDX_MASK : ABSENT;
    }

    /** Bytes of descriptor before the VP8 payload; 0 if {@link #wrap} failed. */
    public int descriptorLength() {
        return descriptorLength;
    }

    /** Where the VP8 payload (and, at a frame's start, its payload header) begins in the segment. */
    public long payloadOffset() {
        return offset + descriptorLength;
    }

    public int payloadLength() {
        return length - descriptorLength;
    }
}
