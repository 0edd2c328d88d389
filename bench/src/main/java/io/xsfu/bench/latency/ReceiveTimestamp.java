package io.xsfu.bench.latency;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Clock;
import java.time.Instant;

/**
 * Kernel software receive timestamps ({@code SO_TIMESTAMPNS}): the kernel stamps a datagram when it enters the
 * receiving host's stack (on a veth, when the forwarder's transmit hands it over), so the probe's own
 * scheduling delays do not count in the latency. The stamp is CLOCK_REALTIME; the send time is
 * {@link System#nanoTime()} (CLOCK_MONOTONIC), so the offset between the two clocks is measured before each
 * phase. Both clocks get the same NTP frequency corrections; only a step of the wall clock during a phase
 * would skew it (a phase lasts seconds).
 */
final class ReceiveTimestamp {
    static final int SO_TIMESTAMPNS = 35;
    static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    /** CMSG_SPACE(sizeof(struct timespec)) on x86-64: 16-byte header + 16 bytes, with room to spare. */
    static final int CONTROL_SPACE = 64;
    private static final long CMSG_LEN = 0;
    private static final long CMSG_LEVEL = 8;
    private static final long CMSG_TYPE = 12;
    private static final long CMSG_DATA = 16;
    private static final int CMSG_HEADER = 16;
    private static final int SOL_SOCKET = 1;
    private static final Clock WALL = Clock.systemUTC();

    private ReceiveTimestamp() {
    }

    /**
     * The receive time in CLOCK_REALTIME nanoseconds from a message's control data, or -1 when the kernel gave
     * none (first control message only: the probe asks for nothing else).
     */
    static long realtimeNanos(MemorySegment control, long offset, long controlLength) {
        if (controlLength < CMSG_HEADER + 16) {
            return -1;
        }
        long len = control.get(ValueLayout.JAVA_LONG, offset + CMSG_LEN);
        int level = control.get(ValueLayout.JAVA_INT, offset + CMSG_LEVEL);
        int type = control.get(ValueLayout.JAVA_INT, offset + CMSG_TYPE);
        if (level != SOL_SOCKET || type != SCM_TIMESTAMPNS || len < CMSG_HEADER + 16) {
            return -1;
        }
        long seconds = control.get(ValueLayout.JAVA_LONG, offset + CMSG_DATA);
        long nanos = control.get(ValueLayout.JAVA_LONG, offset + CMSG_DATA + 8);
        return seconds * 1_000_000_000L + nanos;
    }

    /**
     * CLOCK_REALTIME minus CLOCK_MONOTONIC in nanoseconds, from the tightest of a few readings of the wall
     * clock bracketed by two monotonic ones (uncertainty: half the tightest bracket, well under a microsecond).
     */
    static long realtimeMinusMonotonic() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 200; i++) {
            long before = System.nanoTime();
            Instant wall = WALL.instant();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                offset = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }
}
