package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SequenceRewriterTest {
    private final SequenceRewriter r = new SequenceRewriter();

    private int[] rewrite(int... in) {
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = r.rewrite(in[i]);
        }
        return out;
    }

    @Test
    void theFirstPacketKeepsItsNumberAndInOrderPacketsFollow() {
        assertEquals(-1, r.maxOutput());
        assertArrayEquals(new int[] {100, 101, 102}, rewrite(100, 101, 102));
        assertEquals(102, r.maxOutput());
    }

    @Test
    void wrapsAroundFrom65535To0() {
        assertArrayEquals(new int[] {65534, 65535, 0, 1}, rewrite(65534, 65535, 0, 1));
    }

    @Test
    void inputsAreTakenModulo65536() {
        assertArrayEquals(new int[] {5, 6}, rewrite(65536 + 5, 6));
    }

    @Test
    void aGapTheSourceHadStaysAGap() {
        assertArrayEquals(new int[] {10, 11, 14}, rewrite(10, 11, 14));
    }

    @Test
    void packetsTheSfuDropsAreClosedOver() {
        assertEquals(10, r.rewrite(10));
        r.drop(11);
        r.drop(12);
        assertArrayEquals(new int[] {11, 12}, rewrite(13, 14));
    }

    @Test
    void dropsAcrossTheWrapAreClosedOver() {
        assertEquals(65534, r.rewrite(65534));
        r.drop(65535);
        r.drop(0);
        assertArrayEquals(new int[] {65535, 0, 1}, rewrite(1, 2, 3));
    }

    @Test
    void aDropAndASourceGapTogether() {
        assertEquals(10, r.rewrite(10));
        r.drop(11);
        // 12 lost upstream: its slot stays, 11's is closed.
        assertEquals(12, r.rewrite(13));
    }

    @Test
    void aReorderedPacketFillsItsOwnSlot() {
        assertArrayEquals(new int[] {10, 12, 13, 11}, rewrite(10, 12, 13, 11));
    }

    @Test
    void aLatePacketCountsOnlyTheDropsBeforeIt() {
        assertEquals(10, r.rewrite(10));
        r.drop(11);
        // 12 missing for now
        r.drop(13);
        assertEquals(12, r.rewrite(14)); // 11 and 13 closed, 12's slot (11) kept open
        assertEquals(11, r.rewrite(12)); // arrives late: after 10 and the closed 11, before the closed 13
        assertEquals(13, r.rewrite(15));
    }

    @Test
    void aLatePacketAcrossTheWrapGetsItsSlot() {
        assertArrayEquals(new int[] {65534, 0, 1, 65535}, rewrite(65534, 0, 1, 65535));
    }

    @Test
    void aLateDropCannotCloseAndItsCopiesAreRefused() {
        assertArrayEquals(new int[] {10, 12}, rewrite(10, 12));
        r.drop(11); // too late: 12 already went out as 12
        assertArrayEquals(new int[] {13, -1}, rewrite(13, 11));
    }

    @Test
    void duplicatesAreRefused() {
        assertArrayEquals(new int[] {10, 11, -1, -1, 12}, rewrite(10, 11, 11, 10, 12));
        assertEquals(2, r.duplicates());
    }

    @Test
    void aCopyOfADroppedPacketIsRefused() {
        assertEquals(10, r.rewrite(10));
        r.drop(11);
        assertEquals(-1, r.rewrite(11));
        assertEquals(11, r.rewrite(12));
    }

    @Test
    void syncContinuesAfterTheLastNumberSent() {
        assertArrayEquals(new int[] {10, 11, 12}, rewrite(10, 11, 12));
        int epoch = r.epoch();
        r.sync(5000);
        assertNotEquals(epoch, r.epoch());
        assertArrayEquals(new int[] {13, 14, 16}, rewrite(5000, 5001, 5003));
        assertEquals(15, r.rewrite(5002)); // late within the new epoch: fine
    }

    @Test
    void afterSyncOlderInputsAreRefused() {
        rewrite(10, 11);
        r.sync(5000);
        assertArrayEquals(new int[] {12, -1, -1, 13}, rewrite(5000, 4999, 12, 5001));
        assertEquals(2, r.tooOld());
    }

    @Test
    void aLatePacketAfterWhichEverythingWasDroppedIsTheHighestSent() {
        rewrite(10, 11);
        r.drop(13); // 12 still on its way
        assertEquals(12, r.rewrite(12));
        assertEquals(12, r.maxOutput());
        r.sync(500);
        assertEquals(13, r.rewrite(500));
    }

    @Test
    void syncAfterTrailingDropsAndLossFollowsTheLastNumberSent() {
        rewrite(10, 11);
        r.drop(12);
        r.drop(13);
        // 14 lost, then a pause
        r.sync(300);
        assertEquals(12, r.rewrite(300));
    }

    @Test
    void syncWhoseFirstPacketIsDroppedStillContinues() {
        rewrite(10);
        r.sync(700);
        r.drop(700);
        assertEquals(11, r.rewrite(701));
    }

    @Test
    void syncAcrossTheOutputWrap() {
        rewrite(65535);
        r.sync(40);
        assertArrayEquals(new int[] {0, 1}, rewrite(40, 41));
    }

    @Test
    void syncBeforeAnyPacketStartsThere() {
        r.sync(300);
        assertArrayEquals(new int[] {300, 301}, rewrite(300, 301));
    }

    @Test
    void aDropBeforeAnyPacketStartsTheStreamAtItsNumber() {
        r.drop(7);
        assertArrayEquals(new int[] {7, 8}, rewrite(8, 9));
    }

    @Test
    void aLatePacketNearlyAWindowBehindStillCountsTheDropBeforeIt() {
        int w = SequenceRewriter.WINDOW;
        rewrite(5000);
        r.drop(5001);
        assertEquals(5000 + w, r.rewrite(5001 + w)); // 5002..5000+w are missing
        assertEquals(5001, r.rewrite(5002)); // w - 1 behind: after 5000 and the closed 5001
        assertEquals(-1, r.rewrite(5001)); // w behind
    }

    @Test
    void aPacketAWindowOrMoreBehindIsRefused() {
        rewrite(7000, 10000);
        assertEquals(-1, r.rewrite(10000 - SequenceRewriter.WINDOW));
        assertEquals(10000 - SequenceRewriter.WINDOW + 1, r.rewrite(10000 - SequenceRewriter.WINDOW + 1));
        assertEquals(1, r.tooOld());
    }

    @Test
    void aForwardJumpUpToMaxDropoutIsLoss() {
        rewrite(100);
        assertEquals(100 + SequenceRewriter.MAX_DROPOUT, r.rewrite(100 + SequenceRewriter.MAX_DROPOUT));
        assertEquals(0, r.jumps());
    }

    @Test
    void aLargerForwardJumpIsARenumberingAndContinuesTheOutput() {
        rewrite(100, 101);
        int epoch = r.epoch();
        assertArrayEquals(new int[] {102, 103}, rewrite(101 + SequenceRewriter.MAX_DROPOUT + 1, 101 + SequenceRewriter.MAX_DROPOUT + 2));
        assertEquals(1, r.jumps());
        assertNotEquals(epoch, r.epoch());
        assertEquals(-1, r.rewrite(101)); // the old numbering is over
    }

    @Test
    void aDroppedForwardJumpAlsoRenumbers() {
        rewrite(100);
        r.drop(10000);
        assertEquals(101, r.rewrite(10001));
        assertEquals(1, r.jumps());
    }

    @Test
    void twoPacketsInSequenceFarBehindAreARestart() {
        rewrite(40000, 40001);
        assertEquals(-1, r.rewrite(10000));
        assertEquals(40002, r.rewrite(10001));
        assertEquals(40003, r.rewrite(10002));
        assertEquals(1, r.jumps());
    }

    @Test
    void aPacketBeforeTheFirstIsRefused() {
        rewrite(500);
        assertEquals(-1, r.rewrite(499));
        assertEquals(1, r.tooOld());
    }

    @Test
    void droppedPacketsFarBehindAlsoProveARestart() {
        rewrite(40000, 40001);
        r.drop(10000);
        r.drop(10001);
        assertEquals(40002, r.rewrite(10002));
        assertEquals(1, r.jumps());
    }

    @Test
    void oneStrayPacketFarBehindIsJustRefused() {
        rewrite(40000, 40001);
        assertEquals(-1, r.rewrite(10000));
        assertArrayEquals(new int[] {40002, 40003}, rewrite(40002, 40003));
        assertEquals(0, r.jumps());
        assertEquals(1, r.tooOld());
    }

    @Test
    void inputOfMapsRecentOutputsBackWithinTheEpoch() {
        rewrite(10);
        r.drop(11);
        rewrite(12, 14, 13);
        assertEquals(10, r.inputOf(10));
        assertEquals(12, r.inputOf(11));
        assertEquals(13, r.inputOf(12));
        assertEquals(14, r.inputOf(13));
        assertEquals(-1, r.inputOf(14)); // not sent yet
        assertEquals(-1, r.inputOf(9));
        r.sync(900);
        r.rewrite(900);
        assertEquals(900, r.inputOf(14));
        assertEquals(-1, r.inputOf(13)); // before the sync: another source, perhaps
    }

    @Test
    void inputOfForgetsOutputsAWindowBack() {
        for (int s = 0; s <= SequenceRewriter.WINDOW; s++) {
            r.rewrite(s);
        }
        assertEquals(-1, r.inputOf(0));
        assertEquals(1, r.inputOf(1));
        assertEquals(-1, new SequenceRewriter().inputOf(0));
    }

    @Test
    void inputOfAGapIsUnknown() {
        rewrite(65535, 2);
        assertEquals(65535, r.inputOf(65535));
        assertEquals(-1, r.inputOf(0));
        assertEquals(2, r.inputOf(2));
    }
}
