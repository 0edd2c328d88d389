package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpPacketsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void feedbackBytesFollowRfc4585AndRfc5104() {
        assertEquals("81ce0002" + "00000033" + "00000457", HEX.formatHex(RtcpPackets.pli(0x33, 1111)));
        assertEquals("81cd0003" + "00000033" + "00000457" + "fffe0003",
                HEX.formatHex(RtcpPackets.nack(0x33, 1111, 0xfffe, 0x0003)));
        assertEquals("84ce0004" + "00000033" + "00000000" + "00000457" + "07000000",
                HEX.formatHex(RtcpPackets.fir(0x33, 1111, 7)));
        assertEquals("80c90001" + "00000033", HEX.formatHex(RtcpPackets.receiverReport(0x33)));
    }

    @Test
    void aCompoundSplitsIntoItsPacketsAndFeedbackIsRead() {
        byte[] c = RtcpPackets.compound(RtcpPackets.receiverReport(9), RtcpPackets.pli(9, 1111),
                RtcpPackets.nack(9, 1111, 0xfffe, 0b101), RtcpPackets.fir(9, 2222, 1));
        List<RtcpPackets.Packet> packets = RtcpPackets.split(c);
        assertEquals(List.of(RtcpPackets.RR, RtcpPackets.PSFB, RtcpPackets.RTPFB, RtcpPackets.PSFB),
                packets.stream().map(RtcpPackets.Packet::type).toList());
        List<RtcpPackets.Feedback> fb = RtcpPackets.feedback(c);
        assertEquals(3, fb.size());
        assertTrue(fb.get(0).isPli());
        assertEquals(1111, fb.get(0).mediaSsrc());
        assertTrue(fb.get(1).isNack());
        // PID 0xfffe, then bits 0 and 2: 0xffff and, across the wrap, 0x0001.
        assertEquals(List.of(0xfffe, 0xffff, 0x0001), fb.get(1).nackedSequences());
        assertTrue(fb.get(2).isFir());
        assertFalse(fb.get(2).isPli());
        assertEquals(List.of(), fb.get(0).nackedSequences());
    }

    @Test
    void senderReportRoundTripsWithItsNtpTime() {
        Instant t = Instant.parse("2031-05-06T07:08:09.250Z");
        long ntp = RtcpPackets.ntp(t);
        assertEquals(0x4000_0000L, ntp & 0xffffffffL, "a quarter second is 2^30 in NTP fractions");
        byte[] sr = RtcpPackets.senderReport(0xfedcba98L, ntp, 0xffff_fff0L, 77, 12345);
        List<RtcpPackets.SenderReport> srs = RtcpPackets.senderReports(RtcpPackets.compound(sr,
                RtcpPackets.receiverReport(1)));
        assertEquals(1, srs.size());
        RtcpPackets.SenderReport r = srs.getFirst();
        assertEquals(0xfedcba98L, r.ssrc());
        assertEquals(0xffff_fff0L, r.rtpTimestamp());
        assertEquals(77, r.packetCount());
        assertEquals(12345, r.octetCount());
        assertEquals(t, r.ntpInstant());
        assertEquals(List.of(), r.blocks());
    }

    @Test
    void reportBlocksKeepASignedCumulativeLoss() {
        byte[] rr = HEX.parseHex("81c90007" + "00000001"
                + "00000457" + "20fffffe" + "0001ffff" + "00000010" + "12345678" + "00010000");
        RtcpPackets.ReportBlock b = RtcpPackets.receiverReportBlocks(rr).getFirst();
        assertEquals(1111, b.ssrc());
        assertEquals(0x20, b.fractionLost());
        assertEquals(-2, b.cumulativeLost(), "duplicates make the 24-bit field negative");
        assertEquals(0x1ffff, b.extendedHighestSequence());
        assertEquals(16, b.jitter());
        assertEquals(0x12345678, b.lastSr());
        assertEquals(0x10000, b.delaySinceLastSr());
    }

    @Test
    void rtcpIsToldFromRtpByTheRfc5761Range() {
        assertTrue(RtcpPackets.isRtcp(RtcpPackets.receiverReport(1)));
        assertTrue(RtcpPackets.isRtcp(RtcpPackets.pli(1, 2)));
        assertFalse(RtcpPackets.isRtcp(RtpPackets.build(1, 96, 1, 1, false, new byte[4])));
        // Marker set on payload type 96: second byte 0xe0 = 224, just above the RTCP range.
        assertFalse(RtcpPackets.isRtcp(RtpPackets.build(1, 96, 1, 1, true, new byte[4])));
        assertFalse(RtcpPackets.isRtcp(new byte[] {(byte) 0x80, (byte) 200, 0, 1}), "shorter than any RTCP packet");
    }

    @Test
    void malformedCompoundsAreRejected() {
        byte[] longer = RtcpPackets.receiverReport(1);
        longer[3] = 5;
        assertThrows(IllegalArgumentException.class, () -> RtcpPackets.split(longer));
        byte[] v1 = RtcpPackets.receiverReport(1);
        v1[0] = 0x40;
        assertThrows(IllegalArgumentException.class, () -> RtcpPackets.split(v1));
        assertThrows(IllegalArgumentException.class, () -> RtcpPackets.split(new byte[] {(byte) 0x80, (byte) 201}));
    }
}
