package io.xsfu.bench.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.testbed.RtpPackets;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ProbePacketTest {
    @Test
    void aStampedProbeIsValidRtpAndCarriesPhaseIndexAndSendTime() {
        byte[] bytes = new byte[200];
        MemorySegment buf = MemorySegment.ofArray(bytes);
        ProbePacket.init(buf);
        ProbePacket.stamp(buf, 3, 123_456L, 70_000L, 987_654_321_000L);

        // Read back with the testbed's independent RTP reader.
        assertTrue(RtpPackets.isRtpVersion2(bytes));
        assertEquals(ProbePacket.PAYLOAD_TYPE, RtpPackets.payloadType(bytes));
        assertEquals(ProbePacket.SSRC, RtpPackets.ssrc(bytes));
        assertEquals(70_000 & 0xffff, RtpPackets.sequence(bytes));
        assertTrue(ProbePacket.isProbe(buf, 0, bytes.length));
        assertEquals(3, ProbePacket.phase(buf, 0));
        assertEquals(123_456L, ProbePacket.index(buf, 0));
        assertEquals(987_654_321_000L, ProbePacket.sentNanos(buf, 0));
    }

    @Test
    void otherDatagramsAndShortOnesAreNotProbes() {
        byte[] other = RtpPackets.build(1, 96, 1, 0, false, new byte[100]);
        assertFalse(ProbePacket.isProbe(MemorySegment.ofArray(other), 0, other.length));
        byte[] bytes = new byte[200];
        MemorySegment buf = MemorySegment.ofArray(bytes);
        ProbePacket.init(buf);
        assertFalse(ProbePacket.isProbe(buf, 0, ProbePacket.MIN_LENGTH - 1));
    }
}
