package io.xsfu.codec;

import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * What layer selection reads of an AV1 RTP payload (the AOM "RTP Payload Format for AV1"): the temporal layer of
 * the first OBU that starts in the packet, from its extension header. AV1 has no switching-up flag in the
 * payload (that is the dependency descriptor's job, an RTP header extension not read here), so forwarding goes
 * up a temporal layer only at a keyframe; going down needs nothing. Nothing is allocated.
 * <pre>
 *  aggregation header  |Z|Y| W |N|-|-|-|   Z: the first element continues an OBU of the previous packet
 *                                          W: elements in the packet (0: each has a leb128 length; k: all but the last)
 *  OBU header          |0| type  |X|S|-|   X: an extension byte follows
 *  extension           | TID |SID|-|-|-|
 * </pre>
 */
public final class Av1Payload {
    private static final int Z_BIT = 0x80;
    private static final int W_MASK = 0x30;
    private static final int W_SHIFT = 4;
    private static final int EXTENSION_FLAG = 0x04;
    private static final int LEB128_MAX_BYTES = 4;

    private Av1Payload() {
    }

    /**
     * The temporal id (0..7) of the first OBU that starts in this packet; 0 when none starts here (the packet only
     * continues an OBU) or it has no extension header; minus {@link CodecDrop#AV1_TRUNCATED} when a length or the
     * header runs past the packet.
     */
    public static int temporalId(MemorySegment s, long at, int length) {
        if (length < 2) {
            return -CodecDrop.AV1_TRUNCATED;
        }
        int aggregation = Wire.u8(s, at);
        int elements = (aggregation & W_MASK) >>> W_SHIFT;
        int i = 1;
        if ((aggregation & Z_BIT) != 0) {
            if (elements == 1) {
                return 0; // the one element continues an OBU: its header was in an earlier packet
            }
            // Skip the continued element (it has a length: it is not the last one).
            long leb = leb128(s, at, i, length);
            if (leb < 0) {
                return -CodecDrop.AV1_TRUNCATED;
            }
            i = (int) (leb >>> 32) + (int) leb;
            if (i == length) {
                return 0; // W=0 and the continuation fills the packet: a middle fragment, no OBU starts here
            }
            if (i > length) {
                return -CodecDrop.AV1_TRUNCATED;
            }
            if (elements == 2) {
                return header(s, at, i, length); // the next element is the last: no length before it
            }
        }
        if (elements != 1 || (aggregation & Z_BIT) != 0) {
            long leb = leb128(s, at, i, length);
            if (leb < 0) {
                return -CodecDrop.AV1_TRUNCATED;
            }
            i = (int) (leb >>> 32);
        }
        return header(s, at, i, length);
    }

    private static int header(MemorySegment s, long at, int i, int length) {
        if (i >= length) {
            return -CodecDrop.AV1_TRUNCATED;
        }
        int header = Wire.u8(s, at + i);
        if ((header & EXTENSION_FLAG) == 0) {
            return 0;
        }
        if (i + 1 >= length) {
            return -CodecDrop.AV1_TRUNCATED;
        }
        return Wire.u8(s, at + i + 1) >>> 5;
    }

    /** A leb128 value at {@code i}: {@code (next offset << 32) | value}, or -1 if it runs past {@code end} or is too long. */
    private static long leb128(MemorySegment s, long at, int i, int end) {
        long value = 0;
        for (int k = 0; k < LEB128_MAX_BYTES; k++) {
            if (i + k >= end) {
                return -1;
            }
            int b = Wire.u8(s, at + i + k);
            value |= (long) (b & 0x7F) << (7 * k);
            if ((b & 0x80) == 0) {
                return ((long) (i + k + 1) << 32) | value;
            }
        }
        return -1;
    }
}
