package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ReceiverReportTest {
    /**
     * RFC 3550 §6.4.2 by hand: RC=2, length 13 (56 bytes), reporter 0xcafe0001; block 1 on 0x11111111:
     * fraction 0x80 (1/2), cumulative 0x7fffff (the largest), highest 0x0002ffff, jitter 0, LSR/DLSR 0 (no SR
     * yet); block 2 on 0x22222222: fraction 0, cumulative -8388608 (the smallest), highest 1, jitter 0x10,
     * LSR 0x12345678, DLSR 0x00010000 (1 s).
     */
    static final String RFC_RR = """
            82c9000d cafe0001
            11111111 807fffff 0002ffff 00000000 00000000 00000000
            22222222 00800000 00000001 00000010 12345678 00010000
            """;

    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();

    @Test
    void readsTheCapturedReportWithNegativeCumulativeLoss() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES);
        rr.wrap(s, 0, 32);
        assertEquals(DropReason.OK, ReceiverReport.validate(s, 0, 32));
        assertEquals(0xe124a096, rr.ssrc());
        assertEquals(1, rr.reportCount());
        rr.reportBlock(0, block);
        assertEquals(0x11223344, block.ssrc());
        assertEquals(0, block.fractionLost());
        // GStreamer counted one more packet received than expected (a duplicate): RFC 3550 allows negative.
        assertEquals(-1, block.cumulativeLost());
        assertEquals(23477, block.extendedHighestSequence());
        assertEquals(21, block.jitter());
        // LSR echoes the middle of the NTP timestamp of the SR captured 0.37 s before.
        assertEquals(new SenderReport().wrap(segment(CapturedRtcp.SR_SDES), 0, 28).compactNtp(), block.lastSr());
        assertEquals(24013, block.delaySinceLastSr());
    }

    @Test
    void readsTheRfcLayoutWithExtremeLossValues() {
        MemorySegment s = segment(RFC_RR);
        rr.wrap(s, 0, 56);
        assertEquals(DropReason.OK, ReceiverReport.validate(s, 0, 56));
        assertEquals(0xcafe0001, rr.ssrc());
        assertEquals(2, rr.reportCount());
        rr.reportBlock(0, block);
        assertEquals(0x80, block.fractionLost());
        assertEquals(ReportBlock.MAX_CUMULATIVE_LOST, block.cumulativeLost());
        assertEquals(0x0002ffff, block.extendedHighestSequence());
        rr.reportBlock(1, block);
        assertEquals(0x22222222, block.ssrc());
        assertEquals(ReportBlock.MIN_CUMULATIVE_LOST, block.cumulativeLost());
        assertEquals(1, block.extendedHighestSequence());
        assertEquals(16, block.jitter());
        assertEquals(0x12345678, block.lastSr());
        assertEquals(0x10000, block.delaySinceLastSr());
    }

    @Test
    void writerBuildsTheRfcLayoutAndTheCapturedReport() {
        MemorySegment out = MemorySegment.ofArray(new byte[56]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 56);
        w.receiverReport(0xcafe0001);
        w.reportBlock(0x11111111, 0x80, 0x7fffff, 0x0002ffff, 0, 0, 0);
        assertEquals(56, w.reportBlock(0x22222222, 0, -0x800000, 1, 16, 0x12345678, 0x10000));
        assertEquals(hex(RFC_RR), hex(out, 0, 56));

        w.wrap(out, 0, 56);
        w.receiverReport(0xe124a096);
        assertEquals(32, w.reportBlock(0x11223344, 0, -1, 23477, 21, 0x88cf5ef6, 24013));
        assertEquals(hex(CapturedRtcp.RR_SDES).substring(0, 64), hex(out, 0, 32));
    }

    @Test
    void cumulativeLossIsClampedToTwentyFourSignedBits() {
        MemorySegment s = segment(RFC_RR);
        rr.wrap(s, 0, 56).reportBlock(0, block);
        assertEquals(ReportBlock.MAX_CUMULATIVE_LOST, block.cumulativeLost(10_000_000).cumulativeLost());
        assertEquals(ReportBlock.MIN_CUMULATIVE_LOST, block.cumulativeLost(-10_000_000).cumulativeLost());
        assertEquals(-5, block.cumulativeLost(-5).cumulativeLost());
        // The fraction octet next to it is untouched.
        assertEquals(0x80, block.fractionLost());
        assertEquals("80fffffb", hex(s, 12, 4));
    }

    @Test
    void rewritesTheReporterAndSourceSsrcs() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES);
        rr.wrap(s, 0, 32).ssrc(0x01010101).reportBlock(0, block).ssrc(0x02020202).fractionLost(7).jitter(9)
                .extendedHighestSequence(0x10000).lastSr(3).delaySinceLastSr(4);
        assertEquals(hex("81c90007 01010101 02020202 07ffffff 00010000 00000009 00000003 00000004"),
                hex(s, 0, 32));
    }

    @Test
    void validateNeedsEveryBlock() {
        assertEquals(RtcpDrop.RR_TRUNCATED, ReceiverReport.validate(segment(RFC_RR), 0, 55));
        assertEquals(DropReason.OK, ReceiverReport.validate(segment("80c90001cafe0001"), 0, 8));
        assertEquals(RtcpDrop.RR_TRUNCATED, ReceiverReport.validate(segment("80c90001cafe0001"), 0, 4));
    }
}
