package io.xsfu.rtp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The NACK generator against random producer streams: packets every 2 ms, lost in bursts, some lost for
 * good and some coming back late (a retransmission or a long detour), reordered, duplicated, numbers
 * starting anywhere (often just before the wrap). {@code collect} runs every 5 ms.
 *
 * <p>Always: a number is never NACKed once received, nor before a newer one arrived and the reorder delay
 * passed, nor after the max age; never more than the retry limit, never faster than the retry interval.
 * When the list cannot overflow, the NACKs are exactly those of the rule, computed per number from its
 * detection time and the collect times.
 */
class NackGeneratorProperties {
    private static final long MS = 1_000_000L;
    private static final long COLLECT_EVERY = 5 * MS;

    record Arrival(int index, long at) {
    }

    @Property(tries = 300)
    boolean nacksFollowTheRules(@ForAll long seed, @ForAll @IntRange(min = 1, max = 1500) int packets,
            @ForAll @IntRange(max = 20) int lossPercent, @ForAll @IntRange(max = 100) int comesBackPercent,
            @ForAll @IntRange(max = 20) int duplicatePercent, @ForAll @IntRange(max = 10) int maxDisplacement,
            @ForAll @IntRange(min = 1, max = 8) int maxRetries, @ForAll @IntRange(max = 30) int reorderDelayMs,
            @ForAll @IntRange(min = 5, max = 200) int rttMs, @ForAll @IntRange(min = 50, max = 1500) int maxAgeMs,
            @ForAll boolean smallList) {
        Random rnd = new Random(seed);
        int seqBase = rnd.nextBoolean() ? rnd.nextInt(65536) : 65536 - 1 - rnd.nextInt(packets);
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            long sent = i * 2 * MS;
            if (i > 0 && rnd.nextInt(100) < lossPercent) {
                int burst = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(20) : 1;
                for (int j = i; j < Math.min(packets - 1, i + burst); j++) {
                    if (rnd.nextInt(100) < comesBackPercent) {
                        arrivals.add(new Arrival(j, j * 2 * MS + rnd.nextLong(2000 * MS)));
                    }
                }
                i = Math.min(packets - 1, i + burst) - 1;
                continue;
            }
            arrivals.add(new Arrival(i, sent + rnd.nextLong(maxDisplacement * 2 * MS + 1)));
            if (rnd.nextInt(100) < duplicatePercent) {
                arrivals.add(new Arrival(i, sent + rnd.nextLong(50 * MS)));
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at));

        int maxMissing = smallList ? 8 : NackGenerator.DEFAULT_MAX_MISSING;
        long reorderDelay = reorderDelayMs * MS;
        long rtt = rttMs * MS;
        long maxAge = maxAgeMs * MS;
        NackGenerator g = new NackGenerator(maxMissing, maxRetries, reorderDelay, maxAge);
        g.rtt(rtt);

        Map<Integer, Long> detected = new HashMap<>(); // index -> when a newer one first arrived
        Map<Integer, Long> received = new HashMap<>(); // index -> first arrival
        Map<Integer, List<Long>> nacks = new HashMap<>();
        int newest = -1;
        int[] out = new int[2000];
        long end = arrivals.isEmpty() ? 0 : arrivals.getLast().at + maxAge + 10 * COLLECT_EVERY;
        int next = 0;
        boolean overflowed = false;
        for (long now = 0; now <= end; now += COLLECT_EVERY) {
            while (next < arrivals.size() && arrivals.get(next).at <= now) {
                Arrival a = arrivals.get(next++);
                received.putIfAbsent(a.index, a.at);
                for (int k = newest < 0 ? a.index : newest + 1; k < a.index; k++) { // the first arrival starts the stream
                    detected.putIfAbsent(k, a.at);
                }
                newest = Math.max(newest, a.index);
                g.receive((seqBase + a.index) & 0xFFFF, false, a.at);
                overflowed |= g.overflows() > 0;
            }
            int n = g.collect(now, out);
            for (int k = 0; k < n; k++) {
                int index = ((out[k] - seqBase) & 0xFFFF);
                Long got = received.get(index);
                if (got != null) {
                    throw new AssertionError("NACK at " + now + " for " + index + " received at " + got);
                }
                Long since = detected.get(index);
                if (since == null || now - since < reorderDelay || now - since > maxAge) {
                    throw new AssertionError("NACK at " + now + " for " + index + " missing since " + since);
                }
                List<Long> times = nacks.computeIfAbsent(index, x -> new ArrayList<>());
                if (!times.isEmpty() && now - times.getLast() < Math.max(rtt, NackGenerator.MIN_RETRY_INTERVAL_NANOS)) {
                    throw new AssertionError("NACK retried too soon for " + index + ": " + times + " then " + now);
                }
                times.add(now);
                if (times.size() > maxRetries) {
                    throw new AssertionError("more than " + maxRetries + " NACKs for " + index + ": " + times);
                }
            }
        }
        if (g.missingCount() != 0) {
            throw new AssertionError("still missing at the end: " + g.missingCount());
        }
        if (!overflowed && !smallList) {
            checkExactSchedule(detected, received, nacks, end, reorderDelay, Math.max(rtt,
                    NackGenerator.MIN_RETRY_INTERVAL_NANOS), maxAge, maxRetries);
        }
        return true;
    }

    /** Per number: the first collect after the delay, then every retry interval, until received, aged or out of tries. */
    private static void checkExactSchedule(Map<Integer, Long> detected, Map<Integer, Long> received,
            Map<Integer, List<Long>> nacks, long end, long delay, long retry, long maxAge, int maxRetries) {
        for (Map.Entry<Integer, Long> e : detected.entrySet()) {
            int index = e.getKey();
            long since = e.getValue();
            Long arrivedAt = received.get(index);
            if (arrivedAt != null && arrivedAt <= since) {
                continue; // arrived before anything newer: never missing
            }
            List<Long> expected = new ArrayList<>();
            long first = (since + delay + COLLECT_EVERY - 1) / COLLECT_EVERY * COLLECT_EVERY;
            for (long c = first; c <= end; c += COLLECT_EVERY) {
                if ((arrivedAt != null && arrivedAt <= c) || c - since > maxAge || expected.size() == maxRetries) {
                    break;
                }
                if (expected.isEmpty() || c - expected.getLast() >= retry) {
                    expected.add(c);
                }
            }
            List<Long> actual = nacks.getOrDefault(index, List.of());
            if (!expected.equals(actual)) {
                throw new AssertionError("NACKs for " + index + " (missing since " + since + ", arrived "
                        + arrivedAt + "): " + actual + ", expected " + expected);
            }
        }
        for (int index : nacks.keySet()) {
            if (!detected.containsKey(index)) {
                throw new AssertionError("NACKed and never missing: " + index);
            }
        }
    }
}
