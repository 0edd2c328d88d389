package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdesTest {
    /**
     * RFC 3550 §6.5 by hand: SC=2, length 5 (24 bytes). Chunk 1: 0x11223344, CNAME "ab", NAME "x", the null
     * item ending a 32-bit word. Chunk 2: 0x55667788 without items: the null octet and 3 octets of alignment.
     */
    static final String RFC_SDES = "82ca0005 11223344 01026162 02017800 55667788 00000000";

    private final Sdes sdes = new Sdes();

    @Test
    void iteratesTheCapturedChunk() {
        MemorySegment s = segment(CapturedRtcp.SR_SDES);
        assertEquals(DropReason.OK, Sdes.validate(s, 28, 52));
        sdes.wrap(s, 28, 52);
        assertEquals(1, sdes.chunkCount());
        assertTrue(sdes.nextChunk());
        assertEquals(0, sdes.chunkIndex());
        assertEquals(0x11223344, sdes.chunkSsrc());
        assertTrue(sdes.nextItem());
        assertEquals(Sdes.CNAME, sdes.itemType());
        assertEquals(28 + 10, sdes.itemTextOffset());
        assertEquals(28, sdes.itemTextLength());
        assertEquals("user2634064760@host-d8fb4748", sdes.itemText());
        assertTrue(sdes.nextItem());
        assertEquals(Sdes.TOOL, sdes.itemType());
        assertEquals("GStreamer", sdes.itemText());
        assertFalse(sdes.nextItem());
        assertFalse(sdes.nextChunk());
    }

    @Test
    void iteratesSeveralChunksIncludingAnEmptyOne() {
        MemorySegment s = segment(RFC_SDES);
        assertEquals(DropReason.OK, Sdes.validate(s, 0, 24));
        sdes.wrap(s, 0, 24);
        assertEquals(2, sdes.chunkCount());
        assertTrue(sdes.nextChunk());
        assertTrue(sdes.nextItem());
        assertEquals("ab", sdes.itemText());
        assertTrue(sdes.nextItem());
        assertEquals(Sdes.NAME, sdes.itemType());
        assertEquals("x", sdes.itemText());
        assertFalse(sdes.nextItem());
        assertTrue(sdes.nextChunk());
        assertEquals(0x55667788, sdes.chunkSsrc());
        assertFalse(sdes.nextItem());
        sdes.chunkSsrc(0x01020304);
        assertFalse(sdes.nextChunk());
        assertEquals(hex("82ca0005 11223344 01026162 02017800 01020304 00000000"), hex(s, 0, 24));
    }

    @Test
    void leavingAChunkEarlySkipsItsRemainingItems() {
        MemorySegment s = segment(RFC_SDES);
        sdes.wrap(s, 0, 24);
        sdes.nextChunk();
        assertTrue(sdes.nextChunk());
        assertEquals(0x55667788, sdes.chunkSsrc());
    }

    @Test
    void writerBuildsOneCnameChunkWithTheRightAlignment() {
        assertEquals(hex("81ca0002 11223344 0101 61 00"), cname("a"));
        assertEquals(hex("81ca0003 11223344 0102 6162 00000000"), cname("ab"));
        assertEquals(hex("81ca0003 11223344 0103 616263 000000"), cname("abc"));
        assertEquals(hex("81ca0003 11223344 0104 61626364 0000"), cname("abcd"));
        assertEquals(hex("81ca0003 11223344 0105 6162636465 00"), cname("abcde"));
    }

    @Test
    void writerReproducesGStreamersCnameOnlyChunk() {
        MemorySegment out = MemorySegment.ofArray(new byte[40]);
        MemorySegment cname = MemorySegment.ofArray("user3999471458@host-4ecebfa6".getBytes(StandardCharsets.US_ASCII));
        assertEquals(40, new RtcpWriter().wrap(out, 0, 40).sdesCname(0xe124a096, cname));
        assertEquals(hex(CapturedRtcp.RR_SDES_PLI).substring(16, 96), hex(out, 0, 40));
    }

    @Test
    void writerRefusesEmptyAndOverlongNames() {
        RtcpWriter w = new RtcpWriter().wrap(MemorySegment.ofArray(new byte[400]), 0, 400);
        assertEquals(RtcpWriter.INVALID, w.sdesCname(1, MemorySegment.ofArray(new byte[0])));
        assertEquals(RtcpWriter.INVALID, w.sdesCname(1, MemorySegment.ofArray(new byte[256])));
        assertEquals(268, w.sdesCname(1, MemorySegment.ofArray(new byte[255])));
    }

    @Test
    void validateRejectsOverrunsAndMissingTerminators() {
        // An item past the end, an item header cut, no null octet, a chunk announced but missing.
        assertEquals(RtcpDrop.SDES_MALFORMED, Sdes.validate(segment("81ca0002 11223344 01056162"), 0, 12));
        assertEquals(RtcpDrop.SDES_MALFORMED, Sdes.validate(segment("81ca0002 11223344 01026162 01"), 0, 13));
        assertEquals(RtcpDrop.SDES_MALFORMED, Sdes.validate(segment("81ca0002 11223344 01026162"), 0, 12));
        assertEquals(RtcpDrop.SDES_MALFORMED, Sdes.validate(segment(RFC_SDES), 0, 20));
        assertEquals(RtcpDrop.SDES_MALFORMED, Sdes.validate(segment(RFC_SDES), 0, 21));
        // The null octet present but its alignment octets cut.
        assertEquals(RtcpDrop.SDES_MALFORMED, Sdes.validate(segment("81ca0002 11223344 0101 6100"), 0, 11));
        assertEquals(DropReason.OK, Sdes.validate(segment("80ca0000"), 0, 4));
    }

    private static String cname(String name) {
        MemorySegment out = MemorySegment.ofArray(new byte[64]);
        int n = new RtcpWriter().wrap(out, 0, 64).sdesCname(0x11223344,
                MemorySegment.ofArray(name.getBytes(StandardCharsets.US_ASCII)));
        return hex(out, 0, n);
    }
}
