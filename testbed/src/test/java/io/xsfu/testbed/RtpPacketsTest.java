package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketsTest {
    @Test
    void headerBytesFollowRfc3550() {
        byte[] p = RtpPackets.build(0xdeadbeefL, 111, 0xfffe, 0x1_0000_0005L, true, new byte[] {9});
        assertEquals("80effffe00000005deadbeef09", HexFormat.of().formatHex(p));
        assertTrue(RtpPackets.isRtpVersion2(p));
        assertTrue(RtpPackets.marker(p));
        assertEquals(111, RtpPackets.payloadType(p));
        assertEquals(0xfffe, RtpPackets.sequence(p));
        assertEquals(5, RtpPackets.timestamp(p), "the timestamp wraps at 32 bits");
        assertEquals(0xdeadbeefL, RtpPackets.ssrc(p));
        assertArrayEquals(new byte[] {9}, RtpPackets.payload(p));
    }

    @Test
    void csrcsAreSkippedWhenReadingThePayload() {
        byte[] p = new byte[12 + 8 + 2];
        RtpPackets.writeHeader(p, 0, 2, 2, 1, 96, 1, 1, false);
        p[20] = 7;
        p[21] = 8;
        assertArrayEquals(new byte[] {7, 8}, RtpPackets.payload(p));
        assertFalse(RtpPackets.marker(p));
    }

    @Test
    void patternPayloadStartsWithItsIndex() {
        byte[] a = RtpPackets.patternPayload(0x01020304, 10);
        assertEquals("01020304", HexFormat.of().formatHex(a, 0, 4));
        assertEquals(10, a.length);
        assertFalse(java.util.Arrays.equals(a, RtpPackets.patternPayload(0x01020305, 10)));
        assertEquals(3, RtpPackets.patternPayload(1, 3).length, "shorter than the index field: pattern only");
    }

    @Test
    void versionOtherThanTwoIsNotRtp() {
        byte[] p = new byte[12];
        RtpPackets.writeHeader(p, 0, 3, 0, 1, 96, 1, 1, false);
        assertEquals(3, RtpPackets.version(p));
        assertFalse(RtpPackets.isRtpVersion2(p));
        assertFalse(RtpPackets.isRtpVersion2(new byte[11]));
    }
}
