package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The per-packet and per-tick methods of this package allocate nothing: a producer's stream with loss,
 * reordering and duplicates goes through receive statistics, the NACK generator and the retransmission
 * cache, and to two consumers whose rewriters drop, sync and rewrite; NACKs are collected, the cache is
 * asked, keyframe requests are throttled.
 */
class AllocationTest {
    private static final int PACKETS = 100_000;
    private static final int ROUNDS = 5;
    private static final long MS = 1_000_000L;
    /** As in the packet layer's test: a real per-packet allocation is >= 1.6 MB a round; a deoptimisation is a few hundred bytes. */
    private static final long JIT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final ReceiveStatistics stats = new ReceiveStatistics(90000);
    private final NackGenerator nacks = new NackGenerator();
    private final KeyFrameRequestThrottle keyFrames = new KeyFrameRequestThrottle();
    private final SequenceRewriter seqA = new SequenceRewriter();
    private final SequenceRewriter seqB = new SequenceRewriter();
    private final TimestampRewriter tsA = new TimestampRewriter(90000);
    private final TimestampRewriter tsB = new TimestampRewriter(90000);
    private final int[] nackOut = new int[64];
    private long now;
    private int next;

    @Test
    void perPacketMethodsAllocateNothing() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        try (Arena arena = Arena.ofConfined()) {
            RetransmissionCache cache = new RetransmissionCache(arena, 1024, 1500, 1000 * MS);
            MemorySegment rx = arena.allocate(2048);
            MemorySegment tx = arena.allocate(2048);
            long acc = run(cache, rx, tx, PACKETS); // warm-up: interpreter, C1, C2
            long idle = THREADS.getCurrentThreadAllocatedBytes();
            assertEquals(0, THREADS.getCurrentThreadAllocatedBytes() - idle, "measuring allocates");

            long[] perRound = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                acc += run(cache, rx, tx, PACKETS);
                perRound[r] = THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            String rounds = Arrays.toString(perRound);
            for (long bytes : perRound) {
                assertTrue(bytes <= JIT_SLACK_BYTES, "bytes allocated per " + PACKETS + " packets: " + rounds);
            }
            assertTrue(Arrays.stream(perRound).anyMatch(b -> b == 0), "no round without allocation: " + rounds);
            assertTrue(acc != 0);
            assertTrue(nacks.nacksSent() > 0 && cache.hits() > 0 && seqA.epoch() > 0 && keyFrames.sent() > 0);
        }
    }

    /** Returns a value depending on all the work so that none of it is dead code. */
    private long run(RetransmissionCache cache, MemorySegment rx, MemorySegment tx, int packets) {
        long acc = 0;
        for (int i = 0; i < packets; i++) {
            now += MS;
            int k = i & 63; // per 64 packets: one lost, one pair swapped, one duplicated
            int s;
            switch (k) {
                case 7 -> { // the one before is lost
                    next++;
                    s = next++;
                }
                case 20 -> s = next + 1; // reordered: the next but one first
                case 21 -> {
                    s = next;
                    next += 2;
                }
                case 40 -> s = next - 1; // a duplicate
                default -> s = next++;
            }
            s &= 0xFFFF;
            int ts = s / 3 * 3000;
            rx.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, s);
            acc += stats.receive(s, ts, now) ? 1 : 0;
            acc += nacks.receive(s, (i & 1023) == 0, now);
            cache.store(s, rx, 0, 200 + k, now);
            if ((i & 4095) == 0) {
                seqB.sync(s);
                tsB.sync(ts, now);
            }
            if ((k & 3) == 0) {
                seqA.drop(s); // a temporal layer the consumer does not get
            } else {
                int out = seqA.rewrite(s);
                acc += out + tsA.rewrite(ts, now);
            }
            int outB = seqB.rewrite(s);
            if (outB >= 0) {
                acc += outB + tsB.rewrite(ts, now);
                int in = seqB.inputOf(outB);
                int slot = cache.find(in, now);
                if (slot >= 0) {
                    acc += cache.copyOut(slot, tx, 0);
                }
            }
            if ((i & 15) == 0) {
                int n = nacks.collect(now, nackOut);
                for (int j = 0; j < n; j++) {
                    acc += cache.find(nackOut[j], now);
                }
                acc += keyFrames.poll(now) ? 1 : 0;
                acc += nacks.takeKeyFrameRequest() ? 1 : 0;
            }
            if ((i & 255) == 0) {
                acc += keyFrames.request(now) ? 1 : 0;
                acc += stats.takeFractionLost() + stats.cumulativeLost() + stats.jitter() + stats.delaySinceLastSr(now);
                stats.senderReport(now << 8, now);
            }
            if ((i & 8191) == 0) {
                keyFrames.keyFrameReceived();
                seqA.sync(s);
                tsA.sync(ts, now);
            }
        }
        return acc;
    }
}
