package io.xsfu.bwe;

import static io.xsfu.bwe.LinkSimulator.MS;
import static io.xsfu.bwe.LinkSimulator.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The estimator against a simulated bottleneck ({@link LinkSimulator}): 25 ms one way, a buffer of 300 ms,
 * feedback every 100 ms in the wire format. Starting at 300 kbit/s, growth is 8 % per second until the first
 * overuse (no probing), which bounds how fast a fast link is found.
 */
class BandwidthEstimatorTraceTest {
    private static final long PROPAGATION = 25 * MS;
    private static final long BUFFER = 300 * MS;

    private static LinkSimulator link(long capacity, long seed) {
        return new LinkSimulator(BweConfig.DEFAULT, capacity, PROPAGATION, BUFFER, seed);
    }

    private static String kbps(double bps) {
        return Math.round(bps / 1000) + " kbit/s";
    }

    @ParameterizedTest
    @CsvSource({"500000, 15", "2500000, 35", "8000000, 55"})
    void convergesToWithinTwentyPercentOfTheCapacity(long capacity, int withinSeconds) {
        LinkSimulator sim = link(capacity, 1);
        sim.run((withinSeconds + 20) * SECOND);
        long reached = sim.firstTime(0, e -> e >= 0.8 * capacity);
        // From then on (20 s and more), every sample within 20 % of the capacity.
        long settled = withinSeconds * SECOND;
        long end = sim.now();
        System.out.printf("capacity %s: 80 %% reached at %.1f s; after %d s: mean %s, min %s, max %s; queue drops %d%n",
                kbps(capacity), reached / 1e9, withinSeconds, kbps(sim.meanEstimate(settled, end)),
                kbps(sim.minEstimate(settled, end)), kbps(sim.maxEstimate(settled, end)), sim.droppedAtQueue);
        assertTrue(reached > 0 && reached <= withinSeconds * SECOND, "80 % reached at " + reached / 1e9 + " s");
        assertTrue(sim.minEstimate(settled, end) >= 0.8 * capacity, kbps(sim.minEstimate(settled, end)));
        assertTrue(sim.maxEstimate(settled, end) <= 1.2 * capacity, kbps(sim.maxEstimate(settled, end)));
        assertEquals(0, sim.estimator.counters().total(), "no anomaly on a clean trace");
    }

    @Test
    void backsOffWithinTwoSecondsOfACapacityDropAndRecovers() {
        LinkSimulator sim = link(2_500_000, 2);
        sim.run(40 * SECOND);
        assertTrue(sim.estimator.estimate() >= 2_000_000, kbps(sim.estimator.estimate()));
        long drop = sim.now();
        sim.capacity(500_000);
        sim.run(10 * SECOND);
        long below = sim.firstTime(drop, e -> e <= 600_000);
        System.out.printf("2.5 -> 0.5 Mbit/s: below 600 kbit/s after %.2f s; then mean %s, min %s%n",
                (below - drop) / 1e9, kbps(sim.meanEstimate(drop + 3 * SECOND, sim.now())),
                kbps(sim.minEstimate(drop + 3 * SECOND, sim.now())));
        assertTrue(below > 0 && below - drop <= 2 * SECOND, "below 600 kbit/s after " + (below - drop) / 1e9 + " s");
        assertTrue(sim.minEstimate(drop + 3 * SECOND, sim.now()) >= 0.3 * 500_000, "no collapse after the drop");

        long back = sim.now();
        sim.capacity(2_500_000);
        sim.run(40 * SECOND);
        long recovered = sim.firstTime(back, e -> e >= 2_000_000);
        System.out.printf("0.5 -> 2.5 Mbit/s: above 2 Mbit/s after %.1f s%n", (recovered - back) / 1e9);
        assertTrue(recovered > 0 && recovered - back <= 35 * SECOND, "recovered after " + (recovered - back) / 1e9);
    }

    @Test
    void onePercentRandomLossDoesNotCollapseTheEstimate() {
        LinkSimulator sim = link(2_500_000, 3).loss(0.01);
        sim.run(60 * SECOND);
        double mean = sim.meanEstimate(40 * SECOND, sim.now());
        System.out.printf("1 %% loss at 2.5 Mbit/s: mean over 40-60 s %s%n", kbps(mean));
        assertTrue(mean >= 0.8 * 2_500_000, kbps(mean));
    }

    @Test
    void twentyPercentRandomLossReducesTheEstimate() {
        LinkSimulator sim = link(2_500_000, 4).loss(0.20);
        sim.run(60 * SECOND);
        double mean = sim.meanEstimate(40 * SECOND, sim.now());
        System.out.printf("20 %% loss at 2.5 Mbit/s: mean over 40-60 s %s%n", kbps(mean));
        assertTrue(mean <= 0.3 * 2_500_000, kbps(mean));
        assertTrue(sim.estimator.estimate() >= BweConfig.DEFAULT.minBps());
    }
}
