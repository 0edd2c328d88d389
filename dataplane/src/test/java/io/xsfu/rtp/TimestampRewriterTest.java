package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimestampRewriterTest {
    private static final long MS = 1_000_000L;
    private final TimestampRewriter r = new TimestampRewriter(90000);

    @Test
    void theFirstPacketKeepsItsTimestampAndTheEpochKeepsTheSourceSpacing() {
        assertEquals(1000, r.rewrite(1000, 0));
        assertEquals(4000, r.rewrite(4000, 33 * MS));
        assertEquals(4000, r.rewrite(4000, 34 * MS));
        assertEquals(0, r.offset());
    }

    @Test
    void wrapsAroundWithinAnEpoch() {
        assertEquals(0xFFFF_FF00, r.rewrite(0xFFFF_FF00, 0));
        assertEquals(0x100, r.rewrite(0x100, 33 * MS));
        assertEquals(0x100, r.maxOutput());
    }

    @Test
    void syncAdvancesByTheWallClockSinceTheHighestTimestampFirstWentOut() {
        r.rewrite(1000, 0);
        r.rewrite(4000, 33 * MS);
        r.rewrite(4000, 40 * MS); // same frame, later packet: the frame's time is its first packet's
        r.sync(777, 133 * MS);
        assertEquals(4000 + 9000, r.rewrite(777, 133 * MS)); // 100 ms at 90 kHz
        assertEquals(4000 + 9000 + 3000, r.rewrite(3777, 166 * MS));
        assertEquals(4000 + 9000 - 777, r.offset());
        assertEquals(1, r.syncs());
    }

    @Test
    void syncWithoutElapsedTimeStillMovesForward() {
        r.rewrite(5000, 10 * MS);
        r.sync(123, 10 * MS);
        assertEquals(5001, r.rewrite(123, 10 * MS));
        r.sync(9, 5 * MS); // a clock that went backwards: still after
        assertEquals(5002, r.rewrite(9, 5 * MS));
    }

    @Test
    void partialTicksRoundDown() {
        TimestampRewriter audio = new TimestampRewriter(48000);
        audio.rewrite(0, 0);
        audio.sync(1_000_000, 20 * MS + 20_000); // 20.02 ms = 960.96 ticks
        assertEquals(960, audio.rewrite(1_000_000, 20 * MS + 20_000));
    }

    @Test
    void syncAcrossTheWrap() {
        r.rewrite(0xFFFF_FFF0, 0);
        r.sync(42, MS); // 90 ticks
        assertEquals(0x4A, r.rewrite(42, MS));
        assertEquals(0x4A + 10, r.rewrite(52, 2 * MS));
    }

    @Test
    void aVeryLongPauseAdvancesAtMostHalfTheRingMinusAMargin() {
        r.rewrite(0, 0);
        long tenHours = 10L * 3600 * 1000 * MS;
        r.sync(5, tenHours);
        assertEquals((int) TimestampRewriter.MAX_ADVANCE_TICKS, r.rewrite(5, tenHours));
    }

    @Test
    void aLatePacketDoesNotMoveTheHighestTimestamp() {
        r.rewrite(6000, 0);
        r.rewrite(3000, 10 * MS); // late
        r.sync(0, 100 * MS);
        assertEquals(6000 + 9000, r.rewrite(0, 100 * MS));
    }

    @Test
    void syncBeforeTheFirstPacketKeepsItsTimestamp() {
        r.sync(12345, 0);
        assertEquals(12345, r.rewrite(12345, 0));
        assertEquals(0, r.syncs());
    }

    @Test
    void clockRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TimestampRewriter(0));
    }

    @Test
    void syncWithAKnownOffsetKeepsTheTimelineUnlessThatWouldGoBack() {
        TimestampRewriter r = new TimestampRewriter(90_000);
        assertEquals(1000, r.rewrite(1000, 0));
        assertEquals(4000, r.rewrite(4000, 33_000_000L));
        r.sync(50_000, -43_000, 66_000_000L); // the same clock, 43,000 ticks ahead: 50,000 is 7,000 here
        assertEquals(7000, r.rewrite(50_000, 66_000_000L));
        r.sync(100, 6900, 70_000_000L); // would be 7,000 again: one tick after it instead
        assertEquals(7001, r.rewrite(100, 70_000_000L));
        assertEquals(10_001, r.rewrite(3100, 100_000_000L));
        assertEquals(2, r.syncs());
    }
}
