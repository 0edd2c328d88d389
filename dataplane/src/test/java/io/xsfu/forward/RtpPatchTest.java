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

    /** Copies {@code p} with an added transport-wide element {@code id}, stamps {@code seq}, and returns the copy. */
    private static byte[] inserted(byte[] p, int headerLength, int id, int seq, long keep) {
        MemorySegment src = MemorySegment.ofArray(p);
        assertEquals(true, RtpPatch.canInsertTwcc(src, 0, id));
        byte[] out = new byte[p.length + RtpPatch.twccGrowth(src, 0)];
        int n = RtpPatch.copyInsertingTwcc(src, 0, headerLength, p.length, MemorySegment.ofArray(out), 0, id);
        assertEquals(out.length, n);
        RtpRewrite r = new RtpRewrite().set(9, 1, 2, 96, keep).owned(id, seq, 0, 0);
        r.insertTwcc = true;
        r.grown = out.length - p.length;
        RtpPatch.apply(MemorySegment.ofArray(out), 0, r);
        RtpHeader h = new RtpHeader().wrap(MemorySegment.ofArray(out), 0, out.length);
        assertEquals(0, h.validate(), "a valid RTP packet");
        return out;
    }

    @Test
    void aPacketWithoutExtensionsGetsAOneByteBlockWithTheSfusSequenceNumber() {
        byte[] p = HEX.parseHex("80600001000000020000000311223344");
        byte[] out = inserted(p, 12, 3, 0xabcd, RtpRewrite.KEEP_ALL_EXTENSIONS);
        assertArrayEquals(HEX.parseHex("90600001000000020000000" + "9" + "bede0001" + "31abcd00" + "11223344"), out);
    }

    @Test
    void aOneByteBlockGrowsByAWordAndItsOtherElementsFollowTheKeepMask() {
        // mid "a" (id 1) kept, abs-send-time (id 2) not negotiated by the subscriber: blanked; TWCC (id 5) added.
        String ext = "bede0002" + "1061" + "22aabbcc" + "0000";
        byte[] p = HEX.parseHex("90600001000000020000000" + "3" + ext + "cafe");
        byte[] out = inserted(p, 12 + 12, 5, 0x0102, 1L << 1);
        String expected = "bede0003" + "1061" + "00000000" + "0000" + "51010200";
        assertArrayEquals(HEX.parseHex("90600001000000020000000" + "9" + expected + "cafe"), out);
    }

    @Test
    void aTwoByteBlockGetsATwoByteElement() {
        String ext = "10000001" + "0101" + "6100";
        byte[] p = HEX.parseHex("90600001000000020000000" + "3" + ext + "beef");
        byte[] out = inserted(p, 12 + 8, 20, 0x0a0b, RtpRewrite.KEEP_ALL_EXTENSIONS);
        assertArrayEquals(HEX.parseHex("90600001000000020000000" + "9" + "10000002" + "01016100" + "14020a0b" + "beef"), out);
    }

    @Test
    void anElementIsAddedOnlyWhereTheBlockCanTakeIt() {
        MemorySegment none = MemorySegment.ofArray(HEX.parseHex("80600001000000020000000300"));
        assertEquals(false, RtpPatch.canInsertTwcc(none, 0, 15), "ids above 14 need a two-byte block");
        MemorySegment has = MemorySegment.ofArray(HEX.parseHex("906000010000000200000003bede0001" + "5000" + "0000" + "00"));
        assertEquals(false, RtpPatch.canInsertTwcc(has, 0, 5), "id 5 is there already (with another length)");
        assertEquals(true, RtpPatch.canInsertTwcc(has, 0, 6));
        MemorySegment stop = MemorySegment.ofArray(HEX.parseHex("906000010000000200000003bede0001" + "f0000000" + "00"));
        assertEquals(false, RtpPatch.canInsertTwcc(stop, 0, 6), "after an id 15 nobody would read it");
        MemorySegment overrun = MemorySegment.ofArray(HEX.parseHex("906000010000000200000003bede0001" + "1300" + "0000" + "00"));
        assertEquals(false, RtpPatch.canInsertTwcc(overrun, 0, 6), "an element running past the block");
    }

    @Test
    void simulcastPatchesFollowTheGrownHeader() {
        byte[] p = HEX.parseHex("806000010000000200000003" + "90e0" + "8005" + "07" + "00" + "00");
        RtpRewrite r = new RtpRewrite().set(9, 1, 2, 96, -1).owned(3, 7, 0, 0).vp8(14, 0x1234, 16, 0x42);
        r.insertTwcc = true;
        r.grown = 8;
        byte[] out = new byte[p.length + 8];
        RtpPatch.copyInsertingTwcc(MemorySegment.ofArray(p), 0, 12, p.length, MemorySegment.ofArray(out), 0, 3);
        RtpPatch.apply(MemorySegment.ofArray(out), 0, r);
        assertArrayEquals(HEX.parseHex("906000010000000200000009" + "bede0001" + "31000700" + "90e0" + "9234" + "42" + "00" + "00"),
                out);
    }
}
