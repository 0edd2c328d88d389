package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportFeedbackTest {
    /** One packet's status as the visitor reports it. */
    record Status(int sequence, boolean received, int delta) {
        static Status got(int sequence, int delta) {
            return new Status(sequence, true, delta);
        }

        static Status lost(int sequence) {
            return new Status(sequence, false, 0);
        }
    }

    private final TransportFeedback fb = new TransportFeedback();

    @Test
    void readsTheDraftsRunLengthExample() {
        // draft §3.1.3 example 1, chunk 0 00 0000011011101: 221 x "not received". Base 0, no deltas.
        MemorySegment s = segment("8fcd0005 00000001 00000002 0000 00dd 000000 00 00dd 0000");
        assertEquals(DropReason.OK, TransportFeedback.validate(s, 0, 24));
        List<Status> all = statuses(fb.wrap(s, 0, 24));
        assertEquals(221, all.size());
        for (int i = 0; i < 221; i++) {
            assertEquals(Status.lost(i), all.get(i));
        }
    }

    @Test
    void readsTheDraftsStatusVectorExample() {
        // draft §3.1.4 example 1, chunk 1 0 01111100011100: 1 lost, 5 received, 3 lost, 3 received, 2 lost;
        // base 65530 so that the sequence numbers wrap. Eight one-byte deltas 1..8, then 2 bytes of padding.
        MemorySegment s = segment("8fcd0007 00000001 00000002 fffa 000e 000001 00 9f1c 0102030405060708 0000");
        assertEquals(DropReason.OK, TransportFeedback.validate(s, 0, 32));
        assertEquals(List.of(Status.lost(65530), Status.got(65531, 1), Status.got(65532, 2), Status.got(65533, 3),
                Status.got(65534, 4), Status.got(65535, 5), Status.lost(0), Status.lost(1), Status.lost(2),
                Status.got(3, 6), Status.got(4, 7), Status.got(5, 8), Status.lost(6), Status.lost(7)),
                statuses(fb.wrap(s, 0, 32)));
    }

    @Test
    void readsCapturedFeedback() {
        MemorySegment s = segment(CapturedRtcp.TWCC_TWO_BIT_VECTORS);
        assertEquals(DropReason.OK, TransportFeedback.validate(s, 0, 32));
        fb.wrap(s, 0, 32);
        assertEquals(0xa17a0f6f, fb.senderSsrc());
        assertEquals(0x11223344, fb.mediaSsrc());
        assertEquals(19, fb.baseSequence());
        assertEquals(12, fb.packetStatusCount());
        assertEquals(28, fb.referenceTime());
        assertEquals(6, fb.feedbackPacketCount());
        // 100 ms between frames at 10 fps: large deltas (400 ticks of 250 us) between the received ones.
        assertEquals(List.of(Status.got(19, 126), Status.lost(20), Status.lost(21), Status.lost(22),
                Status.got(23, 400), Status.lost(24), Status.got(25, 399), Status.lost(26), Status.lost(27),
                Status.got(28, 407), Status.lost(29), Status.got(30, 1)), statuses(fb));

        s = segment(CapturedRtcp.TWCC_RUN_LENGTH);
        assertEquals(DropReason.OK, TransportFeedback.validate(s, 0, 28));
        assertEquals(List.of(Status.got(0, 123), Status.got(1, 2), Status.got(2, 4), Status.got(3, 0)),
                statuses(fb.wrap(s, 0, 28)));
        s = segment(CapturedRtcp.TWCC_ONE_BIT_VECTOR);
        assertEquals(List.of(Status.got(70, 177), Status.lost(71), Status.got(72, 0)), statuses(fb.wrap(s, 0, 24)));
    }

    @Test
    void rebuildsCapturedFeedbackByteForByte() {
        for (String captured : List.of(CapturedRtcp.TWCC_RUN_LENGTH, CapturedRtcp.TWCC_ONE_BIT_VECTOR,
                CapturedRtcp.TWCC_TWO_BIT_VECTORS, CapturedRtcp.TWCC_PADDED)) {
            MemorySegment s = segment(captured);
            int length = (int) s.byteSize();
            fb.wrap(s, 0, length);
            List<Integer> sequences = new ArrayList<>();
            List<Long> arrivals = new ArrayList<>();
            long[] ticks = {fb.referenceTime() * 256L};
            fb.forEachPacket((sequence, received, delta) -> {
                if (received) {
                    ticks[0] += delta;
                    sequences.add(sequence);
                    arrivals.add(ticks[0] * 250);
                }
            });
            MemorySegment out = MemorySegment.ofArray(new byte[length]);
            int n = new RtcpWriter().wrap(out, 0, length).twcc(fb.senderSsrc(), fb.mediaSsrc(), fb.baseSequence(),
                    fb.feedbackPacketCount(), ints(sequences), longs(arrivals), sequences.size());
            assertEquals(length, n, captured);
            assertEquals(hex(captured), hex(out, 0, n));
        }
    }

    @Test
    void encodesRunsVectorsAndLongGaps() {
        // 20 in a row, 1 ms apart: one run-length chunk of small deltas (4 ticks each).
        long[] t = new long[20];
        int[] q = new int[20];
        for (int i = 0; i < 20; i++) {
            q[i] = 100 + i;
            t[i] = 64_000 + 1000L * i;
        }
        String built = build(100, q, t, 20);
        assertEquals("2014", built.substring(40, 44));
        assertEquals(List.of(100, 119), firstAndLast(built));

        // The draft's vector example without its trailing losses: one one-bit vector is 9f1c again.
        int[] seqs = {1, 2, 3, 4, 5, 9, 10, 11};
        long[] at = {250, 500, 750, 1000, 1250, 1500, 1750, 2000};
        assertEquals("9f1c", build(0, seqs, at, 8).substring(40, 44));

        // Received, 9999 lost, received 8 s later: a one-bit vector of 14, runs of 8191 and 1795 losses, then
        // a run of one large delta.
        built = build(0, new int[] {0, 10_000}, new long[] {0, 8_000_000}, 2);
        assertEquals("a0001fff07034001", built.substring(40, 56));
        List<Status> all = statuses(fb.wrap(segment(built), 0, built.length() / 2));
        assertEquals(10_001, all.size());
        assertEquals(Status.got(10_000, 32_000), all.get(10_000));
    }

    @Test
    void encodesLargeAndNegativeDeltas() {
        // 0 at 0 ms; 1 at 100 ms, a large delta; 2 at 99 ms, before 1: a negative delta.
        int[] seqs = {0, 1, 2};
        long[] at = {0, 100_000, 99_000};
        String built = build(0, seqs, at, 3);
        // Symbols 1, 2, 2 as one two-bit vector; deltas 0 (1 byte), 400 and -4 (2 bytes each), 1 byte of padding.
        assertEquals("da00", built.substring(40, 44));
        assertEquals("00" + "0190" + "fffc" + "00", built.substring(44, 56));
        assertEquals(List.of(Status.got(0, 0), Status.got(1, 400), Status.got(2, -4)),
                statuses(fb.wrap(segment(built), 0, 28)));
        // Thirty packets 100 ms apart: the first delta (from the reference time) is small, the next 29 large.
        // Seven symbols 1, 2, 2, 2, 2, 2, 2 go into a two-bit vector, the remaining 23 into a run of symbol 2.
        int[] q = new int[30];
        long[] t = new long[30];
        for (int i = 0; i < 30; i++) {
            q[i] = i;
            t[i] = 100_000L * i;
        }
        assertEquals("daaa4017", build(0, q, t, 30).substring(40, 48));
    }

    @Test
    void referenceTimeIsTheFirstArrivalInSixtyFourMillisecondUnits() {
        int[] seqs = {5};
        // 1 s + 1 ms: reference 15 (960 ms), first delta 41 ms = 164 ticks.
        String built = build(5, seqs, new long[] {1_001_000}, 1);
        assertEquals("0005" + "0001" + "00000f", built.substring(24, 38));
        assertEquals(List.of(Status.got(5, 164)), statuses(fb.wrap(segment(built), 0, built.length() / 2)));
        // A negative time base gives a negative (24-bit signed) reference time.
        built = build(5, seqs, new long[] {-64_000}, 1);
        assertEquals(-1, fb.wrap(segment(built), 0, built.length() / 2).referenceTime());
        assertEquals("ffffff", built.substring(32, 38));
    }

    @Test
    void refusesWhatTheFormatCannotCarry() {
        MemorySegment out = MemorySegment.ofArray(new byte[100]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 100);
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 0, 0, new int[0], new long[0], 0));
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 0, 0, new int[] {3, 3}, new long[] {0, 1}, 2));
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 0, 0, new int[] {3, 2}, new long[] {0, 1}, 2));
        // Before the base (modulo 2^16, 5 is 65531 after 10: far, but then 6 is not after it).
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 10, 0, new int[] {5, 6, 11}, new long[] {0, 1, 2}, 3));
        // 8191.75 ms is the largest gap; 8192 ms is not representable.
        assertEquals(28, w.twcc(1, 2, 0, 0, new int[] {0, 1}, new long[] {0, 8_191_750}, 2));
        w.wrap(out, 0, 100);
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 0, 0, new int[] {0, 1}, new long[] {0, 8_192_000}, 2));
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 0, 0, new int[] {0, 1}, new long[] {0}, 2));
        assertEquals(0, w.length());
    }

    @Test
    void wrapsSequenceNumbersFromTheBase() {
        String built = build(65534, new int[] {65535, 1}, new long[] {0, 250}, 2);
        fb.wrap(segment(built), 0, built.length() / 2);
        assertEquals(65534, fb.baseSequence());
        assertEquals(4, fb.packetStatusCount());
        assertEquals(List.of(Status.lost(65534), Status.got(65535, 0), Status.lost(0), Status.got(1, 1)), statuses(fb));
    }

    @Test
    void validateWalksChunksAndDeltas() {
        MemorySegment s = segment(CapturedRtcp.TWCC_PADDED);
        // 12 + 8 + 4 chunk bytes + 13 delta bytes = 37; the padding after them is optional.
        assertEquals(DropReason.OK, TransportFeedback.validate(s, 0, 37));
        assertEquals(RtcpDrop.TWCC_TRUNCATED, TransportFeedback.validate(s, 0, 36));
        assertEquals(RtcpDrop.TWCC_TRUNCATED, TransportFeedback.validate(s, 0, 23));
        assertEquals(RtcpDrop.TWCC_TRUNCATED, TransportFeedback.validate(s, 0, 19));
        // A status count of 0 needs no chunk.
        assertEquals(DropReason.OK, TransportFeedback.validate(segment("8fcd0004 00000001 00000002 0000 0000 00000000"),
                0, 20));
        // A reserved symbol past the status count is ignored: count 1 of a two-bit vector 01 11 ...
        assertEquals(DropReason.OK, TransportFeedback.validate(segment("8fcd0005 00000001 00000002 0000 0001 00000000 "
                + "dfff 0100"), 0, 24));
    }

    private String build(int base, int[] sequences, long[] arrivals, int count) {
        MemorySegment out = MemorySegment.ofArray(new byte[2048]);
        int n = new RtcpWriter().wrap(out, 0, 2048).twcc(0x11111111, 0x22222222, base, 0, sequences, arrivals, count);
        assertEquals(0, n % 4, "length " + n);
        assertEquals(DropReason.OK, new RtcpCompound().wrap(out, 0, n));
        return hex(out, 0, n);
    }

    private List<Integer> firstAndLast(String built) {
        List<Status> all = statuses(fb.wrap(segment(built), 0, built.length() / 2));
        return List.of(all.getFirst().sequence(), all.getLast().sequence());
    }

    static List<Status> statuses(TransportFeedback fb) {
        List<Status> all = new ArrayList<>();
        int n = fb.forEachPacket((sequence, received, delta) -> all.add(new Status(sequence, received, delta)));
        assertEquals(n, all.size());
        return all;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] longs(List<Long> list) {
        return list.stream().mapToLong(Long::longValue).toArray();
    }
}
