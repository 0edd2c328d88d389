package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class UdpHeaderTest {
    @Test
    void readsAndWritesTheCapturedHeader() {
        byte[] f = CapturedFrames.IPV4_RTCP_SR_SDES.clone();
        UdpHeader udp = new UdpHeader().wrap(MemorySegment.ofArray(f), 34, f.length - 34);
        assertEquals(50994, udp.srcPort());
        assertEquals(5005, udp.dstPort());
        assertEquals(88, udp.udpLength());
        assertEquals(0x5138, udp.checksum());
        assertEquals(42, udp.payloadOffset());
        udp.srcPort(65535).dstPort(1).udpLength(9).checksum(0xFFFF);
        assertEquals(65535, udp.srcPort());
        assertEquals(1, udp.dstPort());
        assertEquals(9, udp.udpLength());
        assertEquals(0xFFFF, udp.checksum());
    }
}
