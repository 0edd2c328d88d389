package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class RtcpHeaderTest {
    @Test
    void walksTheCapturedCompoundPacket() {
        byte[] f = CapturedFrames.IPV4_RTCP_SR_SDES;
        MemorySegment s = MemorySegment.ofArray(f);
        RtcpHeader h = new RtcpHeader().wrap(s, 42, 80);
        assertEquals(DropReason.OK, h.validate());
        assertEquals(2, h.version());
        assertFalse(h.padding());
        assertEquals(0, h.count());
        assertEquals(RtcpHeader.PT_SR, h.packetType());
        assertEquals(6, h.lengthWords());
        assertEquals(28, h.packetLength());
        assertEquals(4444, h.ssrc());

        h.wrap(s, 42 + 28, 80 - 28);
        assertEquals(DropReason.OK, h.validate());
        assertEquals(RtcpHeader.PT_SDES, h.packetType());
        assertEquals(1, h.count());
        assertEquals(52, h.packetLength());
        assertEquals(4444, h.ssrc());
        assertEquals(80, 28 + h.packetLength());
    }

    @Test
    void validateNamesEachDefect() {
        RtcpHeader h = new RtcpHeader();
        byte[] rr = CapturedFrames.hex("80c90001deadbeef");
        assertEquals(DropReason.OK, h.wrap(MemorySegment.ofArray(rr), 0, 8).validate());
        assertEquals(DropReason.RTCP_TRUNCATED, h.wrap(MemorySegment.ofArray(rr), 0, 7).validate());
        rr[0] = (byte) 0xC0;
        assertEquals(DropReason.RTCP_BAD_VERSION, h.wrap(MemorySegment.ofArray(rr), 0, 8).validate());
        rr[0] = (byte) 0x80;
        rr[3] = 2;
        assertEquals(DropReason.RTCP_BAD_LENGTH, h.wrap(MemorySegment.ofArray(rr), 0, 8).validate());
        h.ssrc(0x01020304);
        assertEquals(0x01020304, h.ssrc());
    }
}
