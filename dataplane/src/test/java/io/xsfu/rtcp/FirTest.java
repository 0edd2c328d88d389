package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class FirTest {
    /**
     * RFC 5104 §4.3.1 by hand: FMT 4, PT 206, length 6 (28 bytes), sender 0x11111111, media SSRC 0; entries
     * 0x22222222 seq 1 and 0x33333333 seq 255, each followed by 24 reserved zero bits.
     */
    static final String RFC_FIR = "84ce0006 11111111 00000000 22222222 01000000 33333333 ff000000";

    private final Fir fir = new Fir();

    @Test
    void readsTheCapturedFir() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES_FIR_NACK);
        assertEquals(DropReason.OK, Fir.validate(s, 48, 20));
        fir.wrap(s, 48, 20);
        assertEquals(Feedback.FMT_FIR, fir.fmt());
        assertEquals(0x45284e85, fir.senderSsrc());
        assertEquals(0, fir.mediaSsrc());
        assertEquals(1, fir.entryCount());
        assertEquals(0x11223344, fir.entrySsrc(0));
        assertEquals(5, fir.sequenceNumber(0));
    }

    @Test
    void readsAndRewritesTheRfcLayout() {
        MemorySegment s = segment(RFC_FIR);
        assertEquals(DropReason.OK, Fir.validate(s, 0, 28));
        fir.wrap(s, 0, 28);
        assertEquals(2, fir.entryCount());
        assertEquals(0x33333333, fir.entrySsrc(1));
        assertEquals(255, fir.sequenceNumber(1));
        // What an SFU does when forwarding a subscriber's FIR to the publisher.
        fir.senderSsrc(0x0a0a0a0a);
        fir.entrySsrc(0, 0x0b0b0b0b).sequenceNumber(0, 9);
        assertEquals(hex("84ce0006 0a0a0a0a 00000000 0b0b0b0b 09000000 33333333 ff000000"), hex(s, 0, 28));
    }

    @Test
    void writerBuildsTheRfcLayoutAndTheCapturedFir() {
        MemorySegment out = MemorySegment.ofArray(new byte[28]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 28);
        assertEquals(28, w.fir(0x11111111, new int[] {0x22222222, 0x33333333}, new int[] {1, 255}, 2));
        assertEquals(hex(RFC_FIR), hex(out, 0, 28));
        w.wrap(out, 0, 28);
        assertEquals(20, w.fir(0x45284e85, new int[] {0x11223344}, new int[] {5}, 1));
        assertEquals(hex(CapturedRtcp.RR_SDES_FIR_NACK).substring(96, 136), hex(out, 0, 20));
        assertEquals(RtcpWriter.INVALID, w.fir(1, new int[0], new int[0], 0));
        assertEquals(RtcpWriter.INVALID, w.fir(1, new int[1], new int[0], 1));
    }

    @Test
    void validateWantsOneOrMoreWholeEntries() {
        assertEquals(RtcpDrop.FIR_BAD_LENGTH, Fir.validate(segment(RFC_FIR), 0, 12));
        assertEquals(RtcpDrop.FIR_BAD_LENGTH, Fir.validate(segment(RFC_FIR), 0, 24));
        assertEquals(DropReason.OK, Fir.validate(segment(RFC_FIR), 0, 20));
    }
}
