package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.RtpHeader;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPatchTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aCopysHeaderGetsTheConsumersFieldsAndTheMarkerStays() {
        byte[] p = HEX.parseHex("80e0000100000002000000030102");
        RtpPatch.apply(MemorySegment.ofArray(p), 0, new RtpRewrite().set(0x0a0b0c0d, 0xfffe, 0x11223344, 100, -1));
        RtpHeader h = new RtpHeader().wrap(MemorySegment.ofArray(p), 0, p.length);
        assertEquals(true, h.marker());
        assertEquals(100, h.payloadType());
        assertEquals(0xfffe, h.sequenceNumber());
        assertEquals(0x11223344, h.timestamp());
        assertEquals(0x0a0b0c0d, h.ssrc());
        assertEquals(0x0102, ((p[12] & 0xff) << 8) | (p[13] & 0xff), "payload untouched");
    }

    @Test
    void theSfuOwnsTransportWideSequenceAndAbsSendTimeAndDropsTheRest() {
        // One-byte extensions: id 1 mid "a" (10 61), id 3 abs-send-time (32 aabbcc), id 5 TWCC (51 0007), padding.
        String ext = "bede0003" + "1061" + "32aabbcc" + "510007" + "000000";
        byte[] p = HEX.parseHex("90600001000000020000000" + "3" + ext + "cafe");
        long keep = (1L << 3) | (1L << 5);
        RtpRewrite r = new RtpRewrite().set(9, 1, 2, 96, keep).owned(5, 0x1234, 3, 0x00abcd);
        RtpPatch.apply(MemorySegment.ofArray(p), 0, r);
        String expected = "bede0003" + "0000" + "3200abcd" + "511234" + "000000";
        assertArrayEquals(HEX.parseHex("90600001000000020000000" + "9" + expected + "cafe"), p);
    }

    @Test
    void absSendTimeIsSecondsInSixPointEighteenFixedPoint() {
        assertEquals(0, Forwarder.absSendTime(0));
        assertEquals(1 << 18, Forwarder.absSendTime(1_000_000_000L));
        assertEquals(1 << 17, Forwarder.absSendTime(64_500_000_000L), "wraps every 64 s");
    }
}
