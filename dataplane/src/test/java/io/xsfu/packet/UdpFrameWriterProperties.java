package io.xsfu.packet;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class UdpFrameWriterProperties {
    private final ParsedPacket parsed = new ParsedPacket();

    /** Any addresses, ports, TTL, tag and payload: the parser reads back what was written, checksums verify. */
    @Property(tries = 1000)
    boolean writtenFramesParseBackWithValidChecksums(@ForAll boolean ipv6, @ForAll @IntRange(min = -1, max = 0xFFFF) int tci,
            @ForAll int src4, @ForAll int dst4, @ForAll long srcHi, @ForAll long srcLo, @ForAll long dstHi,
            @ForAll long dstLo, @ForAll @IntRange(min = 1, max = 255) int ttl,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int srcPort, @ForAll @IntRange(min = 0, max = 0xFFFF) int dstPort,
            @ForAll @Size(max = 1400) byte[] body, @ForAll @IntRange(min = 0, max = 64) int offset) {
        byte[] payload = new byte[1 + body.length];
        payload[0] = 0; // STUN by its first byte: any bytes may follow
        System.arraycopy(body, 0, payload, 1, body.length);
        MemorySegment p = MemorySegment.ofArray(payload);
        int payloadSum = Checksum.sum(p, 0, payload.length);
        byte[] frame = new byte[offset + 66 + payload.length];
        MemorySegment f = MemorySegment.ofArray(frame);
        long dstMac = 0x0000_1234_5678_9ABCL;
        long srcMac = 0x0000_FEDC_BA98_7654L;
        int n = ipv6
                ? UdpFrameWriter.writeIpv6(f, offset, dstMac, srcMac, tci, srcHi, srcLo, dstHi, dstLo, ttl, srcPort,
                        dstPort, payload.length, payloadSum)
                : UdpFrameWriter.writeIpv4(f, offset, dstMac, srcMac, tci, src4, dst4, ttl, srcPort, dstPort,
                        payload.length, payloadSum);
        MemorySegment.copy(p, 0, f, offset + n, payload.length);
        int length = n + payload.length;
        if (PacketParser.parse(f, offset, length, parsed) != DropReason.OK) {
            return false;
        }
        boolean fields = parsed.dstMac() == dstMac && parsed.srcMac() == srcMac && parsed.vlanTci() == tci
                && parsed.ttl() == ttl && parsed.srcPort() == srcPort && parsed.dstPort() == dstPort
                && parsed.payloadOffset() == offset + n && parsed.payloadLength() == payload.length
                && (ipv6 ? parsed.ipv6SrcHi() == srcHi && parsed.ipv6SrcLo() == srcLo && parsed.ipv6DstHi() == dstHi
                        && parsed.ipv6DstLo() == dstLo : parsed.ipv4Src() == src4 && parsed.ipv4Dst() == dst4);
        byte[] udp = Arrays.copyOfRange(frame, (int) parsed.l4Offset(), offset + length);
        int expected = ipv6 ? ReferenceChecksum.udpIpv6(FrameBuilder.long16(srcHi, srcLo), FrameBuilder.long16(dstHi, dstLo), udp)
                : ReferenceChecksum.udpIpv4(FrameBuilder.int4(src4), FrameBuilder.int4(dst4), udp);
        return fields && parsed.udpChecksum() == expected;
    }
}
