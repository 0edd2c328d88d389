package io.xsfu.codec;

import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The picture id field VP8 (RFC 7741) and VP9 (RFC 9628) descriptors share: {@code |M| PictureID |}, one byte
 * (7 bits) or, with M set, two (15 bits). Read and written in place; writing keeps the field's width, so a value is
 * taken modulo 2^7 or 2^15 and nothing after the field moves.
 */
public final class PictureId {
    static final int M_BIT = 0x80;
    public static final int MASK_7 = 0x7F;
    public static final int MASK_15 = 0x7FFF;

    private PictureId() {
    }

    /** Bytes the field takes: 1, or 2 with M set. */
    static int width(MemorySegment s, long at) {
        return (Wire.u8(s, at) & M_BIT) != 0 ? 2 : 1;
    }

    /** 7 or 15. */
    static int bits(MemorySegment s, long at) {
        return (Wire.u8(s, at) & M_BIT) != 0 ? 15 : 7;
    }

    static int read(MemorySegment s, long at) {
        int b = Wire.u8(s, at);
        return (b & M_BIT) == 0 ? b : Wire.u16(s, at) & MASK_15;
    }

    /** Writes {@code value} into the field at {@code at}, modulo its width. */
    public static void write(MemorySegment s, long at, int value) {
        if ((Wire.u8(s, at) & M_BIT) == 0) {
            Wire.putU8(s, at, value & MASK_7);
        } else {
            Wire.putU16(s, at, M_BIT << 8 | (value & MASK_15));
        }
    }
}
