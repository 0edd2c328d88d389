package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class RembTest {
    /**
     * draft-alvestrand-rmcat-remb-03 §2.2 by hand: FMT 15, PT 206, length 6 (28 bytes), sender 0x11111111,
     * media 0, 'REMB', 2 SSRCs, exponent 2 and mantissa 250000 (0x3d090): 1 Mbit/s; SSRCs 0x22222222, 0x33333333.
     * The exponent/mantissa octets: 000010|11 11010000 10010000.
     */
    static final String RFC_REMB = "8fce0006 11111111 00000000 52454d42 020bd090 22222222 33333333";

    private final Remb remb = new Remb();

    @Test
    void readsTheDraftLayout() {
        MemorySegment s = segment(RFC_REMB);
        assertEquals(DropReason.OK, Remb.validate(s, 0, 28));
        assertEquals(RtcpKind.REMB, RtcpCompound.classify(s, 0, 28));
        remb.wrap(s, 0, 28);
        assertEquals(Feedback.FMT_AFB, remb.fmt());
        assertEquals(0x11111111, remb.senderSsrc());
        assertEquals(0, remb.mediaSsrc());
        assertEquals(2, remb.ssrcCount());
        assertEquals(2, remb.exponent());
        assertEquals(250_000, remb.mantissa());
        assertEquals(1_000_000, remb.bitrate());
        assertEquals(0x33333333, remb.ssrc(1));
    }

    @Test
    void writerBuildsTheDraftLayout() {
        MemorySegment out = MemorySegment.ofArray(new byte[28]);
        assertEquals(28, new RtcpWriter().wrap(out, 0, 28).remb(0x11111111, 1_000_000,
                new int[] {0x22222222, 0x33333333}, 2));
        assertEquals(hex(RFC_REMB), hex(out, 0, 28));
    }

    @Test
    void encodingRoundsDownToEighteenBitsOfMantissa() {
        assertEquals(0, roundTrip(0));
        assertEquals(262_143, roundTrip(262_143));
        // 262144 needs exponent 1; 262145 loses its last bit.
        assertEquals(262_144, roundTrip(262_144));
        assertEquals(262_144, roundTrip(262_145));
        assertEquals(1_000_000, roundTrip(1_000_001));
        long big = 123_456_789_012L;
        long got = roundTrip(big);
        assertEquals(true, got <= big && big - got < (1L << 19), got + " for " + big);
        assertEquals((Long.MAX_VALUE >>> 45) << 45, roundTrip(Long.MAX_VALUE));
    }

    @Test
    void decodingSaturatesWhereALongOverflows() {
        // Exponent 45 and a full mantissa still fit; exponent 46 does not.
        assertEquals(0x3FFFFL << 45, remb.wrap(segment("8fce0004 00000001 00000000 52454d42 00b7ffff"), 0, 20)
                .bitrate());
        assertEquals(Long.MAX_VALUE, remb.wrap(segment("8fce0004 00000001 00000000 52454d42 00bbffff"), 0, 20)
                .bitrate());
        assertEquals(Long.MAX_VALUE, remb.wrap(segment("8fce0004 00000001 00000000 52454d42 00ffffff"), 0, 20)
                .bitrate());
        assertEquals(0, remb.wrap(segment("8fce0004 00000001 00000000 52454d42 00fc0000"), 0, 20).bitrate());
    }

    @Test
    void rewritesTheBitrateAndSsrcsInPlace() {
        MemorySegment s = segment(RFC_REMB);
        remb.wrap(s, 0, 28).bitrate(300_000).ssrc(0, 0x44444444);
        // 300000 = 150000 << 1 = 0x249f0 << 1.
        assertEquals(hex("8fce0006 11111111 00000000 52454d42 0206 49f0 44444444 33333333"), hex(s, 0, 28));
        assertEquals(300_000, remb.bitrate());
    }

    @Test
    void validateAndClassification() {
        assertEquals(RtcpDrop.REMB_MALFORMED, Remb.validate(segment(RFC_REMB), 0, 24));
        assertEquals(RtcpDrop.REMB_MALFORMED, Remb.validate(segment(RFC_REMB), 0, 19));
        assertEquals(DropReason.OK, Remb.validate(segment("8fce0004 00000001 00000000 52454d42 000186a0"), 0, 20));
        // Application layer feedback with another identifier is not a REMB.
        MemorySegment afb = segment("8fce0004 00000001 00000000 52454d43 00000000");
        assertEquals(RtcpKind.UNKNOWN, RtcpCompound.classify(afb, 0, 20));
        MemorySegment out = MemorySegment.ofArray(new byte[28]);
        assertEquals(RtcpWriter.INVALID, new RtcpWriter().wrap(out, 0, 28).remb(1, -1, new int[0], 0));
        assertEquals(RtcpWriter.INVALID, new RtcpWriter().wrap(out, 0, 28).remb(1, 1, new int[256], 256));
    }

    private static long roundTrip(long bitrate) {
        MemorySegment out = MemorySegment.ofArray(new byte[20]);
        int n = new RtcpWriter().wrap(out, 0, 20).remb(1, bitrate, new int[0], 0);
        return new Remb().wrap(out, 0, n).bitrate();
    }
}
