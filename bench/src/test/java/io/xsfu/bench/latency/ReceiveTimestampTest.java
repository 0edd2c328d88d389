package io.xsfu.bench.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReceiveTimestampTest {
    private static MemorySegment cmsg(Arena arena, int level, int type, long seconds, long nanos) {
        MemorySegment c = arena.allocate(ReceiveTimestamp.CONTROL_SPACE, 8);
        c.set(ValueLayout.JAVA_LONG, 0, 32);
        c.set(ValueLayout.JAVA_INT, 8, level);
        c.set(ValueLayout.JAVA_INT, 12, type);
        c.set(ValueLayout.JAVA_LONG, 16, seconds);
        c.set(ValueLayout.JAVA_LONG, 24, nanos);
        return c;
    }

    @Test
    void readsTheKernelsTimespec() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = cmsg(arena, 1, ReceiveTimestamp.SCM_TIMESTAMPNS, 1_700_000_000L, 123_456_789L);
            assertEquals(1_700_000_000_123_456_789L, ReceiveTimestamp.realtimeNanos(c, 0, 32));
        }
    }

    @Test
    void noOrAnotherControlMessageGivesNoTimestamp() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(-1, ReceiveTimestamp.realtimeNanos(cmsg(arena, 1, ReceiveTimestamp.SCM_TIMESTAMPNS, 1, 2), 0, 0));
            assertEquals(-1, ReceiveTimestamp.realtimeNanos(cmsg(arena, 1, 29, 1, 2), 0, 32));
            assertEquals(-1, ReceiveTimestamp.realtimeNanos(cmsg(arena, 0, ReceiveTimestamp.SCM_TIMESTAMPNS, 1, 2), 0, 32));
        }
    }

    @Test
    void theClockOffsetMapsNanoTimeOntoTheWallClock() {
        long offset = ReceiveTimestamp.realtimeMinusMonotonic();
        Instant now = Instant.now();
        long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long mapped = System.nanoTime() + offset;
        assertTrue(Math.abs(mapped - wall) < 5_000_000L, "off by " + (mapped - wall) + " ns");
    }
}
