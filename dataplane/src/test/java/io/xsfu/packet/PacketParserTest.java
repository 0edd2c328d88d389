package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class PacketParserTest {
    private final ParsedPacket out = new ParsedPacket();

    private int parse(byte[] frame) {
        return PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, out);
    }

    private static String name(int reason) {
        return DropReason.name(reason);
    }

    private void assertReason(int expected, byte[] frame) {
        assertEquals(name(expected), name(parse(frame)));
    }

    @Test
    void capturedIpv4RtpFrame() {
        byte[] f = CapturedFrames.IPV4_RTP_OPUS;
        assertEquals(DropReason.OK, parse(f));
        assertEquals(CapturedFrames.MAC_B, out.dstMac());
        assertEquals(CapturedFrames.MAC_A, out.srcMac());
        assertEquals(-1, out.vlanTci());
        assertEquals(0x0800, out.etherType());
        assertEquals(4, out.ipVersion());
        assertEquals(14, out.l3Offset());
        assertEquals(64, out.ttl());
        assertEquals(CapturedFrames.IPV4_A, out.ipv4Src());
        assertEquals(CapturedFrames.IPV4_B, out.ipv4Dst());
        assertEquals(34, out.l4Offset());
        assertEquals(53855, out.srcPort());
        assertEquals(5004, out.dstPort());
        assertEquals(42, out.payloadOffset());
        assertEquals(265, out.payloadLength());
        assertEquals(PayloadKind.RTP, out.payloadKind());
        assertEquals(12, out.rtpHeaderLength());

        RtpHeader rtp = new RtpHeader().wrap(out.segment(), out.payloadOffset(), out.payloadLength());
        assertEquals(111, rtp.payloadType());
        assertTrue(rtp.marker());
        assertEquals(22494, rtp.sequenceNumber());
        assertEquals(3470367609L, Integer.toUnsignedLong(rtp.timestamp()));
        assertEquals(1111, rtp.ssrc());
        assertEquals(253, rtp.payloadLength());
    }

    @Test
    void capturedIpv6RtpFrame() {
        assertEquals(DropReason.OK, parse(CapturedFrames.IPV6_RTP_VP8));
        assertEquals(6, out.ipVersion());
        assertEquals(0x86DD, out.etherType());
        assertEquals(64, out.ttl());
        assertEquals(CapturedFrames.IPV6_HI, out.ipv6SrcHi());
        assertEquals(CapturedFrames.IPV6_A_LO, out.ipv6SrcLo());
        assertEquals(CapturedFrames.IPV6_HI, out.ipv6DstHi());
        assertEquals(CapturedFrames.IPV6_B_LO, out.ipv6DstLo());
        assertEquals(44192, out.srcPort());
        assertEquals(5006, out.dstPort());
        assertEquals(54 + 8, out.payloadOffset());
        assertEquals(191, out.payloadLength());
        RtpHeader rtp = new RtpHeader().wrap(out.segment(), out.payloadOffset(), out.payloadLength());
        assertEquals(96, rtp.payloadType());
        assertEquals(30704, rtp.sequenceNumber());
        assertEquals(2197546844L, Integer.toUnsignedLong(rtp.timestamp()));
        assertEquals(3333, rtp.ssrc());
    }

    @Test
    void capturedRtcpFrame() {
        assertEquals(DropReason.OK, parse(CapturedFrames.IPV4_RTCP_SR_SDES));
        assertEquals(PayloadKind.RTCP, out.payloadKind());
        assertEquals(50994, out.srcPort());
        assertEquals(5005, out.dstPort());
        assertEquals(80, out.payloadLength());
        assertEquals(0, out.rtpHeaderLength());
    }

    @Test
    void acceptsTheVethPartialChecksumItDoesNotVerify() {
        assertEquals(DropReason.OK, parse(CapturedFrames.IPV4_RTP_PARTIAL_CHECKSUM));
        assertEquals(0x15BF, out.udpChecksum());
    }

    @Test
    void parsesAtAnOffsetInANativeSegment() {
        byte[] f = CapturedFrames.IPV6_RTP_VP8;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment umem = arena.allocate(4096 * 3);
            MemorySegment.copy(MemorySegment.ofArray(f), 0, umem, 4096 + 256, f.length);
            assertEquals(DropReason.OK, PacketParser.parse(umem, 4096 + 256, f.length, out));
            assertEquals(4096 + 256 + 54 + 8, out.payloadOffset());
            assertEquals(3333, Wire.i32(umem, out.payloadOffset() + RtpHeader.SSRC_OFFSET));
        }
    }

    @Test
    void vlanTagsOfBothKindsAreSkippedAndRecorded() {
        for (int tpid : new int[] {0x8100, 0x88A8}) {
            assertEquals(DropReason.OK, parse(FrameBuilder.ipv4().vlan(tpid, 0x2064).build()));
            assertEquals(0x2064, out.vlanTci());
            assertEquals(0x0800, out.etherType());
            assertEquals(18, out.l3Offset());
            assertEquals(18 + 20 + 8, out.payloadOffset());
            assertEquals(DropReason.OK, parse(FrameBuilder.ipv6().vlan(tpid, 7).build()));
            assertEquals(7, out.vlanTci());
            assertEquals(18 + 40 + 8, out.payloadOffset());
        }
    }

    @Test
    void ethernetPaddingAfterTheDatagramIsIgnored() {
        FrameBuilder b = FrameBuilder.ipv4().payload(new byte[] {0x00, 0x01, 0x00, 0x00});
        b.ethernetPadding = 60 - (14 + 20 + 8 + 4);
        byte[] f = b.build();
        assertEquals(60, f.length);
        assertEquals(DropReason.OK, parse(f));
        assertEquals(PayloadKind.STUN, out.payloadKind());
        assertEquals(4, out.payloadLength());
    }

    @Test
    void stunAndDtlsAreMedia() {
        assertEquals(DropReason.OK, parse(FrameBuilder.ipv4().payload(new byte[20]).build()));
        assertEquals(PayloadKind.STUN, out.payloadKind());
        assertEquals(DropReason.OK, parse(FrameBuilder.ipv6().payload(new byte[] {22, (byte) 0xFE, (byte) 0xFD}).build()));
        assertEquals(PayloadKind.DTLS, out.payloadKind());
    }

    @Test
    void rtpWithCsrcsExtensionAndPaddingIsAccepted() {
        byte[] rtp = FrameBuilder.rtp(100, true, 7, 9, 11, new int[] {1, 2}, new byte[8], 30, 5);
        assertEquals(DropReason.OK, parse(FrameBuilder.ipv4().payload(rtp).build()));
        assertEquals(12 + 8 + 4 + 8, out.rtpHeaderLength());
        // Padding-only packets (bandwidth probes) are legal: the count may cover everything after the header.
        byte[] probe = FrameBuilder.rtp(100, false, 8, 9, 11, new int[0], null, 0, 224);
        assertEquals(DropReason.OK, parse(FrameBuilder.ipv4().payload(probe).build()));
    }

    @Test
    void srtpModeSkipsOnlyThePaddingCheck() {
        byte[] rtp = FrameBuilder.rtp(96, 1, 1, 1, 20);
        rtp[0] |= 0x20;
        rtp[rtp.length - 1] = 0;
        byte[] f = FrameBuilder.ipv4().payload(rtp).build();
        assertEquals(DropReason.RTP_BAD_PADDING, parse(f));
        assertEquals(DropReason.OK, PacketParser.parse(MemorySegment.ofArray(f), 0, f.length, out, false));
        rtp[0] |= 15;
        f = FrameBuilder.ipv4().payload(rtp).build();
        assertEquals(DropReason.RTP_BAD_HEADER, PacketParser.parse(MemorySegment.ofArray(f), 0, f.length, out, false));
    }

    @Test
    void aDropResetsTheLayersItDidNotReach() {
        assertEquals(DropReason.OK, parse(CapturedFrames.IPV6_RTP_VP8));
        FrameBuilder b = FrameBuilder.ipv4();
        b.protocol = 6;
        assertEquals(DropReason.IPV4_NOT_UDP, parse(b.build()));
        assertEquals(4, out.ipVersion());
        assertEquals(CapturedFrames.IPV4_A, out.ipv4Src());
        assertEquals(0, out.ipv6SrcHi());
        assertEquals(0, out.srcPort());
        assertEquals(0, out.payloadLength());
        assertEquals(PayloadKind.OTHER, out.payloadKind());
    }

    /** One crafted frame per reason; the table must cover every packet-layer reason. */
    @Test
    void everyDropReasonHasAFrameThatProvokesExactlyIt() {
        Map<Integer, IntSupplier> cases = new LinkedHashMap<>();
        cases.put(DropReason.FRAME_OUT_OF_BOUNDS, () -> {
            byte[] f = CapturedFrames.IPV4_RTP_OPUS;
            return PacketParser.parse(MemorySegment.ofArray(f), 10, f.length, out);
        });
        cases.put(DropReason.ETH_TRUNCATED, () -> parse(Arrays.copyOf(CapturedFrames.IPV4_RTP_OPUS, 13)));
        cases.put(DropReason.ETH_UNSUPPORTED_ETHERTYPE, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.etherType = 0x0806;
            return parse(b.build());
        });
        cases.put(DropReason.VLAN_TRUNCATED, () -> parse(Arrays.copyOf(FrameBuilder.ipv4().vlan(0x8100, 1).build(), 17)));
        cases.put(DropReason.IPV4_TRUNCATED, () -> parse(Arrays.copyOf(CapturedFrames.IPV4_RTP_OPUS, 14 + 19)));
        cases.put(DropReason.IPV4_BAD_VERSION, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.ipVersionField = 6;
            return parse(b.build());
        });
        cases.put(DropReason.IPV4_BAD_IHL, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.ihlOverride = 4;
            return parse(b.build());
        });
        cases.put(DropReason.IPV4_OPTIONS, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.ipv4Options = new byte[] {(byte) 0x94, 4, 0, 0}; // Router Alert, correctly checksummed
            return parse(b.build());
        });
        cases.put(DropReason.IPV4_BAD_CHECKSUM, () -> {
            byte[] f = CapturedFrames.IPV4_RTP_OPUS.clone();
            f[14 + 11] ^= 1;
            return parse(f);
        });
        cases.put(DropReason.IPV4_BAD_TOTAL_LENGTH, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.totalLengthOverride = 20 + 8 + 32 + 1;
            return parse(b.build());
        });
        cases.put(DropReason.IPV4_FRAGMENT, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.flagsFragment = Ipv4Header.FLAG_MORE_FRAGMENTS;
            return parse(b.build());
        });
        cases.put(DropReason.IPV4_NOT_UDP, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.protocol = 6;
            return parse(b.build());
        });
        cases.put(DropReason.IPV6_TRUNCATED, () -> parse(Arrays.copyOf(CapturedFrames.IPV6_RTP_VP8, 14 + 39)));
        cases.put(DropReason.IPV6_BAD_VERSION, () -> {
            FrameBuilder b = FrameBuilder.ipv6();
            b.ipVersionField = 4;
            return parse(b.build());
        });
        cases.put(DropReason.IPV6_BAD_PAYLOAD_LENGTH, () -> {
            FrameBuilder b = FrameBuilder.ipv6();
            b.ipv6PayloadLengthOverride = 8 + 32 + 1;
            return parse(b.build());
        });
        cases.put(DropReason.IPV6_NOT_UDP, () -> {
            FrameBuilder b = FrameBuilder.ipv6();
            b.protocol = 0; // hop-by-hop options extension header
            return parse(b.build());
        });
        cases.put(DropReason.IP_TTL_ZERO, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.ttl = 0;
            return parse(b.build());
        });
        cases.put(DropReason.UDP_TRUNCATED, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.totalLengthOverride = 20 + 7;
            return parse(b.build());
        });
        cases.put(DropReason.UDP_BAD_LENGTH, () -> {
            FrameBuilder b = FrameBuilder.ipv4();
            b.udpLengthOverride = 8 + 32 - 1;
            return parse(b.build());
        });
        cases.put(DropReason.UDP_ZERO_CHECKSUM_IPV6, () -> {
            FrameBuilder b = FrameBuilder.ipv6();
            b.udpChecksumOverride = 0;
            return parse(b.build());
        });
        cases.put(DropReason.UDP_EMPTY, () -> parse(FrameBuilder.ipv4().payload(new byte[0]).build()));
        cases.put(DropReason.NOT_MEDIA, () -> parse(FrameBuilder.ipv4().payload("GET / HTTP/1.1".getBytes()).build()));
        cases.put(DropReason.RTP_TRUNCATED, () -> parse(FrameBuilder.ipv4()
                .payload(Arrays.copyOf(FrameBuilder.rtp(96, 1, 1, 1, 0), 11)).build()));
        // The 128..191 first byte that makes a payload RTP already means version 2, so the parser reports
        // version 0, 1 or 3 as NOT_MEDIA; the flyweight's own validate() is where this reason comes from.
        cases.put(DropReason.RTP_BAD_VERSION, () -> {
            byte[] rtp = FrameBuilder.rtp(96, 1, 1, 1, 8);
            rtp[0] = 0x40;
            assertReason(DropReason.NOT_MEDIA, FrameBuilder.ipv4().payload(rtp).build());
            return new RtpHeader().wrap(MemorySegment.ofArray(rtp), 0, rtp.length).validate();
        });
        cases.put(DropReason.RTP_BAD_HEADER, () -> {
            byte[] rtp = FrameBuilder.rtp(96, false, 1, 1, 1, new int[] {1, 2, 3}, null, 0, 0);
            rtp[0] = (byte) 0x84; // claims 4 CSRCs, carries 3
            return parse(FrameBuilder.ipv4().payload(rtp).build());
        });
        cases.put(DropReason.RTP_BAD_PADDING, () -> {
            byte[] rtp = FrameBuilder.rtp(96, false, 1, 1, 1, new int[0], null, 10, 4);
            rtp[rtp.length - 1] = 15; // more than the 14 bytes after the header
            return parse(FrameBuilder.ipv4().payload(rtp).build());
        });
        cases.put(DropReason.RTCP_TRUNCATED, () -> parse(FrameBuilder.ipv4()
                .payload(CapturedFrames.hex("80c90001")).build()));
        cases.put(DropReason.RTCP_BAD_VERSION, () -> {
            byte[] rtcp = CapturedFrames.hex("40c9000100000001");
            assertReason(DropReason.NOT_MEDIA, FrameBuilder.ipv4().payload(rtcp).build());
            return new RtcpHeader().wrap(MemorySegment.ofArray(rtcp), 0, rtcp.length).validate();
        });
        cases.put(DropReason.RTCP_BAD_LENGTH, () -> parse(FrameBuilder.ipv4()
                .payload(CapturedFrames.hex("80c9000200000001")).build()));

        for (int reason = 1; reason < DropReason.PACKET_LAYER_END; reason++) {
            IntSupplier c = cases.get(reason);
            assertTrue(c != null, "no test frame for " + name(reason));
            assertEquals(name(reason), name(c.getAsInt()));
        }
        assertEquals(DropReason.PACKET_LAYER_END, DropReason.NAMES.length);
    }

    @Test
    void variantsOfTheSameReasons() {
        FrameBuilder b = FrameBuilder.ipv4();
        b.vlanTpid = 0x8100;
        b.etherType = 0x8100; // a second tag
        assertReason(DropReason.ETH_UNSUPPORTED_ETHERTYPE, b.build());
        b = FrameBuilder.ipv4();
        b.etherType = 46; // an 802.3 length field
        assertReason(DropReason.ETH_UNSUPPORTED_ETHERTYPE, b.build());

        b = FrameBuilder.ipv4();
        b.totalLengthOverride = 19;
        assertReason(DropReason.IPV4_BAD_TOTAL_LENGTH, b.build());
        b = FrameBuilder.ipv4();
        b.flagsFragment = 185; // a later fragment: offset 1480, MF clear
        assertReason(DropReason.IPV4_FRAGMENT, b.build());
        b = FrameBuilder.ipv4();
        b.flagsFragment = 0; // DF clear alone is not a fragment
        assertReason(DropReason.OK, b.build());

        b = FrameBuilder.ipv6();
        b.protocol = 44; // fragment header
        assertReason(DropReason.IPV6_NOT_UDP, b.build());
        b = FrameBuilder.ipv6();
        b.ttl = 0;
        assertReason(DropReason.IP_TTL_ZERO, b.build());
        b = FrameBuilder.ipv6();
        b.ipv6PayloadLengthOverride = 7;
        assertReason(DropReason.UDP_TRUNCATED, b.build());
        b = FrameBuilder.ipv6();
        b.ipv6PayloadLengthOverride = 8 + 32 - 2;
        assertReason(DropReason.UDP_BAD_LENGTH, b.build());
        b = FrameBuilder.ipv4();
        b.udpLengthOverride = 8 + 32 + 1;
        assertReason(DropReason.UDP_BAD_LENGTH, b.build());

        assertReason(DropReason.NOT_MEDIA, FrameBuilder.ipv4().payload(new byte[] {16, 0, 0, 0}).build()); // ZRTP
        assertReason(DropReason.NOT_MEDIA, FrameBuilder.ipv4().payload(new byte[] {64, 0, 0, 0}).build()); // TURN
        assertReason(DropReason.RTP_TRUNCATED, FrameBuilder.ipv4().payload(new byte[] {(byte) 0x80}).build());

        byte[] ext = FrameBuilder.rtp(96, false, 1, 1, 1, new int[0], new byte[8], 0, 0);
        ext[15] = 3; // extension length 3 words, only 2 present
        assertReason(DropReason.RTP_BAD_HEADER, FrameBuilder.ipv4().payload(ext).build());
        byte[] noRoom = FrameBuilder.rtp(96, 1, 1, 1, 2);
        noRoom[0] |= 0x10; // X set, 2 bytes where the 4-byte extension header should be
        assertReason(DropReason.RTP_BAD_HEADER, FrameBuilder.ipv4().payload(noRoom).build());
    }
}
