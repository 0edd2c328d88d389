package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, which folds to ddf2.
        byte[] data = CapturedFrames.hex("0001f203f4f5f6f7");
        MemorySegment s = MemorySegment.ofArray(data);
        assertEquals(0xDDF2, Checksum.sum(s, 0, data.length));
        assertEquals(0x220D, Checksum.checksum(s, 0, data.length));
    }

    @Test
    void textbookIpv4HeaderChecksum() {
        // The widely reproduced example header 192.168.0.1 -> 192.168.0.199, checksum b861.
        byte[] header = CapturedFrames.hex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xB861, Checksum.checksum(MemorySegment.ofArray(header), 0, header.length));
        header[10] = (byte) 0xB8;
        header[11] = 0x61;
        assertEquals(0xFFFF, Checksum.sum(MemorySegment.ofArray(header), 0, header.length));
    }

    @Test
    void oddTailCountsAsHighByte() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {0x12, 0x34, 0x56});
        assertEquals(0x1234 + 0x5600, Checksum.sum(s, 0, 3));
        assertEquals(0x5600, Checksum.sum(s, 2, 1));
        assertEquals(0, Checksum.sum(s, 1, 0));
    }

    @Test
    void kernelComputedHeadersVerify() {
        for (byte[] frame : new byte[][] {CapturedFrames.IPV4_RTP_OPUS, CapturedFrames.IPV4_RTCP_SR_SDES}) {
            MemorySegment s = MemorySegment.ofArray(frame);
            assertEquals(0xFFFF, Checksum.sum(s, 14, 20), "IPv4 header sums to 0xFFFF");
            int udpLength = frame.length - 34;
            int sum = Checksum.add(Checksum.ipv4PseudoHeaderSum(CapturedFrames.IPV4_A, CapturedFrames.IPV4_B,
                    17, udpLength), Checksum.sum(s, 34, udpLength));
            assertEquals(0xFFFF, sum, "UDP with pseudo header sums to 0xFFFF");
        }
        MemorySegment v6 = MemorySegment.ofArray(CapturedFrames.IPV6_RTP_VP8);
        int udpLength = CapturedFrames.IPV6_RTP_VP8.length - 54;
        int sum = Checksum.add(Checksum.ipv6PseudoHeaderSum(CapturedFrames.IPV6_HI, CapturedFrames.IPV6_A_LO,
                CapturedFrames.IPV6_HI, CapturedFrames.IPV6_B_LO, 17, udpLength), Checksum.sum(v6, 54, udpLength));
        assertEquals(0xFFFF, sum);
    }

    @Test
    void partialChecksumFromVethIsThePseudoHeaderSum() {
        // What CHECKSUM_PARTIAL leaves in the field: the folded pseudo-header sum, not complemented.
        byte[] f = CapturedFrames.IPV4_RTP_PARTIAL_CHECKSUM;
        int udpLength = f.length - 34;
        assertEquals(0x15BF, Checksum.ipv4PseudoHeaderSum(CapturedFrames.IPV4_A, CapturedFrames.IPV4_B, 17, udpLength));
        byte[] udp = java.util.Arrays.copyOfRange(f, 34, f.length);
        assertEquals(0x4B42, ReferenceChecksum.udpIpv4(FrameBuilder.int4(CapturedFrames.IPV4_A),
                FrameBuilder.int4(CapturedFrames.IPV4_B), udp), "tcpdump's expected value, from the reference");
    }

    @Test
    void nativeAndHeapSegmentsAgreeWithTheReference() {
        byte[] data = CapturedFrames.IPV6_RTP_VP8;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(data.length + 3);
            MemorySegment.copy(MemorySegment.ofArray(data), 0, n, 3, data.length);
            for (int off = 0; off < 9; off++) {
                for (int len = 0; len + off <= data.length; len += 7) {
                    int expected = ReferenceChecksum.sum(data, off, len);
                    assertEquals(expected, Checksum.sum(MemorySegment.ofArray(data), off, len));
                    assertEquals(expected, Checksum.sum(n, off + 3, len));
                }
            }
        }
    }

    @Test
    void rfc1624ExampleAndTheMinusZeroCase() {
        // RFC 1624 §4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000 (eqn. 3, not 0xFFFF of eqn. 2).
        assertEquals(0x0000, Checksum.updateChecksum16(0xDD2F, 0x5555, 0x3285));
    }

    @Test
    void pseudoHeaderSums() {
        // 10.77.0.1 + 10.77.0.2 + 17 + 273 by hand: 0a4d + 0001 + 0a4d + 0002 + 0011 + 0111.
        assertEquals(0x0A4D + 0x0001 + 0x0A4D + 0x0002 + 0x0011 + 0x0111,
                Checksum.ipv4PseudoHeaderSum(0x0A4D0001, 0x0A4D0002, 17, 0x111));
        byte[] pseudo6 = new byte[40];
        byte[] src = FrameBuilder.long16(0xFE80_0000_0000_0000L, 0x0200_5EFF_FE00_5301L);
        byte[] dst = FrameBuilder.long16(0xFF02_0000_0000_0000L, 0x0000_0000_0001_0002L);
        System.arraycopy(src, 0, pseudo6, 0, 16);
        System.arraycopy(dst, 0, pseudo6, 16, 16);
        pseudo6[34] = 0x12;
        pseudo6[35] = 0x34;
        pseudo6[39] = 17;
        assertEquals(ReferenceChecksum.sum(pseudo6), Checksum.ipv6PseudoHeaderSum(0xFE80_0000_0000_0000L,
                0x0200_5EFF_FE00_5301L, 0xFF02_0000_0000_0000L, 0x0000_0000_0001_0002L, 17, 0x1234));
    }

    @Test
    void udpChecksumNeverZero() {
        assertEquals(0xFFFF, Checksum.udpChecksum(0xFFFF));
        assertEquals(0x0001, Checksum.udpChecksum(0xFFFE));
    }
}
