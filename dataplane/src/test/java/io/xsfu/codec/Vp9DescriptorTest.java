package io.xsfu.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 9628 §4.2 descriptors, built by hand from the figure, as Chromium's non-flexible L1T3 mode sends them. */
class Vp9DescriptorTest {
    private final Vp9Descriptor d = new Vp9Descriptor();

    private int wrap(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return d.wrap(MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void aNonFlexibleKeyFrameWithLayerIndices() {
        // I L B (0xA8), 15-bit picture id 0x1234, TID 0 U 0 SID 0 D 0, TL0PICIDX 7, payload
        assertEquals(0, wrap("a8" + "9234" + "00" + "07" + "ff"));
        assertTrue(d.startOfFrame());
        assertTrue(d.keyFrame());
        assertEquals(0x1234, d.pictureId());
        assertEquals(15, d.pictureIdBits());
        assertEquals(1, d.pictureIdOffset());
        assertEquals(7, d.tl0PicIdx());
        assertEquals(4, d.tl0PicIdxOffset());
        assertEquals(5, d.descriptorLength());
    }

    @Test
    void aPredictedFrameOfTemporalLayerTwoAtASwitchingUpPoint() {
        // I P L B E (0xEC), 7-bit picture id 5, TID 2 U 1 SID 0 (0x50), TL0PICIDX 3
        assertEquals(0, wrap("ec" + "05" + "50" + "03" + "00"));
        assertFalse(d.keyFrame());
        assertTrue(d.endOfFrame());
        assertEquals(2, d.temporalId());
        assertTrue(d.switchingUpPoint());
        assertEquals(5, d.pictureId());
        assertEquals(7, d.pictureIdBits());
    }

    @Test
    void flexibleModeHasReferenceDiffsInsteadOfTl0PicIdx() {
        // I P L F B (0xF8), picture id 0x0102, layers TID 1 (0x20), P_DIFF 1 with N, P_DIFF 2 without
        assertEquals(0, wrap("f8" + "8102" + "20" + "03" + "04" + "aa"));
        assertEquals(-1, d.tl0PicIdx());
        assertEquals(1, d.temporalId());
        assertEquals(6, d.descriptorLength());
    }

    @Test
    void aSpatialLayerAboveTheBaseIsNotAKeyFrameOfTheStream() {
        assertEquals(0, wrap("a8" + "05" + "02" + "01" + "00")); // SID 1
        assertEquals(1, d.spatialId());
        assertFalse(d.keyFrame());
    }

    @Test
    void descriptorsThatLieAboutTheirLengthAreRefused() {
        assertEquals(CodecDrop.VP9_NO_PAYLOAD, wrap(""));
        assertEquals(CodecDrop.VP9_TRUNCATED, wrap("80"), "I without a picture id");
        assertEquals(CodecDrop.VP9_TRUNCATED, wrap("8081"), "a 15-bit picture id cut short");
        assertEquals(CodecDrop.VP9_TRUNCATED, wrap("a005"), "L without layer indices");
        assertEquals(CodecDrop.VP9_TRUNCATED, wrap("a00500"), "non-flexible without TL0PICIDX");
        assertEquals(CodecDrop.VP9_TRUNCATED, wrap("d0050303"), "P_DIFFs that never end");
        assertEquals(CodecDrop.VP9_TRUNCATED, wrap("d00503030303ff"), "more than three P_DIFFs");
        assertEquals(CodecDrop.VP9_NO_PAYLOAD, wrap("a8050007"), "nothing after the descriptor");
    }
}
