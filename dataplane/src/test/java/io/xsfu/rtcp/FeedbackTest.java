package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.RtcpHeader;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The common feedback part, and the PLI which is nothing more (RFC 4585 §6.1, §6.3.1). */
class FeedbackTest {
    private final Feedback feedback = new Feedback();

    @Test
    void readsTheCapturedPli() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES_PLI);
        feedback.wrap(s, 48, 12);
        assertEquals(Feedback.FMT_PLI, feedback.fmt());
        assertEquals(RtcpHeader.PT_PSFB, feedback.packetType());
        assertEquals(0xe124a096, feedback.senderSsrc());
        assertEquals(0x11223344, feedback.mediaSsrc());
        assertEquals(60, feedback.fciOffset());
        assertEquals(0, feedback.fciLength());
    }

    @Test
    void rewritesBothSsrcsInPlace() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES_PLI);
        feedback.wrap(s, 48, 12).senderSsrc(0x01020304).mediaSsrc(0x05060708);
        assertEquals("81ce00020102030405060708", hex(s, 48, 12));
    }

    @Test
    void writerBuildsThePliByteForByte() {
        // RFC 4585 §6.3.1: FMT 1, PT 206, length 2, no FCI.
        MemorySegment out = MemorySegment.ofArray(new byte[12]);
        assertEquals(12, new RtcpWriter().wrap(out, 0, 12).pli(0xe124a096, 0x11223344));
        assertEquals("81ce0002e124a09611223344", hex(out, 0, 12));
        assertEquals(RtcpWriter.NO_SPACE, new RtcpWriter().wrap(out, 0, 11).pli(1, 2));
    }
}
