package io.xsfu.xsk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One of the four AF_XDP rings, shared with the kernel through an mmap'ed region: a producer index, a
 * consumer index, a flags word and a power-of-two array of entries.
 *
 * <p>Memory ordering mirrors the kernel's {@code smp_load_acquire}/{@code smp_store_release} pairs: the
 * index written by the other side is read with acquire (so the entries it published are visible), and our
 * index is written with release (so the entries we wrote, or finished reading, are ordered before it).
 * Each side also keeps a cached copy of the other side's index to touch the shared cache line only when
 * the cached view runs out.
 */
abstract sealed class Ring permits ProducerRing, ConsumerRing {
    static final VarHandle INDEX = ValueLayout.JAVA_INT.varHandle();

    final MemorySegment mapping;
    final long producerOffset;
    final long consumerOffset;
    final long flagsOffset;
    final MemorySegment entries;
    final int size;
    final int mask;
    final int entrySize;

    Ring(MemorySegment mapping, long producerOffset, long consumerOffset, long flagsOffset, long descOffset,
         int size, int entrySize) {
        if (!RingIndex.isPowerOfTwo(size)) {
            throw new IllegalArgumentException("ring size must be a power of two: " + size);
        }
        this.mapping = mapping;
        this.producerOffset = producerOffset;
        this.consumerOffset = consumerOffset;
        this.flagsOffset = flagsOffset;
        this.entries = mapping.asSlice(descOffset, (long) size * entrySize);
        this.size = size;
        this.mask = size - 1;
        this.entrySize = entrySize;
    }

    final int loadProducerAcquire() {
        return (int) INDEX.getAcquire(mapping, producerOffset);
    }

    final int loadConsumerAcquire() {
        return (int) INDEX.getAcquire(mapping, consumerOffset);
    }

    final void storeProducerRelease(int value) {
        INDEX.setRelease(mapping, producerOffset, value);
    }

    final void storeConsumerRelease(int value) {
        INDEX.setRelease(mapping, consumerOffset, value);
    }

    /** The kernel asks for a syscall (need_wakeup protocol): a plain volatile read of the flags word. */
    public final boolean needsWakeup() {
        return ((int) INDEX.getVolatile(mapping, flagsOffset) & io.xsfu.xdp.XdpStructs.XDP_RING_NEED_WAKEUP) != 0;
    }

    public final int size() {
        return size;
    }

    final long entryOffset(int index) {
        return (long) (index & mask) * entrySize;
    }
}
