package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Ipv6HeaderTest {
    @Test
    void readsTheCapturedHeader() {
        byte[] f = CapturedFrames.IPV6_RTP_VP8;
        Ipv6Header ip = new Ipv6Header().wrap(MemorySegment.ofArray(f), 14, f.length - 14);
        assertEquals(6, ip.version());
        assertEquals(0, ip.trafficClass());
        assertEquals(0xA9C35, ip.flowLabel());
        assertEquals(199, ip.payloadLength());
        assertEquals(17, ip.nextHeader());
        assertEquals(64, ip.hopLimit());
        assertEquals(CapturedFrames.IPV6_HI, ip.srcHi());
        assertEquals(CapturedFrames.IPV6_A_LO, ip.srcLo());
        assertEquals(CapturedFrames.IPV6_HI, ip.dstHi());
        assertEquals(CapturedFrames.IPV6_B_LO, ip.dstLo());
    }

    @Test
    void writesEveryField() {
        byte[] b = new byte[40];
        Ipv6Header ip = new Ipv6Header().wrap(MemorySegment.ofArray(b), 0, 40);
        ip.versionClassFlow(6, 0xB8, 0xFFFFF).payloadLength(1234).nextHeader(17).hopLimit(255)
                .src(0x2001_0DB8_0000_0000L, 1).dst(-1L, -2L);
        assertEquals(6, ip.version());
        assertEquals(0xB8, ip.trafficClass());
        assertEquals(0xFFFFF, ip.flowLabel());
        assertEquals(1234, ip.payloadLength());
        assertEquals(255, ip.hopLimit());
        assertEquals(0x2001_0DB8_0000_0000L, ip.srcHi());
        assertEquals(1, ip.srcLo());
        assertEquals(-1L, ip.dstHi());
        assertEquals(-2L, ip.dstLo());
        assertEquals(0x20, b[8]);
        assertEquals((byte) 0xFE, b[39]);
    }
}
