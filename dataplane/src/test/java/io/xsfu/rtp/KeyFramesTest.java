package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KeyFramesTest {
    private static boolean key(MediaCodec c, String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return KeyFrames.isKeyFrame(c, MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void vp8KeyFrameNeedsStartOfPartitionZeroAndTheFrameHeadersPBitClear() {
        // GStreamer's rtpvp8pay: X=1, S=1, PID=0; I=1 with a 15-bit picture id; frame tag 0x50 (P=0).
        assertTrue(key(MediaCodec.VP8, "90" + "80" + "8123" + "5012009d012a"));
        assertFalse(key(MediaCodec.VP8, "90" + "80" + "8123" + "5112009d012a"), "P=1: inter frame");
        assertFalse(key(MediaCodec.VP8, "80" + "80" + "8123" + "50"), "S=0: not the first packet");
        assertTrue(key(MediaCodec.VP8, "10" + "50"), "no extension");
        assertFalse(key(MediaCodec.VP8, "90" + "80"), "truncated after the extension byte");
        assertTrue(key(MediaCodec.VP8, "90" + "c0" + "23" + "05" + "50"), "7-bit picture id and TL0PICIDX");
        assertTrue(key(MediaCodec.VP8, "90" + "e0" + "23" + "05" + "20" + "50"), "and a TID byte");
    }

    @Test
    void h264KeyFramesAreIdrOrSpsInAnyPacketisation() {
        assertTrue(key(MediaCodec.H264, "65888000"), "IDR slice");
        assertTrue(key(MediaCodec.H264, "6742c01e"), "SPS");
        assertFalse(key(MediaCodec.H264, "419a0010"), "non-IDR slice");
        assertTrue(key(MediaCodec.H264, "78" + "0004" + "6742c01e" + "0002" + "68ce"), "STAP-A with SPS, PPS");
        assertTrue(key(MediaCodec.H264, "7c" + "85" + "888000"), "FU-A start of an IDR");
        assertFalse(key(MediaCodec.H264, "7c" + "05" + "888000"), "FU-A middle of an IDR");
        assertFalse(key(MediaCodec.H264, "78" + "ffff"), "STAP-A with a lying size");
    }

    @Test
    void vp9KeyFrameIsANonPredictedStartOfFrame() {
        assertTrue(key(MediaCodec.VP9, "88"), "I=1 B=1 P=0 ... (picture id follows) -> start of key frame");
        assertFalse(key(MediaCodec.VP9, "c8"), "P=1");
        assertFalse(key(MediaCodec.VP9, "80"), "B=0");
        assertTrue(key(MediaCodec.VP9, "a8" + "8123" + "00"), "L=1, spatial layer 0");
        assertFalse(key(MediaCodec.VP9, "a8" + "8123" + "02"), "L=1, spatial layer 1");
        assertFalse(key(MediaCodec.OPUS, "ff"));
    }

    @Property
    void neverThrowsOnAnyBytes(@ForAll @Size(max = 64) byte[] bytes) {
        for (MediaCodec c : MediaCodec.values()) {
            KeyFrames.isKeyFrame(c, MemorySegment.ofArray(bytes), 0, bytes.length);
        }
    }
}
