package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    @Test
    void readsTheCapturedHeader() {
        byte[] f = CapturedFrames.IPV4_RTP_OPUS.clone();
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(f), 14, f.length - 14);
        assertEquals(4, ip.version());
        assertEquals(5, ip.ihl());
        assertEquals(20, ip.headerLength());
        assertEquals(0, ip.tos());
        assertEquals(293, ip.totalLength());
        assertEquals(40894, ip.identification());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertEquals(0, ip.fragmentOffset());
        assertFalse(ip.isFragment());
        assertEquals(64, ip.ttl());
        assertEquals(17, ip.protocol());
        assertEquals(CapturedFrames.IPV4_A, ip.src());
        assertEquals(CapturedFrames.IPV4_B, ip.dst());
        assertTrue(ip.checksumValid());
        assertEquals(ip.checksum(), ip.computeChecksum());
    }

    @Test
    void rewritingFieldsAndTheChecksum() {
        byte[] f = CapturedFrames.IPV4_RTP_OPUS.clone();
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(f), 14, f.length - 14);
        int old = ip.checksum();
        ip.ttl(63).dst(0x0A4D0009).flagsAndFragmentOffset(Ipv4Header.FLAG_MORE_FRAGMENTS | 3);
        assertFalse(ip.checksumValid());
        assertTrue(ip.isFragment());
        assertEquals(3, ip.fragmentOffset());
        ip.updateChecksum();
        assertTrue(ip.checksumValid());
        assertEquals(ReferenceChecksum.checksum(zeroChecksum(f), 14, 20), ip.checksum());
        assertTrue(old != ip.checksum());
        ip.versionAndIhl(4, 5).tos(0xB8).totalLength(100).identification(7).protocol(6).src(1).checksum(0);
        assertEquals(0xB8, ip.tos());
        assertEquals(100, ip.totalLength());
        assertEquals(7, ip.identification());
        assertEquals(6, ip.protocol());
        assertEquals(1, ip.src());
        assertEquals(ReferenceChecksum.checksum(f, 14, 20), ip.computeChecksum());
    }

    private static byte[] zeroChecksum(byte[] f) {
        byte[] c = f.clone();
        c[24] = 0;
        c[25] = 0;
        return c;
    }
}
