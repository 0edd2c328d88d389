package io.xsfu.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BandwidthEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long HOUR = 3_600_000 * MS;
    private static final BweConfig CONFIG = BweConfig.DEFAULT;

    private final BandwidthEstimator bwe = new BandwidthEstimator(CONFIG);
    private final PacketResults results = new PacketResults();

    @Test
    void absurdRembIsClampedAndCounted() {
        assertEquals(CONFIG.maxBps(), bwe.onRemb(10_000_000_000_000L, 0));
        assertEquals(1, bwe.counters().get(BweAnomaly.REMB_ABOVE_MAX));
        assertEquals(CONFIG.minBps(), bwe.onRemb(0, MS));
        assertEquals(CONFIG.minBps(), bwe.onRemb(Long.MIN_VALUE, 2 * MS));
        assertEquals(2, bwe.counters().get(BweAnomaly.REMB_BELOW_MIN));
    }

    @Test
    void followsRembWithoutTransportFeedbackDecreasingAtOnceIncreasingSmoothly() {
        assertEquals(CONFIG.startBps(), bwe.estimate());
        assertEquals(1_000_000, bwe.onRemb(1_000_000, 0));
        assertEquals(500_000, bwe.onRemb(500_000, 100 * MS));
        assertEquals(625_000, bwe.onRemb(1_000_000, 200 * MS));
        for (int i = 0; i < 30; i++) {
            bwe.onRemb(1_000_000, (300 + i * 100) * MS);
        }
        assertTrue(bwe.estimate() > 990_000 && bwe.estimate() <= 1_000_000, "" + bwe.estimate());
        assertEquals(0, bwe.counters().total());
    }

    @Test
    void rembIsIgnoredWhileTransportFeedbackIsFreshAndFollowedOnceItStops() {
        long t = feedbackEvery10Ms(0, 20, 0);
        long estimate = bwe.estimate();
        bwe.onRemb(10_000_000, t);
        assertEquals(estimate, bwe.estimate());
        long later = t + BandwidthEstimator.FEEDBACK_FRESH_NANOS;
        bwe.onRemb(50_000, later);
        assertEquals(50_000, bwe.estimate());
    }

    @Test
    void anArrivalClockThatJumpsIsCountedAndDoesNotLookLikeCongestion() {
        long t = feedbackEvery10Ms(0, 50, 0);
        long before = bwe.estimate();
        // The receiver's clock jumps an hour ahead, then (another feedback) an hour back.
        t = feedbackEvery10Ms(t, 50, HOUR);
        t = feedbackEvery10Ms(t, 50, 0);
        assertEquals(2, bwe.counters().get(BweAnomaly.ARRIVAL_CLOCK_JUMP));
        assertTrue(bwe.estimate() >= before, bwe.estimate() + " < " + before);
        assertTrue(bwe.estimate() <= CONFIG.maxBps());
    }

    @Test
    void arrivalsThatGoBackwardsAreCountedAndSkipped() {
        results.clear();
        // Groups 20 ms apart; the third one claims to have arrived before the second.
        long[] arrivals = {0, 20, 10, 60, 80, 100};
        for (int i = 0; i < arrivals.length; i++) {
            results.add(i * 20 * MS, arrivals[i] * MS + 5 * MS, 1200);
        }
        bwe.onTransportFeedback(results, 200 * MS);
        assertTrue(bwe.counters().get(BweAnomaly.ARRIVAL_REORDERED) >= 1);
        assertTrue(bwe.estimate() >= CONFIG.minBps() && bwe.estimate() <= CONFIG.maxBps());
    }

    /** {@code n} packets 10 ms apart arriving with a constant delay (plus {@code clockOffset}), one feedback each 5. */
    private long feedbackEvery10Ms(long start, int n, long clockOffset) {
        long t = start;
        results.clear();
        for (int i = 0; i < n; i++) {
            t += 10 * MS;
            results.add(t, t + 30 * MS + clockOffset, 1200);
            if (results.count() == 5) {
                bwe.onTransportFeedback(results, t + 60 * MS);
                results.clear();
            }
        }
        return t + 60 * MS;
    }
}
