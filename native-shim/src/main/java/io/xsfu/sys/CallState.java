package io.xsfu.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A preallocated errno capture area for one thread's hot-path syscalls (TX kicks, recvmmsg), so that
 * checking errno costs no allocation. Not thread-safe: one per calling thread.
 */
public final class CallState implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    final MemorySegment segment = arena.allocate(Native.CAPTURE_LAYOUT);

    /** errno of the last call made with this state. */
    public int errno() {
        return Native.errno(segment);
    }

    @Override
    public void close() {
        arena.close();
    }
}
