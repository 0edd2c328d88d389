package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Steady state of a transport, one packet at a time through a sending and a receiving session: protect in
 * place, unprotect in place, next sequence number (through several rollovers), for RTP of 200 and 1200 bytes
 * and RTCP, in native memory (UMEM) and in a heap array. No profile allocates (GCM is built from AES-ECB and
 * {@link Ghash}, not the JDK's GCM cipher, whose per-packet init allocated about 1.2 KB).
 */
class SrtpAllocationTest {
    private static final int PACKETS = 100_000;
    private static final int ROUNDS = 5;
    /** As in io.xsfu.packet.AllocationTest: a deoptimisation may materialise a few objects once. */
    private static final long JIT_SLACK_BYTES = 1024;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void noProfileAllocatesPerPacket(SrtpProfile profile) {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        SrtpSession sender = new SrtpSession(profile, new byte[profile.keyLength()], new byte[profile.saltLength()]);
        SrtpSession receiver = new SrtpSession(profile, new byte[profile.keyLength()], new byte[profile.saltLength()]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment umem = arena.allocate(4 * 2048);
            MemorySegment heap = MemorySegment.ofArray(new byte[2048]);
            byte[][] packets = {TestPackets.rtp(0, 1, 188), TestPackets.rtp(0, 2, 1, 2, new byte[1172]),
                TestPackets.rtcp(3, 10)};
            for (int i = 0; i < packets.length; i++) {
                MemorySegment.copy(MemorySegment.ofArray(packets[i]), 0, umem, i * 2048L + 256, packets[i].length);
            }
            MemorySegment.copy(MemorySegment.ofArray(packets[0]), 0, heap, 0, packets[0].length);
            int[] lengths = {packets[0].length, packets[1].length, packets[2].length};

            long checksum = run(sender, receiver, umem, heap, lengths, 0); // warm-up: interpreter, C1, C2
            long idle = THREADS.getCurrentThreadAllocatedBytes();
            assertEquals(0, THREADS.getCurrentThreadAllocatedBytes() - idle, "measuring allocates");

            long[] perRound = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                checksum += run(sender, receiver, umem, heap, lengths, (r + 1) * PACKETS);
                perRound[r] = THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            String rounds = Arrays.toString(perRound);
            assertTrue(checksum != 0);
            for (long bytes : perRound) {
                assertTrue(bytes <= JIT_SLACK_BYTES, "bytes allocated per " + PACKETS + " packets: " + rounds);
            }
            assertTrue(Arrays.stream(perRound).anyMatch(b -> b == 0), "no round without allocation: " + rounds);
        }
    }

    /**
     * Per iteration: a 200- or 1200-byte RTP packet (alternately UMEM and heap for the small one) or an RTCP
     * compound, protected then unprotected in place. Returns a value depending on all of it.
     */
    private static long run(SrtpSession sender, SrtpSession receiver, MemorySegment umem, MemorySegment heap,
            int[] lengths, int firstSeq) {
        long acc = 0;
        for (int i = 0; i < PACKETS; i++) {
            int kind = i % 3;
            MemorySegment seg = kind == 0 && (i & 1) == 1 ? heap : umem;
            long offset = seg == heap ? 0 : kind * 2048L + 256;
            int length = lengths[kind];
            if (kind == 2) {
                int n = sender.protectRtcp(seg, offset, length, 2048 - 256);
                acc += receiver.unprotectRtcp(seg, offset, n);
                continue;
            }
            seg.set(BE16, offset + 2, (short) (firstSeq + i));
            int n = sender.protectRtp(seg, offset, length, 2048 - 256);
            int m = receiver.unprotectRtp(seg, offset, n);
            if (m != length) {
                throw new AssertionError("packet " + i + ": " + n + " -> " + m);
            }
            acc += m;
        }
        return acc;
    }
}
