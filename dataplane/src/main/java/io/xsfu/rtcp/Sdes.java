package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over a source description packet, PT 202 (RFC 3550 §6.5): {@link #chunkCount()} chunks, each
 * an SSRC/CSRC followed by items (type, length, UTF-8 text) up to a null octet and padding to the next
 * 32-bit boundary. Iterate with a cursor, allocation free:
 * <pre>
 * while (sdes.nextChunk()) {
 *     int ssrc = sdes.chunkSsrc();
 *     while (sdes.nextItem()) { if (sdes.itemType() == Sdes.CNAME) { ... itemTextOffset(), itemTextLength() } }
 * }
 * </pre>
 * Wrap a packet that {@link #validate} accepted (the compound reader does): the cursor trusts the structure.
 */
public final class Sdes extends HeaderFlyweight {
    public static final int CHUNKS_OFFSET = 4;
    public static final int CHUNK_SSRC_LENGTH = 4;
    /** Item type and length octets before the text. */
    public static final int ITEM_HEADER_LENGTH = 2;
    public static final int END = 0;
    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;
    public static final int MAX_TEXT_LENGTH = 255;

    private int chunkIndex;
    private long chunk;
    /** Where the next item's type octet is; the current item starts before it. */
    private long nextItem;
    private long item;

    /** Binds the flyweight and puts the cursor before the first chunk. */
    public Sdes wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        chunkIndex = -1;
        chunk = -1;
        nextItem = -1;
        item = -1;
        return this;
    }

    /** The source count (SC): how many chunks follow. */
    public int chunkCount() {
        return CommonHeader.count(segment, offset);
    }

    /** Moves to the next chunk; false after the last one. */
    public boolean nextChunk() {
        if (chunkIndex + 1 >= chunkCount()) {
            return false;
        }
        chunk = chunkIndex < 0 ? offset + CHUNKS_OFFSET : chunkEnd(segment, offset, chunk);
        chunkIndex++;
        nextItem = chunk + CHUNK_SSRC_LENGTH;
        item = -1;
        return true;
    }

    /** Index of the current chunk, {@code -1} before the first. */
    public int chunkIndex() {
        return chunkIndex;
    }

    public int chunkSsrc() {
        return Wire.i32(segment, chunk);
    }

    /** Rewrites the current chunk's SSRC/CSRC, e.g. when relaying a source under another SSRC. */
    public Sdes chunkSsrc(int ssrc) {
        Wire.putI32(segment, chunk, ssrc);
        return this;
    }

    /** Moves to the next item of the current chunk; false at its terminating null octet or before a chunk. */
    public boolean nextItem() {
        if (chunk < 0 || Wire.u8(segment, nextItem) == END) {
            return false;
        }
        item = nextItem;
        nextItem = item + ITEM_HEADER_LENGTH + Wire.u8(segment, item + 1);
        return true;
    }

    public int itemType() {
        return Wire.u8(segment, item);
    }

    public long itemTextOffset() {
        return item + ITEM_HEADER_LENGTH;
    }

    public int itemTextLength() {
        return Wire.u8(segment, item + 1);
    }

    /** The current item's text; allocates, so for the control path (logs, signaling). */
    public String itemText() {
        byte[] text = new byte[itemTextLength()];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, itemTextOffset(), text, 0, text.length);
        return new String(text, StandardCharsets.UTF_8);
    }

    /** Where the chunk starting at {@code chunk} ends: after its null octet, aligned to the packet's words. */
    static long chunkEnd(MemorySegment s, long packet, long chunk) {
        long p = chunk + CHUNK_SSRC_LENGTH;
        while (Wire.u8(s, p) != END) {
            p += ITEM_HEADER_LENGTH + Wire.u8(s, p + 1);
        }
        return packet + ((p + 1 - packet + 3) & ~3L);
    }

    /**
     * {@link DropReason#OK} or {@link RtcpDrop#SDES_MALFORMED}: every chunk's SSRC and items lie inside the
     * packet and each chunk ends with a null octet and its alignment. Bytes after the last chunk are ignored.
     */
    public static int validate(MemorySegment s, long offset, int length) {
        long end = offset + length;
        long p = offset + CHUNKS_OFFSET;
        for (int i = CommonHeader.count(s, offset); i > 0; i--) {
            p += CHUNK_SSRC_LENGTH;
            while (true) {
                if (p >= end) {
                    return RtcpDrop.SDES_MALFORMED;
                }
                if (Wire.u8(s, p) == END) {
                    break;
                }
                if (p + ITEM_HEADER_LENGTH > end) {
                    return RtcpDrop.SDES_MALFORMED;
                }
                p += ITEM_HEADER_LENGTH + Wire.u8(s, p + 1);
            }
            p = offset + ((p + 1 - offset + 3) & ~3L);
            if (p > end) {
                return RtcpDrop.SDES_MALFORMED;
            }
        }
        return DropReason.OK;
    }

    /** Writes one chunk with one CNAME item at {@code packet}; {@link #cnamePacketLength} bytes. */
    static void writeCname(MemorySegment s, long packet, int ssrc, MemorySegment cname, long cnameOffset,
            int cnameLength) {
        int bytes = cnamePacketLength(cnameLength);
        CommonHeader.write(s, packet, 1, RtcpHeader.PT_SDES, bytes);
        Wire.putI32(s, packet + CHUNKS_OFFSET, ssrc);
        long item = packet + CHUNKS_OFFSET + CHUNK_SSRC_LENGTH;
        Wire.putU8(s, item, CNAME);
        Wire.putU8(s, item + 1, cnameLength);
        MemorySegment.copy(cname, cnameOffset, s, item + ITEM_HEADER_LENGTH, cnameLength);
        // The null item and the alignment octets after it.
        for (long p = item + ITEM_HEADER_LENGTH + cnameLength; p < packet + bytes; p++) {
            Wire.putU8(s, p, END);
        }
    }

    static int cnamePacketLength(int cnameLength) {
        int unpadded = CHUNKS_OFFSET + CHUNK_SSRC_LENGTH + ITEM_HEADER_LENGTH + cnameLength + 1;
        return (unpadded + 3) & ~3;
    }
}
