package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private static final long MS = 1_000_000L;
    /** At most 10 missing, 3 NACKs each, 5 ms reorder delay, 1 s max age; RTT 50 ms. */
    private final NackGenerator g = new NackGenerator(10, 3, 5 * MS, 1000 * MS);
    private final int[] out = new int[64];

    NackGeneratorTest() {
        g.rtt(50 * MS);
    }

    private int[] collect(long now) {
        return Arrays.copyOf(out, g.collect(now, out));
    }

    private void receive(long now, int... seqs) {
        for (int s : seqs) {
            g.receive(s, false, now);
        }
    }

    @Test
    void noLossNoNacks() {
        receive(0, 1, 2, 3, 4);
        assertEquals(0, g.missingCount());
        assertArrayEquals(new int[0], collect(100 * MS));
    }

    @Test
    void aGapIsNackedAfterTheReorderDelayThenEveryRttUpToTheRetryLimit() {
        assertEquals(NackGenerator.NEW, g.receive(1, false, 0));
        receive(0, 2, 5);
        assertEquals(2, g.missingCount());
        assertTrue(g.isMissing(3));
        assertFalse(g.isMissing(5));
        assertArrayEquals(new int[0], collect(4 * MS));
        assertArrayEquals(new int[] {3, 4}, collect(5 * MS));
        assertArrayEquals(new int[0], collect(54 * MS));
        assertArrayEquals(new int[] {3, 4}, collect(55 * MS));
        assertEquals(NackGenerator.RECOVERED, g.receive(3, false, 60 * MS));
        assertTrue(g.lastRecoveredWasNacked());
        assertArrayEquals(new int[] {4}, collect(105 * MS)); // third and last try
        assertArrayEquals(new int[0], collect(500 * MS));
        assertEquals(1, g.gaveUpRetries());
        assertEquals(5, g.nacksSent());
        assertEquals(1, g.recovered());
        assertEquals(0, g.missingCount());
        assertEquals(NackGenerator.IGNORED, g.receive(4, false, 510 * MS)); // given up: nothing to recover
    }

    @Test
    void aReorderedPacketWithinTheDelayIsNeverNacked() {
        receive(0, 1, 3);
        assertEquals(NackGenerator.RECOVERED, g.receive(2, false, 2 * MS));
        assertFalse(g.lastRecoveredWasNacked());
        assertArrayEquals(new int[0], collect(10 * MS));
    }

    @Test
    void gapsAcrossTheWrap() {
        receive(0, 65534, 1);
        assertArrayEquals(new int[] {65535, 0}, collect(5 * MS));
    }

    @Test
    void entriesOlderThanTheMaxAgeAreGivenUp() {
        g.rtt(2000 * MS);
        receive(0, 1, 3);
        assertArrayEquals(new int[] {2}, collect(5 * MS));
        assertArrayEquals(new int[0], collect(1000 * MS + 1));
        assertEquals(1, g.gaveUpAge());
        assertEquals(0, g.missingCount());
    }

    @Test
    void entriesAtTheMaxAgeAreStillNacked() {
        receive(0, 1, 3);
        assertArrayEquals(new int[] {2}, collect(1000 * MS));
    }

    @Test
    void retriesNeverComeFasterThanTheMinimumInterval() {
        g.rtt(1);
        receive(0, 1, 3);
        assertArrayEquals(new int[] {2}, collect(5 * MS));
        assertArrayEquals(new int[0], collect(5 * MS + NackGenerator.MIN_RETRY_INTERVAL_NANOS - 1));
        assertArrayEquals(new int[] {2}, collect(5 * MS + NackGenerator.MIN_RETRY_INTERVAL_NANOS));
    }

    @Test
    void aGapBeyondTheLimitIsGivenUpForAKeyFrame() {
        receive(0, 1, 13); // 11 missing > 10
        assertEquals(0, g.missingCount());
        assertEquals(1, g.overflows());
        assertTrue(g.takeKeyFrameRequest());
        assertFalse(g.takeKeyFrameRequest());
        assertArrayEquals(new int[0], collect(10 * MS));
        receive(10 * MS, 15);
        assertArrayEquals(new int[] {14}, collect(20 * MS));
    }

    @Test
    void entriesBeforeTheLastKeyFrameMakeRoomFirst() {
        receive(0, 1, 8); // 2..7 missing
        g.receive(10, true, 0); // 9 missing, keyframe starts at 10
        receive(0, 16); // 11..15 would make 12 > 10: the 7 before the keyframe go
        assertEquals(5, g.missingCount());
        assertEquals(7, g.droppedBeforeKeyFrame());
        assertFalse(g.takeKeyFrameRequest());
        assertArrayEquals(new int[] {11, 12, 13, 14, 15}, collect(5 * MS));
    }

    @Test
    void collectFillsAtMostTheArrayAndContinuesNextTime() {
        receive(0, 1, 10);
        int[] small = new int[3];
        assertEquals(3, g.collect(5 * MS, small));
        assertArrayEquals(new int[] {2, 3, 4}, small);
        assertEquals(3, g.collect(5 * MS, small));
        assertArrayEquals(new int[] {5, 6, 7}, small);
        assertEquals(2, g.collect(5 * MS, small));
        assertEquals(8, small[0]);
        assertEquals(9, small[1]);
    }

    @Test
    void duplicatesAndOldPacketsAreIgnored() {
        receive(0, 1, 2);
        assertEquals(NackGenerator.IGNORED, g.receive(2, false, 0));
        assertEquals(NackGenerator.IGNORED, g.receive(1, false, 0));
        assertEquals(NackGenerator.IGNORED, g.receive(2 - NackGenerator.WINDOW, false, 0));
        assertEquals(0, g.missingCount());
    }

    @Test
    void aForwardJumpIsARenumberingNotLoss() {
        receive(0, 100, 101);
        assertEquals(NackGenerator.NEW, g.receive(101 + SequenceRewriter.MAX_DROPOUT + 1, false, 0));
        assertEquals(0, g.missingCount());
        assertEquals(1, g.restarts());
        assertTrue(g.takeKeyFrameRequest());
        receive(0, 101 + SequenceRewriter.MAX_DROPOUT + 3);
        assertArrayEquals(new int[] {(101 + SequenceRewriter.MAX_DROPOUT + 2)}, collect(5 * MS));
    }

    @Test
    void twoPacketsInSequenceFarBehindAreARestart() {
        NackGenerator big = new NackGenerator();
        big.receive(40000, false, 0);
        big.receive(40002, false, 0);
        assertEquals(NackGenerator.IGNORED, big.receive(10000, false, 0));
        assertEquals(1, big.missingCount());
        assertEquals(NackGenerator.NEW, big.receive(10001, false, 0));
        assertEquals(0, big.missingCount());
        assertEquals(NackGenerator.NEW, big.receive(10003, false, 0));
        assertTrue(big.isMissing(10002));
    }

    @Test
    void entriesThatLeaveTheWindowAreGivenUp() {
        NackGenerator big = new NackGenerator(1000, 10, 0, 3600_000 * MS);
        big.receive(0, false, 0);
        big.receive(2, false, 0);
        for (int s = 3; s < 1 + NackGenerator.WINDOW; s++) {
            big.receive(s, false, 0);
        }
        assertEquals(1, big.missingCount());
        big.receive(1 + NackGenerator.WINDOW, false, 0);
        assertEquals(0, big.missingCount());
        assertEquals(1, big.gaveUpAge());
    }

    @Test
    void resetForgetsTheStream() {
        receive(0, 1, 5);
        g.reset();
        assertEquals(0, g.missingCount());
        receive(0, 1000, 1002);
        assertArrayEquals(new int[] {1001}, collect(5 * MS));
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new NackGenerator(0, 3, 0, MS));
        assertThrows(IllegalArgumentException.class, () -> new NackGenerator(NackGenerator.WINDOW + 1, 3, 0, MS));
        assertThrows(IllegalArgumentException.class, () -> new NackGenerator(10, 128, 0, MS));
        assertThrows(IllegalArgumentException.class, () -> new NackGenerator(10, 3, -1, MS));
        assertThrows(IllegalArgumentException.class, () -> new NackGenerator(10, 3, 0, 0));
    }
}
