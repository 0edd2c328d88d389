package io.xsfu.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.TransportFeedback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class FeedbackReaderTest {
    private static final long MS = 1_000_000L;

    private final BweCounters counters = new BweCounters();
    private final FeedbackReader reader = new FeedbackReader(counters);
    private final SendHistory history = new SendHistory(1024);
    private final PacketResults results = new PacketResults();
    private final RtcpWriter writer = new RtcpWriter();
    private final TransportFeedback feedback = new TransportFeedback();
    private final MemorySegment buffer = Arena.ofAuto().allocate(8192);

    private TransportFeedback feedback(int base, int[] sequences, long[] arrivalMicros) {
        int length = writer.wrap(buffer, 0, 8192).twcc(1, 2, base, 0, sequences, arrivalMicros, sequences.length);
        assertTrue(length > 0);
        assertEquals(DropReason.OK, TransportFeedback.validate(buffer, 0, length));
        return feedback.wrap(buffer, 0, length);
    }

    @Test
    void matchesStatusesWithSendTimesAndSizes() {
        for (int s = 100; s < 110; s++) {
            history.sent(s, s * MS, 1000 + s);
        }
        // 102 and 103 lost; arrivals 1 ms apart, a 5 ms gap after 101.
        reader.read(feedback(100, new int[] {100, 101, 104, 105}, new long[] {50_000, 51_000, 56_000, 57_000}),
                history, results);
        assertEquals(6, results.count());
        assertEquals(100 * MS, results.sendNanos(0));
        assertEquals(1100, results.size(0));
        assertTrue(results.received(1));
        assertFalse(results.received(2));
        assertFalse(results.received(3));
        assertEquals(1 * MS, results.arrivalNanos(1) - results.arrivalNanos(0));
        assertEquals(5 * MS, results.arrivalNanos(4) - results.arrivalNanos(1));
        assertEquals(105 * MS, results.sendNanos(5));
        assertEquals(0, counters.total());
    }

    @Test
    void countsUnknownNumbersAndDuplicateArrivalsAndLeavesThemOut() {
        for (int s = 0; s < 4; s++) {
            history.sent(s, s * MS, 1200);
        }
        // 4 and 5 were never sent.
        reader.read(feedback(0, new int[] {0, 1, 4, 5}, new long[] {1_000, 2_000, 3_000, 4_000}), history, results);
        assertEquals(4, results.count(), "0, 1 received; 2, 3 lost");
        assertEquals(2, counters.get(BweAnomaly.UNKNOWN_SEQUENCE));

        // The same feedback again (duplicated on the way): nothing new; lost ones are not lost twice.
        reader.read(feedback(0, new int[] {0, 1, 4, 5}, new long[] {1_000, 2_000, 3_000, 4_000}), history, results);
        assertEquals(0, results.count());
        assertEquals(2, counters.get(BweAnomaly.DUPLICATE_REPORT));

        // 3 arrived late after all: reported received once.
        reader.read(feedback(3, new int[] {3}, new long[] {9_000}), history, results);
        assertEquals(1, results.count());
        assertTrue(results.received(0));
    }

    @Test
    void unwrapsTheTwentyFourBitReferenceTime() {
        history.sent(0, 0, 1200);
        history.sent(1, 50 * MS, 1200);
        long lastBeforeWrap = 0xFFFFFFL * TransportFeedback.REFERENCE_TIME_MICROS;
        reader.read(feedback(0, new int[] {0}, new long[] {lastBeforeWrap}), history, results);
        long first = results.arrivalNanos(0);
        reader.read(feedback(1, new int[] {1}, new long[] {lastBeforeWrap + 64_000 + 250}), history, results);
        assertEquals(64_250_000L, results.arrivalNanos(0) - first);
        assertEquals(0, counters.total());
    }

    @Test
    void countsFeedbackWhoseReferenceTimeGoesBack() {
        history.sent(0, 0, 1200);
        history.sent(1, 1, 1200);
        reader.read(feedback(0, new int[] {0}, new long[] {10_000_000}), history, results);
        reader.read(feedback(1, new int[] {1}, new long[] {1_000_000}), history, results);
        assertEquals(1, counters.get(BweAnomaly.FEEDBACK_OUT_OF_ORDER));
        assertEquals(1, results.count(), "still used: packets are judged one by one");
    }
}
