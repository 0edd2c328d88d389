package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpFrameWriterTest {
    private static final long OFFSET = 4096 + 256;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment umem = arena.allocate(3 * 4096);
    private final ParsedPacket parsed = new ParsedPacket();

    @AfterEach
    void close() {
        arena.close();
    }

    /** Writes headers + payload at OFFSET, returns the frame's bytes. */
    private byte[] write(int ipVersion, int vlanTci, byte[] payload) {
        MemorySegment p = MemorySegment.ofArray(payload);
        int sum = Checksum.sum(p, 0, payload.length);
        int n = ipVersion == 4
                ? UdpFrameWriter.writeIpv4(umem, OFFSET, 0x0A0B0C0D0E0FL, 0x020000000001L, vlanTci,
                        0xC0A80101, 0xC0A80202, 61, 40000, 5004, payload.length, sum)
                : UdpFrameWriter.writeIpv6(umem, OFFSET, 0x0A0B0C0D0E0FL, 0x020000000001L, vlanTci,
                        0x2001_0DB8_0000_0001L, 0x10, 0x2001_0DB8_0000_0002L, 0x20, 7, 40000, 5004,
                        payload.length, sum);
        assertEquals(UdpFrameWriter.headerLength(ipVersion, vlanTci >= 0), n);
        MemorySegment.copy(p, 0, umem, OFFSET + n, payload.length);
        return umem.asSlice(OFFSET, n + payload.length).toArray(Wire.U8);
    }

    @Test
    void headersParseBackWithCorrectChecksums() {
        for (int ipVersion : new int[] {4, 6}) {
            for (int vlanTci : new int[] {-1, 0, 0x6FFF}) {
                for (int rtpPayload : new int[] {0, 1, 2, 3, 160, 1187, 1188}) {
                    String what = "IPv" + ipVersion + " tci " + vlanTci + " payload " + rtpPayload;
                    byte[] payload = FrameBuilder.rtp(111, 1, 2, 3, rtpPayload);
                    byte[] f = write(ipVersion, vlanTci, payload);
                    assertEquals(DropReason.OK, PacketParser.parse(MemorySegment.ofArray(f), 0, f.length, parsed), what);
                    int l2 = vlanTci >= 0 ? 18 : 14;
                    int l3Length = ipVersion == 4 ? 20 : 40;
                    assertEquals(l2 + l3Length + 8, parsed.payloadOffset(), what);
                    assertEquals(payload.length, parsed.payloadLength(), what);
                    assertEquals(vlanTci, parsed.vlanTci(), what);
                    assertEquals(0x0A0B0C0D0E0FL, parsed.dstMac());
                    assertEquals(0x020000000001L, parsed.srcMac());
                    assertEquals(40000, parsed.srcPort());
                    assertEquals(5004, parsed.dstPort());
                    assertEquals(PayloadKind.RTP, parsed.payloadKind());
                    byte[] udp = Arrays.copyOfRange(f, l2 + l3Length, f.length);
                    int field = ((udp[6] & 0xFF) << 8) | (udp[7] & 0xFF);
                    if (ipVersion == 4) {
                        assertEquals(61, parsed.ttl());
                        assertEquals(0xC0A80202, parsed.ipv4Dst());
                        assertEquals(ReferenceChecksum.checksum(withoutChecksum(f, l2), l2, 20),
                                ((f[l2 + 10] & 0xFF) << 8) | (f[l2 + 11] & 0xFF), what);
                        assertEquals("4500", hex(f, l2, 2));
                        assertEquals("00004000", hex(f, l2 + 4, 4), "ID 0, DF");
                        assertEquals(ReferenceChecksum.udpIpv4(FrameBuilder.int4(0xC0A80101),
                                FrameBuilder.int4(0xC0A80202), udp), field, what);
                    } else {
                        assertEquals(7, parsed.ttl());
                        assertEquals(0x20, parsed.ipv6DstLo());
                        assertEquals(ReferenceChecksum.udpIpv6(FrameBuilder.long16(0x2001_0DB8_0000_0001L, 0x10),
                                FrameBuilder.long16(0x2001_0DB8_0000_0002L, 0x20), udp), field, what);
                    }
                }
            }
        }
    }

    @Test
    void reproducesTheKernelsIpv4FrameByteForByte() {
        byte[] captured = CapturedFrames.IPV4_RTP_OPUS;
        byte[] payload = Arrays.copyOfRange(captured, 42, captured.length);
        MemorySegment p = MemorySegment.ofArray(payload);
        int n = UdpFrameWriter.writeIpv4(umem, OFFSET, CapturedFrames.MAC_B, CapturedFrames.MAC_A, -1,
                CapturedFrames.IPV4_A, CapturedFrames.IPV4_B, 64, 53855, 5004, payload.length,
                Checksum.sum(p, 0, payload.length));
        MemorySegment.copy(p, 0, umem, OFFSET + n, payload.length);
        // The kernel numbers its datagrams; we send ID 0. Put its ID in and the rest must match exactly.
        new Ipv4Header().wrap(umem, OFFSET + 14, 20).identification(40894).updateChecksum();
        assertArrayEquals(captured, umem.asSlice(OFFSET, captured.length).toArray(Wire.U8));
    }

    @Test
    void reproducesTheKernelsIpv6FrameByteForByte() {
        byte[] captured = CapturedFrames.IPV6_RTP_VP8;
        byte[] payload = Arrays.copyOfRange(captured, 62, captured.length);
        MemorySegment p = MemorySegment.ofArray(payload);
        int n = UdpFrameWriter.writeIpv6(umem, OFFSET, CapturedFrames.MAC_B, CapturedFrames.MAC_A, -1,
                CapturedFrames.IPV6_HI, CapturedFrames.IPV6_A_LO, CapturedFrames.IPV6_HI, CapturedFrames.IPV6_B_LO,
                64, 44192, 5006, payload.length, Checksum.sum(p, 0, payload.length));
        MemorySegment.copy(p, 0, umem, OFFSET + n, payload.length);
        // The flow label is the kernel's choice and not checksummed; ours is 0.
        new Ipv6Header().wrap(umem, OFFSET + 14, 40).versionClassFlow(6, 0, 0xA9C35);
        assertArrayEquals(captured, umem.asSlice(OFFSET, captured.length).toArray(Wire.U8));
    }

    /** The forwarding pattern: sum the payload once, patch that sum for per-copy RTP rewrites. */
    @Test
    void rewrittenRtpCopiesUseAnIncrementallyUpdatedPayloadSum() {
        byte[] captured = CapturedFrames.IPV4_RTP_OPUS;
        MemorySegment rx = MemorySegment.ofArray(captured);
        RtpHeader in = new RtpHeader().wrap(rx, 42, captured.length - 42);
        int received = Checksum.sum(rx, 42, captured.length - 42);
        for (int copy = 0; copy < 3; copy++) {
            int seq = 1000 + copy;
            int ssrc = 0x7000_0000 + copy;
            int sum = Checksum.updateSum16(received, in.sequenceNumber(), seq);
            sum = Checksum.updateSum32(sum, in.ssrc(), ssrc);
            int n = UdpFrameWriter.writeIpv6(umem, OFFSET, 1, 2, -1, 3, 4, 5, 6 + copy, 64, 5004, 6000 + copy,
                    in.length(), sum);
            MemorySegment.copy(rx, 42, umem, OFFSET + n, in.length());
            new RtpHeader().wrap(umem, OFFSET + n, in.length()).sequenceNumber(seq).ssrc(ssrc);
            byte[] udp = umem.asSlice(OFFSET + n - 8, 8 + in.length()).toArray(Wire.U8);
            int field = ((udp[6] & 0xFF) << 8) | (udp[7] & 0xFF);
            assertEquals(ReferenceChecksum.udpIpv6(FrameBuilder.long16(3, 4), FrameBuilder.long16(5, 6 + copy), udp),
                    field);
        }
    }

    @Test
    void aComputedZeroChecksumIsSentAsAllOnes() {
        for (int ipVersion : new int[] {4, 6}) {
            byte[] f = write(ipVersion, -1, new byte[2]);
            int l4 = ipVersion == 4 ? 34 : 54;
            int withZeroPayload = ((f[l4 + 6] & 0xFF) << 8) | (f[l4 + 7] & 0xFF);
            // A payload word equal to that checksum brings the total sum to 0xFFFF, i.e. a checksum of 0.
            byte[] f2 = write(ipVersion, -1, new byte[] {(byte) (withZeroPayload >>> 8), (byte) withZeroPayload});
            assertEquals("ffff", hex(f2, l4 + 6, 2), "IPv" + ipVersion);
            byte[] udp = Arrays.copyOfRange(f2, l4, f2.length);
            int reference = ipVersion == 4
                    ? ReferenceChecksum.udpIpv4(FrameBuilder.int4(0xC0A80101), FrameBuilder.int4(0xC0A80202), udp)
                    : ReferenceChecksum.udpIpv6(FrameBuilder.long16(0x2001_0DB8_0000_0001L, 0x10),
                            FrameBuilder.long16(0x2001_0DB8_0000_0002L, 0x20), udp);
            assertEquals(0xFFFF, reference);
        }
    }

    @Test
    void rejectsPayloadsThatCannotFit() {
        assertThrows(IllegalArgumentException.class, () -> UdpFrameWriter.writeIpv4(umem, 0, 0, 0, -1, 0, 0, 64, 1, 2,
                UdpFrameWriter.IPV4_UDP_MAX_PAYLOAD + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> UdpFrameWriter.writeIpv6(umem, 0, 0, 0, -1, 0, 0, 0, 0, 64,
                1, 2, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> UdpFrameWriter.headerLength(5, false));
        assertEquals(42, UdpFrameWriter.headerLength(4, false));
        assertEquals(46, UdpFrameWriter.headerLength(4, true));
        assertEquals(62, UdpFrameWriter.headerLength(6, false));
        assertEquals(66, UdpFrameWriter.headerLength(6, true));
    }

    private static byte[] withoutChecksum(byte[] f, int l3) {
        byte[] c = f.clone();
        c[l3 + 10] = 0;
        c[l3 + 11] = 0;
        return c;
    }

    private static String hex(byte[] b, int from, int length) {
        return java.util.HexFormat.of().formatHex(b, from, from + length);
    }
}
