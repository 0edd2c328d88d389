package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The socket backend's entry: same payload checks, addresses from the kernel. */
class PacketParserDatagramTest {
    private final ParsedPacket out = new ParsedPacket();

    private static MemorySegment rtp(int firstByte, int length) {
        byte[] b = new byte[Math.max(length, 12)];
        b[0] = (byte) firstByte;
        b[1] = 96;
        b[8] = 0x11;
        return MemorySegment.ofArray(b);
    }

    @Test
    void validRtpKeepsTheKernelsAddressesAndTheWholeBufferAsPayload() {
        MemorySegment s = rtp(0x80, 172);
        assertEquals(DropReason.OK, PacketParser.parseDatagram(s, 0, 172, 4, 0x0a000002, 0, 0, 5004, 40000, out));
        assertEquals(PayloadKind.RTP, out.payloadKind());
        assertEquals(0x0a000002, out.ipv4Src());
        assertEquals(5004, out.srcPort());
        assertEquals(40000, out.dstPort());
        assertEquals(0, out.payloadOffset());
        assertEquals(172, out.payloadLength());
        assertEquals(12, out.rtpHeaderLength());
    }

    @Test
    void ipv6SourceIsKept() {
        MemorySegment s = rtp(0x80, 40);
        assertEquals(DropReason.OK, PacketParser.parseDatagram(s, 0, 40, 6, 0, 0xfd00L << 48, 2, 5004, 40000, out));
        assertEquals(6, out.ipVersion());
        assertEquals(0xfd00L << 48, out.ipv6SrcHi());
        assertEquals(2, out.ipv6SrcLo());
    }

    @Test
    void badPayloadsGetTheSameReasonsAsFromAFrame() {
        assertEquals(DropReason.UDP_EMPTY, PacketParser.parseDatagram(rtp(0x80, 8), 0, 0, 4, 1, 0, 0, 1, 2, out));
        assertEquals(DropReason.NOT_MEDIA, PacketParser.parseDatagram(rtp(0x41, 64), 0, 64, 4, 1, 0, 0, 1, 2, out));
        assertEquals(DropReason.RTP_TRUNCATED, PacketParser.parseDatagram(rtp(0x80, 8), 0, 8, 4, 1, 0, 0, 1, 2, out));
        // CSRC count 15 needs 72 header bytes.
        assertEquals(DropReason.RTP_BAD_HEADER, PacketParser.parseDatagram(rtp(0x8f, 40), 0, 40, 4, 1, 0, 0, 1, 2, out));
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, PacketParser.parseDatagram(rtp(0x80, 40), 30, 40, 4, 1, 0, 0, 1, 2, out));
    }

    @Test
    void rtxIsUnwrappedInPlaceIntoTheOriginalPacket() {
        // RTX: PT 97, seq 7, ts 0x1000, SSRC 0x2222; payload = OSN 0x1234, then the original payload.
        byte[] b = java.util.HexFormat.of().parseHex("80e1000700001000000022221234" + "a1a2a3a4");
        MemorySegment s = MemorySegment.ofArray(b);
        assertEquals(DropReason.OK, PacketParser.parseDatagram(s, 0, b.length, 4, 1, 0, 0, 5000, 40000, out));
        assertEquals(true, PacketParser.unwrapRtx(out, 0x1111, 96));
        assertEquals(2, out.payloadOffset());
        assertEquals(16, out.payloadLength());
        RtpHeader h = new RtpHeader().wrap(s, out.payloadOffset(), out.payloadLength());
        assertEquals(96, h.payloadType());
        assertEquals(true, h.marker(), "marker kept");
        assertEquals(0x1234, h.sequenceNumber());
        assertEquals(0x1000, h.timestamp());
        assertEquals(0x1111, h.ssrc());
        assertEquals(0xa1, b[14] & 0xff, "original payload follows the header");
        assertEquals(0, h.validate());
    }

    @Test
    void rtxWithoutRoomForTheOriginalSequenceNumberIsLeftAlone() {
        byte[] b = java.util.HexFormat.of().parseHex("806100070000100000002222" + "12");
        byte[] copy = b.clone();
        MemorySegment s = MemorySegment.ofArray(b);
        assertEquals(DropReason.OK, PacketParser.parseDatagram(s, 0, b.length, 4, 1, 0, 0, 5000, 40000, out));
        assertEquals(false, PacketParser.unwrapRtx(out, 0x1111, 96));
        org.junit.jupiter.api.Assertions.assertArrayEquals(copy, b);
    }
}
