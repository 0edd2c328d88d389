package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RtpIndexTest {
    @Test
    void earlyInAStreamTheRolloverCounterIsZero() {
        assertEquals(65535, RtpIndex.estimate(0, 65535));
        assertEquals(65500, RtpIndex.estimate(5, 65500), "libsrtp: not rollover -1");
        assertEquals(3, RtpIndex.estimate(0x8000, 3));
    }

    @Test
    void wrapsForwardAndBack() {
        assertEquals(0x10000, RtpIndex.estimate(65535, 0));
        assertEquals(0x10000 + 100, RtpIndex.estimate(65000, 100));
        assertEquals(65530, RtpIndex.estimate(0x10000 + 3, 65530), "late, from before the wrap");
        assertEquals(0x20000 + 40000, RtpIndex.estimate(0x20000 + 8000, 40000), "ahead by 32000, same counter");
        assertEquals(0x10000 + 50000, RtpIndex.estimate(0x20000 + 8000, 50000), "behind by 23536 across the wrap");
        assertEquals(0x30000 + 1, RtpIndex.estimate(0x20000 + 40000, 1));
    }

    /** Past the first half window, the guess is the index with this sequence number nearest the highest one. */
    @Property(tries = 5000)
    void theGuessIsWithinHalfTheSequenceSpace(@ForAll @LongRange(min = 0x8001, max = 0xFFFF_FFFFFFFFL) long highest,
            @ForAll @IntRange(min = 0, max = 65535) int seq) {
        long guess = RtpIndex.estimate(highest, seq);
        assertEquals(seq, guess & 0xFFFF);
        long distance = guess - highest;
        assertTrue(distance >= -0x8000 && distance <= 0x8000, highest + " " + seq + " -> " + guess);
    }
}
