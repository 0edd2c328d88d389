package io.xsfu.bwe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.rtcp.Feedback;
import io.xsfu.rtcp.TransportFeedback;
import java.lang.foreign.MemorySegment;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives, the estimate stays within its bounds and nothing throws: arbitrary packet results (any
 * send and arrival times, losses, sizes) and REMB values in any order and at any times, and arbitrary bytes
 * that pass transport-wide feedback validation, read against a history of arbitrary sends.
 */
class BandwidthEstimatorProperties {
    private static final BweConfig CONFIG = new BweConfig(30_000, 20_000_000, 300_000);

    /** One input: a REMB ({@code remb >= 0 ... any}) or a feedback of packets, at {@code now}. */
    record Event(boolean isRemb, long remb, long now, List<long[]> packets) {
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Long> anyTime = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.longs().between(0, 100_000_000_000L));
        Arbitrary<long[]> packet = Combinators.combine(anyTime, anyTime, Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(-1, 70_000)).as((send, arrival, lost, size) ->
                new long[] {send, lost == 0 ? PacketResults.NOT_RECEIVED : arrival, size});
        Arbitrary<Event> remb = Combinators.combine(Arbitraries.longs(), anyTime)
                .as((bps, now) -> new Event(true, bps, now, List.of()));
        Arbitrary<Event> feedback = Combinators.combine(anyTime, packet.list().ofMaxSize(60))
                .as((now, packets) -> new Event(false, 0, now, packets));
        return Arbitraries.oneOf(remb, feedback, feedback, feedback).list().ofMaxSize(80);
    }

    @Property(tries = 300)
    void estimateStaysWithinBoundsForArbitraryInput(@ForAll("events") List<Event> events) {
        BandwidthEstimator bwe = new BandwidthEstimator(CONFIG);
        PacketResults results = new PacketResults();
        for (Event e : events) {
            if (e.isRemb()) {
                bwe.onRemb(e.remb(), e.now());
            } else {
                results.clear();
                for (long[] p : e.packets()) {
                    results.add(p[0], p[1], (int) p[2]);
                }
                bwe.onTransportFeedback(results, e.now());
            }
            assertTrue(bwe.estimate() >= CONFIG.minBps() && bwe.estimate() <= CONFIG.maxBps(), "" + bwe.estimate());
        }
    }

    /**
     * FCI of feedback about numbers near the ones sent (so that many statuses match the history), with any
     * status count, reference time, feedback count, chunks and deltas.
     */
    @Provide
    Arbitrary<List<byte[]>> feedbacks() {
        Arbitrary<byte[]> fci = Combinators.combine(Arbitraries.integers().between(0, 320),
                Arbitraries.integers().between(0, 320), Arbitraries.integers(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(700)).as((base, count, reference, rest) -> {
                    byte[] out = new byte[8 + rest.length];
                    out[0] = (byte) (base >>> 8);
                    out[1] = (byte) (int) base;
                    out[2] = (byte) (count >>> 8);
                    out[3] = (byte) (int) count;
                    out[4] = (byte) (reference >>> 24);
                    out[5] = (byte) (reference >>> 16);
                    out[6] = (byte) (reference >>> 8);
                    out[7] = (byte) (int) reference;
                    System.arraycopy(rest, 0, out, 8, rest.length);
                    return out;
                });
        return fci.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 500)
    void arbitraryValidFeedbackBytesKeepTheEstimateWithinBounds(@ForAll("feedbacks") List<byte[]> packets) {
        int firstSequence = 0;
        BandwidthEstimator bwe = new BandwidthEstimator(CONFIG);
        SendHistory history = new SendHistory(256);
        FeedbackReader reader = new FeedbackReader(bwe.counters());
        PacketResults results = new PacketResults();
        TransportFeedback fb = new TransportFeedback();
        for (int i = 0; i < 300; i++) {
            history.sent(firstSequence + i, i * 3_000_000L, 1200);
        }
        long now = 1_000_000_000L;
        for (byte[] body : packets) {
            MemorySegment s = MemorySegment.ofArray(withFixedHeader(body));
            int length = (int) s.byteSize();
            if (TransportFeedback.validate(s, 0, length) != DropReason.OK) {
                continue;
            }
            reader.read(fb.wrap(s, 0, length), history, results);
            bwe.onTransportFeedback(results, now);
            now += 100_000_000L;
            assertTrue(bwe.estimate() >= CONFIG.minBps() && bwe.estimate() <= CONFIG.maxBps(), "" + bwe.estimate());
        }
    }

    /** A 12-byte RTPFB FMT 15 header before arbitrary FCI bytes (the reader trusts what validate accepted). */
    private static byte[] withFixedHeader(byte[] fci) {
        byte[] out = new byte[Feedback.FCI_OFFSET + fci.length];
        out[0] = (byte) 0x8F;
        out[1] = (byte) 205;
        System.arraycopy(fci, 0, out, Feedback.FCI_OFFSET, fci.length);
        return out;
    }
}
