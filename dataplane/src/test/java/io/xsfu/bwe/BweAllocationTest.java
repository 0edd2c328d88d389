package io.xsfu.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.TransportFeedback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Recording sends, reading feedback and updating the estimate allocate nothing: the agent may do all three.
 * Rounds of 50 packets (one in 20 lost), each round's feedback written in the wire format and read back; a probe
 * starts every 100 rounds and ends 25 rounds later, so its measurement and settling are measured too.
 */
class BweAllocationTest {
    private static final int ROUNDS_PER_RUN = 2_000;
    private static final int PACKETS = 50;
    private static final long MS = 1_000_000L;
    private static final long JIT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final BandwidthEstimator bwe = new BandwidthEstimator(BweConfig.DEFAULT);
    private final SendHistory history = new SendHistory();
    private final FeedbackReader reader = new FeedbackReader(bwe.counters());
    private final PacketResults results = new PacketResults();
    private final TransportFeedback feedback = new TransportFeedback();
    private final RtcpWriter writer = new RtcpWriter();
    private final MemorySegment buffer = Arena.ofAuto().allocate(4096);
    private final int[] sequences = new int[PACKETS];
    private final long[] arrivals = new long[PACKETS];
    private int sequence;
    private long now;

    @Test
    void sendingAndFeedbackAllocateNothing() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        long acc = run();
        long[] perRun = new long[5];
        for (int r = 0; r < perRun.length; r++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            acc += run();
            perRun[r] = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        String runs = Arrays.toString(perRun);
        for (long bytes : perRun) {
            assertTrue(bytes <= JIT_SLACK_BYTES, "bytes allocated per run: " + runs);
        }
        assertTrue(Arrays.stream(perRun).anyMatch(b -> b == 0), "no run without allocation: " + runs);
        assertTrue(acc > 0);
        assertEquals(0, bwe.counters().total());
        long probes = 0;
        for (int o = 0; o < ProbeOutcome.END; o++) {
            probes += bwe.probeOutcomes(o);
        }
        assertTrue(probes >= 100, "probes settled: " + probes);
    }

    private long run() {
        long acc = 0;
        for (int r = 0; r < ROUNDS_PER_RUN; r++) {
            if (r % 100 == 0) {
                bwe.startProbe(2_000_000, now);
            } else if (r % 100 == 25) {
                bwe.endProbe(now);
            }
            int base = sequence;
            int received = 0;
            for (int i = 0; i < PACKETS; i++) {
                now += 2 * MS;
                history.sent(sequence, now, 1200);
                if (i % 20 != 7) {
                    sequences[received] = sequence;
                    arrivals[received++] = (now + 30 * MS) / 1_000;
                }
                sequence = (sequence + 1) & 0xFFFF;
            }
            int length = writer.wrap(buffer, 0, 4096).twcc(1, 2, base, r & 0xFF, sequences, arrivals, received);
            reader.read(feedback.wrap(buffer, 0, length), history, results);
            acc += bwe.onTransportFeedback(results, now + 60 * MS);
        }
        return acc;
    }
}
