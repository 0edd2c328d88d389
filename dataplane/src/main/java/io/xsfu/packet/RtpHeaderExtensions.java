package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * RFC 8285 header extensions of an RTP packet that was already validated ({@link RtpHeader#validate}):
 * one-byte (profile 0xBEDE, ids 1..14) and two-byte (profile 0x100X, ids 1..255) elements. Blanking an
 * element overwrites it with padding bytes (0), which every receiver skips: the packet keeps its length,
 * so a copy for one consumer can drop what that consumer did not negotiate without moving the payload.
 * Allocation free; a malformed element list stops the walk without writing past the extension block.
 */
public final class RtpHeaderExtensions {
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** Ids a {@code keep} mask can name: bit i = id i (1..63); higher two-byte ids are always blanked. */
    public static final int MAX_MASK_ID = 63;

    private RtpHeaderExtensions() {
    }

    /** Blanks every element whose id is not set in {@code keep}; returns how many were blanked. */
    public static int blankExcept(MemorySegment s, long rtpOffset, long keep) {
        int first = Wire.u8(s, rtpOffset);
        if ((first & 0x10) == 0) {
            return 0;
        }
        long ext = rtpOffset + RtpHeader.FIXED_HEADER_LENGTH + (long) (first & 0x0F) * RtpHeader.CSRC_LENGTH;
        int profile = Wire.u16(s, ext);
        long at = ext + RtpHeader.EXTENSION_HEADER_LENGTH;
        long end = at + Wire.u16(s, ext + 2) * 4L;
        int blanked = 0;
        if (profile == ONE_BYTE_PROFILE) {
            while (at < end) {
                int b = Wire.u8(s, at);
                int id = b >>> 4;
                if (b == 0) {
                    at++;
                    continue;
                }
                if (id == 15) {
                    break; // RFC 8285: stop processing
                }
                int size = 1 + (b & 0x0F) + 1;
                if (at + size > end) {
                    break;
                }
                if (!kept(keep, id)) {
                    zero(s, at, size);
                    blanked++;
                }
                at += size;
            }
        } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            while (at < end) {
                int id = Wire.u8(s, at);
                if (id == 0) {
                    at++;
                    continue;
                }
                if (at + 2 > end) {
                    break;
                }
                int size = 2 + Wire.u8(s, at + 1);
                if (at + size > end) {
                    break;
                }
                if (!kept(keep, id)) {
                    zero(s, at, size);
                    blanked++;
                }
                at += size;
            }
        }
        return blanked;
    }

    /**
     * The offset of element {@code id}'s data in the packet at {@code rtpOffset}, with its length in the top
     * 16 bits of the result: {@code (length << 48) | offset}; -1 when the packet has no such element.
     */
    public static long find(MemorySegment s, long rtpOffset, int id) {
        if (id <= 0) {
            return -1;
        }
        long found = walk(s, rtpOffset, id);
        return found < 0 ? -1 : found;
    }

    /**
     * Whether the extension block's elements can all be walked to its end: no element runs past it and no one-byte
     * element has id 15 (which stops processing). Only then is an element appended at the end found by readers.
     * True for a packet without a block.
     */
    public static boolean walksToEnd(MemorySegment s, long rtpOffset) {
        return (Wire.u8(s, rtpOffset) & 0x10) == 0 || walk(s, rtpOffset, 0) == WALKED_TO_END;
    }

    private static final long WALKED_TO_END = -1;
    private static final long WALK_STOPPED = -2;

    /**
     * Walks the elements looking for {@code id} (0: none, to see how the walk ends): the element as {@link #find}
     * gives it, {@link #WALKED_TO_END}, or {@link #WALK_STOPPED} (no block, an unknown profile, id 15, or an element
     * running past the block).
     */
    private static long walk(MemorySegment s, long rtpOffset, int id) {
        int first = Wire.u8(s, rtpOffset);
        if ((first & 0x10) == 0) {
            return WALK_STOPPED;
        }
        long ext = rtpOffset + RtpHeader.FIXED_HEADER_LENGTH + (long) (first & 0x0F) * RtpHeader.CSRC_LENGTH;
        int profile = Wire.u16(s, ext);
        long at = ext + RtpHeader.EXTENSION_HEADER_LENGTH;
        long end = at + Wire.u16(s, ext + 2) * 4L;
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return WALK_STOPPED;
        }
        while (at < end) {
            int b = Wire.u8(s, at);
            if (b == 0) {
                at++;
                continue;
            }
            int elementId;
            int length;
            int header;
            if (oneByte) {
                elementId = b >>> 4;
                if (elementId == 15) {
                    return WALK_STOPPED;
                }
                length = (b & 0x0F) + 1;
                header = 1;
            } else {
                if (at + 2 > end) {
                    return WALK_STOPPED;
                }
                elementId = b;
                length = Wire.u8(s, at + 1);
                header = 2;
            }
            if (at + header + length > end) {
                return WALK_STOPPED;
            }
            if (elementId == id) {
                return ((long) length << 48) | (at + header);
            }
            at += header + length;
        }
        return WALKED_TO_END;
    }

    private static void zero(MemorySegment s, long at, int size) {
        for (int i = 0; i < size; i++) {
            Wire.putU8(s, at + i, 0);
        }
    }

    private static boolean kept(long keep, int id) {
        return id <= MAX_MASK_ID && (keep & (1L << id)) != 0;
    }
}
