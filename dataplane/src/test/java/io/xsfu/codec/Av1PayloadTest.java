package io.xsfu.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Temporal ids of AV1 payloads (aggregation header, then OBU elements), built from the AOM payload format. */
class Av1PayloadTest {
    private static int tid(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return Av1Payload.temporalId(MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void theFirstObuExtensionGivesTheTemporalLayer() {
        // W=1 (one element, no length): OBU_FRAME (type 6) with extension: 0x34; extension TID 2 SID 0 = 0x40
        assertEquals(2, tid("10" + "34" + "40" + "aabb"));
        // W=0: every element has a length: 3 bytes, OBU_FRAME with extension TID 1 (0x20)
        assertEquals(1, tid("00" + "03" + "34" + "20" + "aa"));
        // no extension: base layer
        assertEquals(0, tid("10" + "30" + "aabb"));
    }

    @Test
    void aContinuedObuIsSkippedToTheNextThatStartsHere() {
        // Z=1, W=2: a continuation of 2 bytes, then the last element (no length): OBU with extension TID 3 (0x60)
        assertEquals(3, tid("a0" + "02" + "cccc" + "34" + "60" + "aa"));
        // Z=1, W=1: the packet only continues an OBU
        assertEquals(0, tid("90" + "cccccc"));
        // Z=1, W=0: a middle fragment whose one element (with its length) fills the packet
        assertEquals(0, tid("80" + "03" + "cccccc"));
    }

    @Test
    void lengthsThatRunPastThePacketAreRefused() {
        assertEquals(-CodecDrop.AV1_TRUNCATED, tid("10"));
        assertEquals(-CodecDrop.AV1_TRUNCATED, tid("00" + "80"), "a leb128 that never ends");
        assertEquals(-CodecDrop.AV1_TRUNCATED, tid("a0" + "09" + "cc"), "a continuation longer than the packet");
        assertEquals(-CodecDrop.AV1_TRUNCATED, tid("10" + "34"), "an extension flag without the extension");
    }
}
