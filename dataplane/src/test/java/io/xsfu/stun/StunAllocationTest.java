package io.xsfu.stun;

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
 * Checking a request allocates nothing: validating it (FINGERPRINT included), reading its attributes,
 * verifying MESSAGE-INTEGRITY, writing the response, and the whole {@link IceLiteResponder#handle} once the
 * pair is known, for native and heap segments, IPv4 and IPv6.
 */
class StunAllocationTest {
    private static final int ITERATIONS = 30_000;
    private static final int ROUNDS = 5;
    /** As in the packet layer's AllocationTest: deoptimization may materialize a few objects once. */
    private static final long JIT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String LOCAL_PWD = "sfuPasswordOf22Chars+/";

    private final StunMessage message = new StunMessage();
    private final StunWriter writer = new StunWriter();
    private final HmacSha1 rfcKey = HmacSha1.ofPassword(Rfc5769.PASSWORD);
    private final IceLiteResponder responder = new IceLiteResponder("sfuA", LOCAL_PWD, "brws");
    private final TransportAddress v4 = new TransportAddress().ipv4(0x7f000001, 50000);
    private final TransportAddress v6 = new TransportAddress().ipv6(0xfd00L << 48, 7, 50001);
    private final TransportAddress mapped = new TransportAddress();
    private final byte[] rfcUsername = Rfc5769.USERNAME.getBytes(StandardCharsets.US_ASCII);
    /** Requests that verified and responses that parsed: all of them, or the loop measured nothing. */
    private long verified;

    @Test
    void checkingAndAnsweringAllocateNothing() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        try (Arena arena = Arena.ofConfined()) {
            byte[] rfc = Rfc5769.bytes(Rfc5769.REQUEST);
            MemorySegment rx = arena.allocate(2048);
            MemorySegment.copy(MemorySegment.ofArray(rfc), 0, rx, 100, rfc.length);
            MemorySegment heap = MemorySegment.ofArray(rfc.clone());
            MemorySegment check = arena.allocate(512);
            int checkLength = new StunWriter().wrap(check, 0, 512).bindingRequest(1, 2,
                    "sfuA:brws".getBytes(StandardCharsets.US_ASCII), 1234, true, 99, true,
                    HmacSha1.ofPassword(LOCAL_PWD));
            MemorySegment tx = arena.allocate(2048);
            int[] lengths = {rfc.length, checkLength};

            long checksum = run(rx, heap, check, tx, lengths, ITERATIONS); // warm-up; also creates the pairs
            assertEquals(2, responder.pairCount());
            assertEquals(2L * ITERATIONS, verified);
            long idle = THREADS.getCurrentThreadAllocatedBytes();
            assertEquals(0, THREADS.getCurrentThreadAllocatedBytes() - idle, "measuring allocates");

            long[] perRound = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                checksum += run(rx, heap, check, tx, lengths, ITERATIONS);
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

    private long run(MemorySegment rx, MemorySegment heap, MemorySegment check, MemorySegment tx, int[] lengths,
            int iterations) {
        long acc = 0;
        for (int i = 0; i < iterations; i++) {
            MemorySegment in = (i & 1) == 0 ? rx : heap;
            long offset = (i & 1) == 0 ? 100 : 0;
            if (message.wrap(in, offset, lengths[0]).validate() == DropReason.OK
                    && message.usernameEquals(rfcUsername) && message.verifyIntegrity(rfcKey)) {
                acc += message.priority() + message.iceControlledTieBreaker() + message.transactionIdLow();
                acc += writer.wrap(tx, 0, 2048).bindingSuccess(message, (i & 2) == 0 ? v4 : v6, rfcKey);
                verified++;
            }
            IceLiteResponder.Outcome outcome = responder.handle(check, 0, lengths[1], (i & 2) == 0 ? v4 : v6,
                    i * 1000L, tx, 0, 2048);
            acc += outcome.responseLength() + (outcome.nominated() ? 1 : 0);
            if (message.wrap(tx, 0, outcome.responseLength()).validate() == DropReason.OK
                    && message.xorMappedAddress(mapped)) {
                acc += mapped.port();
                verified++;
            }
        }
        return acc;
    }
}
