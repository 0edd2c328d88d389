package io.xsfu.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrendlineEstimatorTest {
    private static final long MS = 1_000_000L;

    /** Groups sent every 10 ms that arrive {@code extraMicros} later than they were sent after the previous one. */
    private static Usage feed(TrendlineEstimator t, int groups, long extraMicros) {
        Usage u = Usage.NORMAL;
        long arrival = 0;
        for (int i = 0; i < groups; i++) {
            long arrivalDelta = 10 * MS + extraMicros * 1_000;
            arrival += arrivalDelta;
            u = t.update(arrivalDelta, 10 * MS, arrival);
        }
        return u;
    }

    @Test
    void constantDelayIsNormal() {
        assertEquals(Usage.NORMAL, feed(new TrendlineEstimator(), 100, 0));
    }

    @Test
    void aGrowingQueueIsOveruseAndADrainingOneUnderuse() {
        TrendlineEstimator t = new TrendlineEstimator();
        feed(t, 40, 0);
        // 2 ms more queueing per 10 ms group: the link carries 1/1.2 of what is sent.
        assertEquals(Usage.OVERUSE, feed(t, 30, 2_000));
        assertEquals(Usage.UNDERUSE, feed(t, 30, -2_000));
    }

    @Test
    void jitterWithoutATrendIsNotOveruse() {
        TrendlineEstimator t = new TrendlineEstimator();
        long arrival = 0;
        for (int i = 0; i < 400; i++) {
            long jitter = (i % 2 == 0 ? 3 : -3) * MS;
            arrival += 10 * MS + jitter;
            assertEquals(Usage.NORMAL, t.update(10 * MS + jitter, 10 * MS, arrival), "group " + i);
        }
    }
}
