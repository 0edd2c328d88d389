package io.xsfu.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Vp8DescriptorTest {
    /** A key frame's payload header: frame tag with P=0, start code, 64x48. */
    private static final byte[] KEY_HEADER = HexFormat.of().parseHex("900c009d012a40003000");
    private static final byte[] DELTA_HEADER = HexFormat.of().parseHex("b10700");

    /** The fields of one descriptor, serialised from the RFC's figure (independently of the flyweight). */
    record Fields(boolean n, boolean s, int pid, boolean i, boolean m, int pictureId, boolean l, int tl0,
                  boolean t, int tid, boolean y, boolean k, int keyIdx) {
        boolean x() {
            return i || l || t || k;
        }

        byte[] bytes(byte[] payload) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write((x() ? 0x80 : 0) | (n ? 0x20 : 0) | (s ? 0x10 : 0) | pid);
            if (x()) {
                o.write((i ? 0x80 : 0) | (l ? 0x40 : 0) | (t ? 0x20 : 0) | (k ? 0x10 : 0));
                if (i && m) {
                    o.write(0x80 | pictureId >> 8);
                    o.write(pictureId & 0xFF);
                } else if (i) {
                    o.write(pictureId);
                }
                if (l) {
                    o.write(tl0);
                }
                if (t || k) {
                    o.write(tid << 6 | (y ? 0x20 : 0) | keyIdx);
                }
            }
            o.writeBytes(payload);
            return o.toByteArray();
        }
    }

    private static int wrap(Vp8Descriptor d, byte[] b) {
        return d.wrap(MemorySegment.ofArray(b), 0, b.length);
    }

    /** Every combination of the flags (and of M, N, S and a few partition indices), each field read back. */
    @Test
    void everyFieldCombinationReadsBack() {
        Vp8Descriptor d = new Vp8Descriptor();
        int cases = 0;
        for (int flags = 0; flags < 1 << 8; flags++) {
            boolean i = (flags & 1) != 0, m = (flags & 2) != 0, l = (flags & 4) != 0, t = (flags & 8) != 0;
            boolean k = (flags & 16) != 0, n = (flags & 32) != 0, s = (flags & 64) != 0, y = (flags & 128) != 0;
            if (m && !i || l && !t) {
                continue;
            }
            for (int c = 0; c < 6; c++) {
                int pid = new int[] {0, 3, 7}[c % 3];
                byte[] header = c < 3 ? KEY_HEADER : DELTA_HEADER;
                boolean key = header == KEY_HEADER;
                int pictureId = m ? 0x5A5A : 0x5A;
                Fields f = new Fields(n, s, pid, i, m, pictureId, l, 0xC3, t, t ? 2 : 0, t && y, k, k ? 0x15 : 0);
                byte[] b = f.bytes(header);
                assertEquals(0, wrap(d, b), f.toString());
                assertEquals(f.x(), d.extended());
                assertEquals(n, d.nonReference());
                assertEquals(s, d.startOfPartition());
                assertEquals(pid, d.partitionIndex());
                assertEquals(s && pid == 0, d.startOfFrame());
                assertEquals(key && s && pid == 0, d.keyFrame(), f.toString());
                assertEquals(i, d.hasPictureId());
                assertEquals(i ? pictureId : -1, d.pictureId());
                assertEquals(i ? (m ? 15 : 7) : 0, d.pictureIdBits());
                assertEquals(l, d.hasTl0PicIdx());
                assertEquals(l ? 0xC3 : -1, d.tl0PicIdx());
                assertEquals(t, d.hasTemporalId());
                assertEquals(t ? 2 : 0, d.temporalId());
                assertEquals(t && y, d.layerSync());
                assertEquals(k, d.hasKeyIndex());
                assertEquals(k ? 0x15 : -1, d.keyIndex());
                assertEquals(b.length - header.length, d.descriptorLength());
                assertEquals(header.length, d.payloadLength());
                assertEquals(d.descriptorLength(), d.payloadOffset());
                cases++;
            }
        }
        // (I,M) and (L,T) in 3 valid states each, K N S Y free, 3 partition indices, 2 payload headers.
        assertEquals(3 * 3 * 16 * 3 * 2, cases);
    }

    /** Each prefix of a complete descriptor is refused with the reason of the first field it cuts. */
    @Test
    void truncatedDescriptorsNameTheFieldTheyCut() {
        Vp8Descriptor d = new Vp8Descriptor();
        Fields all = new Fields(false, true, 0, true, true, 0x1234, true, 7, true, 1, true, true, 3);
        byte[] b = all.bytes(DELTA_HEADER); // 90 f0 92 34 07 63 | b1 07 00
        int[] expected = {
            CodecDrop.VP8_EMPTY, CodecDrop.VP8_TRUNCATED_EXTENSION, CodecDrop.VP8_TRUNCATED_PICTURE_ID,
            CodecDrop.VP8_TRUNCATED_PICTURE_ID, CodecDrop.VP8_TRUNCATED_TL0PICIDX, CodecDrop.VP8_TRUNCATED_TID,
            CodecDrop.VP8_NO_PAYLOAD, 0, 0, 0,
        };
        for (int len = 0; len <= b.length; len++) {
            assertEquals(expected[len], d.wrap(MemorySegment.ofArray(b), 0, len), "length " + len);
        }
        assertEquals(CodecDrop.VP8_NO_PAYLOAD, wrap(d, HexFormat.of().parseHex("10")), "no extension, no payload");
        assertEquals(CodecDrop.VP8_TRUNCATED_PICTURE_ID, wrap(d, HexFormat.of().parseHex("9080")),
                "I set, nothing after the extension byte");
    }

    @Test
    void inconsistentDescriptorsAreRefused() {
        Vp8Descriptor d = new Vp8Descriptor();
        assertEquals(CodecDrop.VP8_TL0PICIDX_WITHOUT_TID, wrap(d, HexFormat.of().parseHex("80" + "40" + "05" + "b10700")));
        assertEquals(CodecDrop.VP8_BAD_KEYFRAME_HEADER, wrap(d, HexFormat.of().parseHex("10" + "900c00")),
                "key frame bit but no room for the key frame header");
        assertEquals(CodecDrop.VP8_BAD_KEYFRAME_HEADER, wrap(d, HexFormat.of().parseHex("10" + "900c009d012b40003000")),
                "bad start code");
        assertEquals(0, wrap(d, HexFormat.of().parseHex("00" + "900c00")), "P=0 in a continuation is payload data");
        assertEquals(0, wrap(d, HexFormat.of().parseHex("11" + "900c00")), "nor in partition 1");
        assertFalse(d.keyFrame());
    }

    @Test
    void capturedGstreamerPacket() {
        byte[] b = HexFormat.of().parseHex("90808472900c009d012a400030000047088585888584880202004f3b");
        Vp8Descriptor d = new Vp8Descriptor();
        assertEquals(0, wrap(d, b));
        assertTrue(d.keyFrame());
        assertEquals(0x0472, d.pictureId());
        assertEquals(15, d.pictureIdBits());
        assertFalse(d.hasTemporalId());
        assertEquals(0, d.temporalId(), "no T bit: base layer");
        assertEquals(4, d.descriptorLength());
    }

    /** Rewriting keeps the width, touches only its own bytes, and reads back modulo the width. */
    @Property
    void rewritesRoundTripInPlace(@ForAll boolean longId, @ForAll @IntRange(max = 0x7FFF) int before,
            @ForAll @IntRange(min = -1, max = 1 << 20) int after, @ForAll @IntRange(max = 255) int tl0Before,
            @ForAll int tl0After, @ForAll @IntRange(max = 3) int tid, @ForAll boolean y) {
        int mask = longId ? 0x7FFF : 0x7F;
        Fields f = new Fields(false, true, 0, true, longId, before & mask, true, tl0Before, true, tid, y, false, 0);
        byte[] b = f.bytes(DELTA_HEADER);
        byte[] expected = new Fields(false, true, 0, true, longId, after & mask, true, tl0After & 0xFF, true, tid, y,
                false, 0).bytes(DELTA_HEADER);
        Vp8Descriptor d = new Vp8Descriptor();
        assertEquals(0, wrap(d, b));
        d.pictureId(after).tl0PicIdx(tl0After);
        assertArrayEquals(expected, b);
        assertEquals(0, wrap(d, b));
        assertEquals(after & mask, d.pictureId());
        assertEquals(longId ? 15 : 7, d.pictureIdBits());
        assertEquals(tl0After & 0xFF, d.tl0PicIdx());
        assertEquals(tid, d.temporalId());
        assertEquals(y, d.layerSync());
    }

    @Test
    void rewritingAbsentFieldsChangesNothing() {
        byte[] b = HexFormat.of().parseHex("8020" + "40" + "b10700");
        byte[] copy = b.clone();
        Vp8Descriptor d = new Vp8Descriptor();
        assertEquals(0, wrap(d, b));
        d.pictureId(99).tl0PicIdx(5);
        assertArrayEquals(copy, b);
        assertEquals(1, d.temporalId());
    }

    @Property
    void neverThrowsAndNeverReadsPastTheLength(@ForAll @Size(max = 24) byte[] bytes, @ForAll int value) {
        byte[] padded = new byte[bytes.length + 16];
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        java.util.Arrays.fill(padded, bytes.length, padded.length, (byte) 0xFF);
        Vp8Descriptor d = new Vp8Descriptor();
        int r = d.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        int rPadded = d.wrap(MemorySegment.ofArray(padded), 0, bytes.length);
        assertEquals(r, rPadded, "bytes past the length changed the verdict");
        if (r == 0) {
            d.pictureId(); d.tl0PicIdx(); d.temporalId(); d.layerSync(); d.keyIndex(); d.keyFrame();
            d.pictureId(value).tl0PicIdx(value);
            assertTrue(d.descriptorLength() < bytes.length);
            for (int i = bytes.length; i < padded.length; i++) {
                assertEquals((byte) 0xFF, padded[i], "wrote past the length");
            }
        }
    }
}
