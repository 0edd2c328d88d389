package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static boolean key(MediaCodec c, byte[] b) {
        return KeyFrames.isKeyFrame(c, MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void realPayloadsFromGstreamerEncoders() {
        assertTrue(key(MediaCodec.VP8, CapturedPayloads.VP8_KEY_START));
        assertFalse(key(MediaCodec.VP8, CapturedPayloads.VP8_KEY_MIDDLE), "keyframe, but not its first packet");
        assertFalse(key(MediaCodec.VP8, CapturedPayloads.VP8_DELTA_START));
        assertTrue(key(MediaCodec.VP9, CapturedPayloads.VP9_KEY_START));
        assertFalse(key(MediaCodec.VP9, CapturedPayloads.VP9_KEY_END));
        assertFalse(key(MediaCodec.VP9, CapturedPayloads.VP9_DELTA));
        assertTrue(key(MediaCodec.H264, CapturedPayloads.H264_STAP_A_SPS_PPS));
        assertTrue(key(MediaCodec.H264, CapturedPayloads.H264_FU_A_IDR_START));
        assertFalse(key(MediaCodec.H264, CapturedPayloads.H264_NON_IDR));
        assertFalse(key(MediaCodec.H264, CapturedPayloads.H264_FU_A_NON_IDR_START));
        byte[] av1Key = CapturedPayloads.av1Packet(CapturedPayloads.AV1_TU_KEY);
        assertEquals(0x28, av1Key[0] & 0xFF, "W=2, N=1: sequence header and a fragment");
        assertTrue(key(MediaCodec.AV1, av1Key));
        assertFalse(key(MediaCodec.AV1, CapturedPayloads.av1Packet(CapturedPayloads.AV1_TU_INTER)));
    }

    /** Sequence header OBU (no size field) of the captured stream: profile 1, not a reduced still picture header. */
    private static final String SEQ = "08" + "20000002aff7f036be4080";

    @Test
    void av1KeyFrameIsASequenceHeaderFollowedByAKeyFrameHeader() {
        String seqElement = "0c" + SEQ; // W=0: LEB128 length 12 first
        assertTrue(key(MediaCodec.AV1, "08" + seqElement + "03" + "30" + "1080"), "W=0, N=1, OBU_FRAME KEY_FRAME");
        assertTrue(key(MediaCodec.AV1, "00" + seqElement + "03" + "30" + "1080"), "N=0: the frame header decides");
        assertTrue(key(MediaCodec.AV1, "20" + "0c" + SEQ + "30" + "1080"), "W=2: the last element has no length");
        assertTrue(key(MediaCodec.AV1, "00" + seqElement + "03" + "18" + "1080"), "OBU_FRAME_HEADER");
        assertTrue(key(MediaCodec.AV1, "00" + "0d" + "0a" + "0b" + SEQ.substring(2) + "03" + "30" + "1080"),
                "OBUs that kept their size field");
        assertTrue(key(MediaCodec.AV1, "00" + "01" + "10" + seqElement + "03" + "30" + "1080"),
                "a temporal delimiter the sender forgot to strip");
        assertTrue(key(MediaCodec.AV1, "00" + seqElement + "04" + "34" + "08" + "1080"), "OBU extension header");
        assertTrue(key(MediaCodec.AV1, "18" + SEQ), "W=1, N=1: the key frame starts in the next packet");
        assertFalse(key(MediaCodec.AV1, "10" + SEQ), "W=1, N=0: a sequence header repeated before an inter frame");

        assertFalse(key(MediaCodec.AV1, "08" + seqElement + "03" + "30" + "3880"), "INTER_FRAME after the header");
        assertFalse(key(MediaCodec.AV1, "08" + seqElement + "03" + "30" + "8080"), "show_existing_frame");
        assertFalse(key(MediaCodec.AV1, "88" + seqElement + "03" + "30" + "1080"), "Z=1: continues a fragment");
        assertFalse(key(MediaCodec.AV1, "18" + "30" + "1080"), "a key frame header without a sequence header");
        assertFalse(key(MediaCodec.AV1, "08" + "0d" + SEQ), "LEB128 length larger than the packet");
        assertFalse(key(MediaCodec.AV1, "08" + "ff"), "LEB128 runs past the end");
        assertFalse(key(MediaCodec.AV1, "08" + "8080808001" + SEQ), "LEB128 longer than any packet");
        assertFalse(key(MediaCodec.AV1, "08" + "00"), "empty element");
        assertFalse(key(MediaCodec.AV1, "18" + "08"), "a sequence header without its payload");
        assertTrue(key(MediaCodec.AV1, "20" + "02" + "0818" + "30" + "00"), "reduced still picture header: key frame");
    }

    @Property
    void neverThrowsOnAnyBytes(@ForAll @Size(max = 64) byte[] bytes) {
        for (MediaCodec c : MediaCodec.values()) {
            KeyFrames.isKeyFrame(c, MemorySegment.ofArray(bytes), 0, bytes.length);
        }
    }
}
