package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {
    private static final long MS = 1_000_000L;
    private final ReceiveStatistics s = new ReceiveStatistics(8000);

    private void receive(int... seqs) {
        for (int q : seqs) {
            s.receive(q, q * 160, q * 20 * MS);
        }
    }

    @Test
    void aSourceIsValidAfterTwoPacketsInSequence() {
        assertFalse(s.receive(100, 0, 0));
        assertFalse(s.valid());
        assertEquals(0, s.expected());
        assertTrue(s.receive(101, 160, 20 * MS));
        assertTrue(s.valid());
        assertEquals(1, s.received());
        assertEquals(1, s.expected());
        assertEquals(101, s.extendedHighestSeq());
        assertEquals(1, s.discarded());
    }

    @Test
    void probationStartsOverOnAPacketOutOfSequence() {
        assertFalse(s.receive(10, 0, 0));
        assertFalse(s.receive(20, 0, 0));
        assertTrue(s.receive(21, 0, 0));
        assertEquals(21, s.extendedHighestSeq());
        assertEquals(1, s.expected());
    }

    @Test
    void lossAndFractionLostPerInterval() {
        receive(99, 100, 101, 102, 103, 104, 106, 108, 109, 110);
        // base 100, highest 110: 11 expected, 9 received
        assertEquals(11, s.expected());
        assertEquals(9, s.received());
        assertEquals(2, s.cumulativeLost());
        assertEquals((2 << 8) / 11, s.takeFractionLost());
        receive(111, 112);
        assertEquals(0, s.takeFractionLost());
        receive(114);
        assertEquals((1 << 8) / 2, s.takeFractionLost());
        assertEquals(3, s.cumulativeLost());
    }

    @Test
    void aLatePacketReducesTheLoss() {
        receive(1, 2, 4);
        assertEquals(1, s.cumulativeLost());
        receive(3);
        assertEquals(0, s.cumulativeLost());
        assertEquals(0, s.takeFractionLost());
    }

    @Test
    void duplicatesCountAsReceivedAsInTheRfc() {
        receive(1, 2, 3, 3, 3);
        assertEquals(2, s.expected());
        assertEquals(4, s.received());
        assertEquals(-2, s.cumulativeLost());
        assertEquals(0, s.takeFractionLost());
    }

    @Test
    void cyclesCountTheWrap() {
        receive(65534, 65535, 0, 1);
        assertEquals(65536 + 1, s.extendedHighestSeq());
        assertEquals(3, s.expected());
        receive(3);
        assertEquals(1, s.cumulativeLost());
    }

    @Test
    void aPacketTooFarAheadIsDiscardedUnlessTheNextFollowsIt() {
        receive(1, 2, 3);
        assertFalse(s.receive(3 + ReceiveStatistics.MAX_DROPOUT, 0, 0));
        assertTrue(s.receive(4, 0, 0));
        assertFalse(s.receive(20000, 0, 0));
        assertTrue(s.receive(20001, 0, 0)); // two in sequence: the source restarted
        assertEquals(20001, s.extendedHighestSeq());
        assertEquals(1, s.expected());
        assertEquals(1, s.received());
        assertEquals(3, s.discarded()); // 1 (probation), 3003, 20000
    }

    @Test
    void aPacketWithinTheMisorderLimitCounts() {
        receive(1000, 1001);
        assertTrue(s.receive(1001 - ReceiveStatistics.MAX_MISORDER + 1, 0, 0)); // just inside
        assertFalse(s.receive(1001 - ReceiveStatistics.MAX_MISORDER, 0, 0));
    }

    @Test
    void cumulativeLostIsClampedTo24BitsSigned() {
        receive(1, 2);
        for (int i = 0; i < 0x80_0001; i++) {
            s.receive(2, 0, 0);
        }
        assertEquals(ReceiveStatistics.MIN_CUMULATIVE_LOST, s.cumulativeLost());
    }

    @Test
    void jitterFollowsA8() {
        // 8 kHz audio, 20 ms = 160 ticks per packet; packet 4 is 10 ms (80 ticks) late. The first packet is
        // probation, the second sets the transit time, from the third on J16 += |D| - (J16 + 8) / 16.
        long[] arrivalMs = {0, 20, 40, 70, 80, 100};
        int[] jitter = {0, 0, 0, 80 >> 4, (80 + 80 - 5) >> 4, (155 - 10) >> 4};
        for (int i = 0; i < arrivalMs.length; i++) {
            s.receive(i + 1, i * 160, arrivalMs[i] * MS);
            assertEquals(jitter[i], s.jitter(), "after packet " + (i + 1));
        }
        assertEquals(9, s.jitter());
    }

    @Test
    void jitterAcrossTheTimestampWrap() {
        ReceiveStatistics video = new ReceiveStatistics(90000);
        // Timestamps run through 0xFFFFFFFF -> 0; arrivals every 33.333333 ms, i.e. 3000 ticks minus a
        // fraction, which truncates to the same transit time for every packet after the first.
        for (int i = 0; i < 10; i++) {
            video.receive(i, -9000 + i * 3000, i * 33_333_333L);
        }
        assertEquals(0, video.jitter());
        video.receive(10, -9000 + 10 * 3000, 10 * 33_333_333L + 10 * MS); // 900 ticks late
        assertEquals(900 >> 4, video.jitter());
    }

    @Test
    void lsrIsTheMiddleOfTheNtpTimestampAndDlsrTheDelayIn65536thsOfASecond() {
        assertEquals(0, s.lastSrMiddle());
        assertEquals(0, s.delaySinceLastSr(5 * MS));
        s.senderReport(0x83AA_7E80_1234_5678L, 1000 * MS);
        assertEquals(0x7E80_1234, s.lastSrMiddle());
        assertEquals(0, s.delaySinceLastSr(1000 * MS));
        assertEquals(98304, s.delaySinceLastSr(2500 * MS)); // 1.5 s
        assertEquals(65, s.delaySinceLastSr(1001 * MS)); // 1 ms = 65.536 units
    }
}
