package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class SenderReportTest {
    /**
     * RFC 3550 §6.4.1 by hand: RC=1, length 12 (52 bytes), sender 0x01020304, NTP 0xe85c2d3a.80000000,
     * RTP 123456, 1000 packets, 1000000 octets; one block on 0x0a0b0c0d: fraction 25, cumulative -2, highest
     * cycle 1 seq 5, jitter 42, LSR 0x2d3a8000 (the middle of the NTP), DLSR 1.5 s (0x00018000).
     */
    static final String RFC_SR = """
            81c8000c 01020304 e85c2d3a 80000000 0001e240 000003e8 000f4240
            0a0b0c0d 19fffffe 00010005 0000002a 2d3a8000 00018000
            """;

    private final SenderReport sr = new SenderReport();
    private final ReportBlock block = new ReportBlock();

    @Test
    void readsTheCapturedSenderInfo() {
        MemorySegment s = segment(CapturedRtcp.SR_SDES);
        sr.wrap(s, 0, 28);
        assertEquals(DropReason.OK, SenderReport.validate(s, 0, 28));
        assertEquals(0x11223344, sr.ssrc());
        assertEquals(0xeeb188cf5ef6b5d4L, sr.ntpTimestamp());
        assertEquals(0x88cf5ef6, sr.compactNtp());
        assertEquals(3593888116L, Integer.toUnsignedLong(sr.rtpTimestamp()));
        assertEquals(13, sr.packetCount());
        assertEquals(14104, sr.octetCount());
        assertEquals(0, sr.reportCount());
    }

    @Test
    void readsTheRfcLayout() {
        MemorySegment s = segment(RFC_SR);
        sr.wrap(s, 0, 52);
        assertEquals(DropReason.OK, SenderReport.validate(s, 0, 52));
        assertEquals(0x01020304, sr.ssrc());
        assertEquals(0xe85c2d3a80000000L, sr.ntpTimestamp());
        assertEquals(0x2d3a8000, sr.compactNtp());
        assertEquals(123456, sr.rtpTimestamp());
        assertEquals(1000, sr.packetCount());
        assertEquals(1_000_000, sr.octetCount());
        assertEquals(1, sr.reportCount());
        sr.reportBlock(0, block);
        assertEquals(28, block.offset());
        assertEquals(0x0a0b0c0d, block.ssrc());
        assertEquals(25, block.fractionLost());
        assertEquals(-2, block.cumulativeLost());
        assertEquals(0x00010005, block.extendedHighestSequence());
        assertEquals(42, block.jitter());
        assertEquals(sr.compactNtp(), block.lastSr());
        assertEquals(0x18000, block.delaySinceLastSr());
    }

    @Test
    void writerBuildsTheRfcLayoutByteForByte() {
        MemorySegment out = MemorySegment.ofArray(new byte[64]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 64);
        assertEquals(28, w.senderReport(0x01020304, 0xe85c2d3a80000000L, 123456, 1000, 1_000_000));
        assertEquals(52, w.reportBlock(0x0a0b0c0d, 25, -2, 0x00010005, 42, 0x2d3a8000, 0x18000));
        assertEquals(hex(RFC_SR), hex(out, 0, 52));
    }

    @Test
    void rewritesSsrcTimestampAndCountsInPlace() {
        MemorySegment s = segment(RFC_SR);
        sr.wrap(s, 0, 52).ssrc(0x55667788).rtpTimestamp(0xfffffff0).packetCount(-1).octetCount(7)
                .ntpTimestamp(0x0102030405060708L);
        sr.reportBlock(0, block).ssrc(0x99aabbcc);
        assertEquals(hex("""
                81c8000c 55667788 01020304 05060708 fffffff0 ffffffff 00000007
                99aabbcc 19fffffe 00010005 0000002a 2d3a8000 00018000
                """), hex(s, 0, 52));
        assertEquals(4294967295L, Integer.toUnsignedLong(sr.packetCount()));
    }

    @Test
    void validateCountsReportBlocksAndIgnoresProfileExtensions() {
        MemorySegment s = segment(RFC_SR + "deadbeef");
        assertEquals(DropReason.OK, SenderReport.validate(s, 0, 56));
        assertEquals(RtcpDrop.SR_TRUNCATED, SenderReport.validate(s, 0, 51));
        assertEquals(RtcpDrop.SR_TRUNCATED, SenderReport.validate(segment("80c80000"), 0, 4));
    }
}
