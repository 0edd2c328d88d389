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

class ByeTest {
    /**
     * RFC 3550 §6.6 by hand: SC=2, length 4 (20 bytes), sources 0x11223344 and 0x55667788, reason "hello"
     * (length octet 5, then the text and two null octets to the 32-bit boundary).
     */
    static final String RFC_BYE = "82cb0004 11223344 55667788 0568656c 6c6f0000";

    private final Bye bye = new Bye();

    @Test
    void readsTheCapturedBye() {
        MemorySegment s = segment(CapturedRtcp.SR_SDES_BYE);
        assertEquals(DropReason.OK, Bye.validate(s, 80, 8));
        bye.wrap(s, 80, 8);
        assertEquals(1, bye.sourceCount());
        assertEquals(0x11223344, bye.ssrc(0));
        assertFalse(bye.hasReason());
        assertEquals(0, bye.reasonLength());
        assertEquals("", bye.reason());
    }

    @Test
    void readsSourcesAndReason() {
        MemorySegment s = segment(RFC_BYE);
        assertEquals(DropReason.OK, Bye.validate(s, 0, 20));
        bye.wrap(s, 0, 20);
        assertEquals(2, bye.sourceCount());
        assertEquals(0x55667788, bye.ssrc(1));
        assertTrue(bye.hasReason());
        assertEquals(13, bye.reasonOffset());
        assertEquals(5, bye.reasonLength());
        assertEquals("hello", bye.reason());
        bye.ssrc(1, 0x01020304);
        assertEquals(hex("82cb0004 11223344 01020304 0568656c 6c6f0000"), hex(s, 0, 20));
    }

    @Test
    void writerBuildsTheRfcLayoutAndTheCapturedOne() {
        MemorySegment out = MemorySegment.ofArray(new byte[32]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 32);
        MemorySegment hello = MemorySegment.ofArray("hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(20, w.bye(new int[] {0x11223344, 0x55667788}, 2, hello));
        assertEquals(hex(RFC_BYE), hex(out, 0, 20));
        w.wrap(out, 0, 32);
        assertEquals(8, w.bye(new int[] {0x11223344}, 1, null));
        assertEquals(hex(CapturedRtcp.SR_SDES_BYE).substring(160), hex(out, 0, 8));
        // A reason that fills its word exactly needs no null octet.
        w.wrap(out, 0, 32);
        assertEquals(12, w.bye(new int[] {7}, 1, MemorySegment.ofArray("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(hex("81cb0002 00000007 03616263"), hex(out, 0, 12));
        assertEquals(RtcpWriter.INVALID, w.bye(new int[32], 32, null));
        assertEquals(RtcpWriter.INVALID, w.bye(new int[1], 1, MemorySegment.ofArray(new byte[256])));
    }

    @Test
    void validateRejectsOverruns() {
        assertEquals(RtcpDrop.BYE_MALFORMED, Bye.validate(segment(RFC_BYE), 0, 8));
        assertEquals(RtcpDrop.BYE_MALFORMED, Bye.validate(segment(RFC_BYE), 0, 17));
        assertEquals(RtcpDrop.BYE_MALFORMED, Bye.validate(segment("83cb0002 11223344 55667788"), 0, 12));
        assertEquals(DropReason.OK, Bye.validate(segment(RFC_BYE), 0, 18));
        assertEquals(DropReason.OK, Bye.validate(segment("80cb0000"), 0, 4));
    }
}
