package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.rtcp.RtcpCompound;
import io.xsfu.rtcp.RtcpKind;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.TransportFeedback;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The publisher-side feedback, written and read back with the project's own (independently tested) parser. */
class TransportWideArrivalsTest {
    private static final long MS = 1_000_000L;
    private final TransportWideArrivals arrivals = new TransportWideArrivals();
    private final MemorySegment buffer = MemorySegment.ofArray(new byte[4096]);

    /** What one feedback says: sequence number, and its arrival in 250 µs ticks (-1: reported lost). */
    private record Status(int sequence, long ticks) {
    }

    private List<Status> feedback(long nowNanos) {
        RtcpWriter w = new RtcpWriter().wrap(buffer, 0, 4096);
        int n = arrivals.write(w, 1, 2, nowNanos);
        if (n == 0) {
            return List.of();
        }
        RtcpCompound c = new RtcpCompound();
        assertEquals(0, c.wrap(buffer, 0, w.length()));
        assertTrue(c.next());
        assertEquals(RtcpKind.TWCC, c.kind());
        TransportFeedback f = new TransportFeedback().wrap(buffer, c.packetOffset(), c.contentLength());
        List<Status> out = new ArrayList<>();
        long[] time = {f.referenceTime() * 256L};
        f.forEachPacket((sequence, received, delta) -> {
            if (received) {
                time[0] += delta;
            }
            out.add(new Status(sequence, received ? time[0] : -1));
        });
        return out;
    }

    @Test
    void gapsAreReportedLostAndLatePacketsFillTheirPlaceUntilReported() {
        arrivals.received(10, 100 * MS);
        arrivals.received(11, 101 * MS);
        arrivals.received(14, 104 * MS);
        arrivals.received(13, 105 * MS); // reordered
        assertTrue(arrivals.due(106 * MS));
        List<Status> f = feedback(106 * MS);
        assertEquals(List.of(10, 11, 12, 13, 14), f.stream().map(Status::sequence).toList());
        assertEquals(-1, f.get(2).ticks(), "12 never came");
        assertEquals(4, f.get(1).ticks() - f.get(0).ticks(), "1 ms apart, in 250 µs ticks");
        assertEquals(4, f.get(3).ticks() - f.get(4).ticks(), "13 came 1 ms after 14");
        arrivals.received(12, 107 * MS);
        assertFalse(arrivals.due(108 * MS), "12 was reported lost already: nothing new");
        arrivals.received(15, 120 * MS);
        assertFalse(arrivals.due(130 * MS), "not before the interval");
        assertEquals(List.of(15), feedback(160 * MS).stream().map(Status::sequence).toList());
    }

    @Test
    void numbersWrapAndALongJumpStartsOver() {
        arrivals.received(65534, 10 * MS);
        arrivals.received(65535, 11 * MS);
        arrivals.received(0, 12 * MS);
        arrivals.received(1, 13 * MS);
        assertEquals(List.of(65534, 65535, 0, 1), feedback(20 * MS).stream().map(Status::sequence).toList());
        arrivals.received(30_000, 100 * MS);
        arrivals.received(30_001, 101 * MS);
        assertEquals(List.of(30_000, 30_001), feedback(200 * MS).stream().map(Status::sequence).toList());
        assertEquals(2, arrivals.feedbackSent());
    }

    @Test
    void aSenderJumpingBackAndForthCostsLittleAndReportsOnlyWhatIsNew() {
        arrivals.received(0, 1 * MS);
        for (int i = 1; i <= 1000; i++) {
            arrivals.received((i % 2) * 32_767, (1 + i) * MS);
        }
        List<Status> f = feedback(2000 * MS);
        assertTrue(f.size() <= TransportWideArrivals.WINDOW, "bounded: " + f.size());
    }

    @Test
    void aBurstIsSplitAcrossFeedbacks() {
        for (int i = 0; i < 600; i++) {
            arrivals.received(i, (10 + i) * MS / 10);
        }
        List<Status> first = feedback(100 * MS);
        assertEquals(TransportWideArrivals.MAX_PER_FEEDBACK, first.size());
        List<Status> second = feedback(200 * MS);
        assertEquals(TransportWideArrivals.MAX_PER_FEEDBACK, second.getFirst().sequence());
        assertTrue(second.stream().allMatch(s -> s.ticks() >= 0), "nothing lost");
    }
}
