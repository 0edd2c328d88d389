package io.xsfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reading and building RTCP allocates nothing: validating a compound, reading every field of every packet
 * (NACK expansion and TWCC visiting included), rewriting SSRCs in place, and writing a compound of every kind.
 */
class RtcpAllocationTest {
    private static final int ITERATIONS = 50_000;
    private static final int ROUNDS = 5;
    /** As in the packet layer's AllocationTest: deoptimization may materialize a few objects once. */
    private static final long JIT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final CompoundWalker walker = new CompoundWalker();
    private final RtcpWriter writer = new RtcpWriter();
    private final Fir fir = new Fir();
    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final int[] lost = {65530, 65531, 65533, 2, 3, 40, 41};
    private final int[] ssrcs = {0x11223344, 0x55667788};
    private final int[] firSequences = {3, 4};
    private final int[] twccSequences = new int[40];
    private final long[] arrivals = new long[40];

    @Test
    void readingAndWritingAllocateNothing() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        String[] captured = {CapturedRtcp.SR_SDES, CapturedRtcp.RR_SDES, CapturedRtcp.RR_SDES_PLI_NACK,
            CapturedRtcp.RR_SDES_FIR_NACK, CapturedRtcp.SR_SDES_BYE, CapturedRtcp.TWCC_PADDED,
            CapturedRtcp.TWCC_ONE_BIT_VECTOR};
        for (int i = 0; i < twccSequences.length; i++) {
            twccSequences[i] = (65520 + i + (i > 20 ? 3 : 0)) & 0xFFFF;
            arrivals[i] = 5_000_000L + i * (i % 5 == 0 ? 70_000L : 2_000L);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rx = arena.allocate(captured.length * 256L);
            int[] lengths = new int[captured.length];
            for (int i = 0; i < captured.length; i++) {
                byte[] b = CapturedRtcp.bytes(captured[i]);
                MemorySegment.copy(MemorySegment.ofArray(b), 0, rx, i * 256L, b.length);
                lengths[i] = b.length;
            }
            MemorySegment heap = MemorySegment.ofArray(CapturedRtcp.bytes(CapturedRtcp.RR_SDES_FIR_NACK));
            MemorySegment tx = arena.allocate(1500);
            MemorySegment cname = arena.allocate(32);
            MemorySegment.copy(MemorySegment.ofArray("xsfu@sfu".getBytes(StandardCharsets.US_ASCII)), 0, cname, 0, 8);
            MemorySegment cnameSlice = cname.asSlice(0, 8);

            long checksum = run(rx, lengths, heap, tx, cnameSlice, ITERATIONS); // warm-up: interpreter, C1, C2
            // The last walk read the built compound: every append went in.
            assertEquals(9, walker.compound.packetCount());
            assertEquals(0, walker.compound.unknownCount());
            long idle = THREADS.getCurrentThreadAllocatedBytes();
            assertEquals(0, THREADS.getCurrentThreadAllocatedBytes() - idle, "measuring allocates");

            long[] perRound = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                checksum += run(rx, lengths, heap, tx, cnameSlice, ITERATIONS);
                perRound[r] = THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            String rounds = Arrays.toString(perRound);
            for (long bytes : perRound) {
                assertTrue(bytes <= JIT_SLACK_BYTES, "bytes allocated per " + ITERATIONS + " iterations: " + rounds);
            }
            assertTrue(Arrays.stream(perRound).anyMatch(b -> b == 0), "no round without allocation: " + rounds);
            assertTrue(checksum != 0);
        }
    }

    /** Returns a value depending on all the work so that none of it is dead code. */
    private long run(MemorySegment rx, int[] lengths, MemorySegment heap, MemorySegment tx, MemorySegment cname,
            int iterations) {
        long acc = 0;
        for (int i = 0; i < iterations; i++) {
            int slot = i % lengths.length;
            acc += walker.walk(rx, slot * 256L, lengths[slot]);

            // What a relay does to a subscriber's FIR and RR before sending them to the publisher.
            if (walker.compound.wrap(heap, 0, (int) heap.byteSize()) == DropReason.OK) {
                while (walker.compound.next()) {
                    long p = walker.compound.packetOffset();
                    int n = walker.compound.contentLength();
                    if (walker.compound.kind() == RtcpKind.FIR) {
                        fir.wrap(heap, p, n).entrySsrc(0, 0x11223344).senderSsrc(i);
                    } else if (walker.compound.kind() == RtcpKind.RR) {
                        rr.wrap(heap, p, n).ssrc(i);
                    }
                }
            }

            writer.wrap(tx, 0, 1500);
            writer.receiverReport(i);
            writer.reportBlock(0x11223344, i & 0xFF, i - 100, i, 7, 8, 9);
            writer.reportBlock(0x55667788, 0, 0, i, 7, 8, 9);
            writer.sdesCname(i, cname);
            writer.nack(i, 0x11223344, lost, 0, lost.length);
            writer.pli(i, 0x11223344);
            writer.fir(i, ssrcs, firSequences, 2);
            writer.remb(i, 1_500_000L + i, ssrcs, 2);
            writer.twcc(i, 0x11223344, 65520, i, twccSequences, arrivals, twccSequences.length);
            writer.senderReport(i, (long) i << 32, i, i, i);
            int length = writer.bye(ssrcs, 1, null);
            acc += length + walker.walk(tx, 0, length);
            acc += rr.wrap(tx, 0, 56).reportBlock(1, block).extendedHighestSequence();
        }
        return acc;
    }
}
