package io.xsfu.packet;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PacketParserProperties {
    private final ParsedPacket out = new ParsedPacket();

    @Property(tries = 3000)
    boolean neverThrowsOnArbitraryBytes(@ForAll @Size(max = 2000) byte[] bytes) {
        return wellBehaved(bytes, bytes.length);
    }

    /** Random frames mostly fail at the Ethernet type; frames that start right get deeper. */
    @Property(tries = 3000)
    boolean neverThrowsOnAValidPrefixWithArbitraryRest(@ForAll("prefixes") byte[] prefix,
            @ForAll @Size(max = 600) byte[] rest) {
        byte[] f = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, f, prefix.length, rest.length);
        return wellBehaved(f, f.length);
    }

    @Property(tries = 5000)
    boolean neverThrowsOnMutationsOfValidFrames(@ForAll("validFrames") byte[] frame,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 4000) Integer> positions,
            @ForAll @Size(max = 8) List<Byte> values, @ForAll @IntRange(min = 0, max = 2100) int cut) {
        byte[] f = frame.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            f[positions.get(i) % f.length] = values.get(i);
        }
        return wellBehaved(f, Math.min(cut, f.length)) && wellBehaved(f, f.length);
    }

    @Property(tries = 500)
    boolean validFramesParse(@ForAll("validFrames") byte[] frame) {
        return PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, out) == DropReason.OK;
    }

    /** No exception, a reason in this layer's range, and an accepted payload inside the frame. */
    private boolean wellBehaved(byte[] f, int length) {
        int reason = PacketParser.parse(MemorySegment.ofArray(f), 0, length, out);
        if (reason < 0 || reason >= DropReason.PACKET_LAYER_END) {
            return false;
        }
        if (reason == DropReason.OK) {
            return out.payloadLength() > 0 && out.payloadOffset() + out.payloadLength() <= length
                    && out.payloadKind() != PayloadKind.OTHER
                    && out.rtpHeaderLength() <= out.payloadLength();
        }
        return true;
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        Arbitrary<byte[]> captured = Arbitraries.of(CapturedFrames.IPV4_RTP_OPUS, CapturedFrames.IPV6_RTP_VP8,
                CapturedFrames.IPV4_RTCP_SR_SDES, CapturedFrames.IPV4_RTP_PARTIAL_CHECKSUM);
        Arbitrary<byte[]> built = Combinators.combine(Arbitraries.of(4, 6), Arbitraries.of(-1, 0x8100, 0x88A8),
                Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 1400),
                Arbitraries.integers().between(0, 40)).as((ip, tpid, csrcs, payload, padding) -> {
                    byte[] rtp = FrameBuilder.rtp(96, padding % 2 == 0, payload, payload * 90, ip * tpid,
                            new int[csrcs], padding > 20 ? new byte[padding / 4 * 4] : null, payload, padding);
                    FrameBuilder b = ip == 4 ? FrameBuilder.ipv4() : FrameBuilder.ipv6();
                    if (tpid > 0) {
                        b.vlan(tpid, payload & 0xFFF);
                    }
                    return b.payload(rtp).build();
                });
        return Arbitraries.oneOf(captured, built);
    }

    @Provide
    Arbitrary<byte[]> prefixes() {
        return validFrames().flatMap(f -> Arbitraries.integers().between(12, Math.min(f.length, 80))
                .map(n -> Arrays.copyOf(f, n)));
    }
}
