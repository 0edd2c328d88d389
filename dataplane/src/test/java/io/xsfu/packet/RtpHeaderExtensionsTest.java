package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpHeaderExtensionsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] packet(String extension) {
        // V=2, X=1, CC=0, PT 96, seq 1, ts 2, ssrc 3, then the extension block, then 4 payload bytes.
        return HEX.parseHex("9060000100000002" + "00000003" + extension + "cafebabe");
    }

    @Test
    void oneByteElementsNotKeptBecomePadding() {
        // BEDE, 3 words: id 1 len 1 (2 bytes: 10 aa bb), id 3 len 2 (31 cc dd ee), padding to 12 bytes.
        byte[] p = packet("bede0003" + "11aabb" + "32ccddee" + "0000000000");
        RtpHeaderExtensions.blankExcept(MemorySegment.ofArray(p), 0, 1L << 3);
        assertArrayEquals(packet("bede0003" + "000000" + "32ccddee" + "0000000000"), p);
        assertEquals(0, new RtpHeader().wrap(MemorySegment.ofArray(p), 0, p.length).validate(), "still valid RTP");
    }

    @Test
    void twoByteElementsNotKeptBecomePaddingAndHighIdsAreDropped() {
        // 0x1000, 2 words: id 2 len 1 (02 01 aa), id 100 len 2 (64 02 bb cc), padding.
        byte[] p = packet("10000002" + "0201aa" + "6402bbcc" + "00");
        assertEquals(1, RtpHeaderExtensions.blankExcept(MemorySegment.ofArray(p), 0, 1L << 2));
        assertArrayEquals(packet("10000002" + "0201aa" + "00000000" + "00"), p);
    }

    @Test
    void keepingEverythingChangesNothingAndNoExtensionIsANoOp() {
        byte[] p = packet("bede0001" + "11aabb00");
        byte[] copy = p.clone();
        assertEquals(0, RtpHeaderExtensions.blankExcept(MemorySegment.ofArray(p), 0, -1L));
        assertArrayEquals(copy, p);
        byte[] plain = HEX.parseHex("80600001000000020000000301020304");
        assertEquals(0, RtpHeaderExtensions.blankExcept(MemorySegment.ofArray(plain), 0, 0));
    }

    @Test
    void aMalformedElementStopsTheWalkInsideTheBlock() {
        // id 1 claims 16 bytes in a 4-byte block: nothing is written, the payload is untouched.
        byte[] p = packet("bede0001" + "1faabbcc");
        byte[] copy = p.clone();
        assertEquals(0, RtpHeaderExtensions.blankExcept(MemorySegment.ofArray(p), 0, 0));
        assertArrayEquals(copy, p);
    }
}
