package io.xsfu.xsk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A ring we produce into: the fill ring (UMEM addresses given to the kernel for receiving) and the TX ring
 * (descriptors to transmit). Usage: {@code n = reserve(k)}; write entries at {@code reservedIndex()+i};
 * {@code submit(n)}.
 */
public final class ProducerRing extends Ring {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;

    private int cachedProducer;
    private int cachedConsumer;
    private int reserved;

    ProducerRing(MemorySegment mapping, long producerOffset, long consumerOffset, long flagsOffset, long descOffset,
                 int size, int entrySize) {
        super(mapping, producerOffset, consumerOffset, flagsOffset, descOffset, size, entrySize);
        this.cachedProducer = loadProducerAcquire();
        this.cachedConsumer = loadConsumerAcquire();
    }

    /** Free slots, refreshing the consumer index from the kernel only when the cached view is short of {@code wanted}. */
    public int free(int wanted) {
        int free = RingIndex.free(size, cachedProducer, cachedConsumer);
        if (free >= wanted) {
            return free;
        }
        cachedConsumer = loadConsumerAcquire();
        return RingIndex.free(size, cachedProducer, cachedConsumer);
    }

    /** Reserves up to {@code wanted} slots after the last submitted one; returns how many were reserved. */
    public int reserve(int wanted) {
        int n = Math.min(wanted, free(wanted));
        reserved = n;
        return n;
    }

    /** Index of the first reserved slot. */
    public int reservedIndex() {
        return cachedProducer;
    }

    /** Fill ring entry: a UMEM address. */
    public void setAddress(int index, long umemAddress) {
        entries.set(U64, entryOffset(index), umemAddress);
    }

    /** TX ring entry: an xdp_desc {addr, len, options}. */
    public void setDescriptor(int index, long umemAddress, int length) {
        long at = entryOffset(index);
        entries.set(U64, at, umemAddress);
        entries.set(U32, at + 8, length);
        entries.set(U32, at + 12, 0);
    }

    /** Publishes the first {@code n} reserved entries to the kernel (n may be less than reserved). */
    public void submit(int n) {
        if (n < 0 || n > reserved) {
            throw new IllegalArgumentException("submit " + n + " of " + reserved + " reserved");
        }
        cachedProducer += n;
        reserved = 0;
        storeProducerRelease(cachedProducer);
    }

    /** Entries submitted that the kernel has not consumed yet (fresh read of its index). */
    public int outstanding() {
        cachedConsumer = loadConsumerAcquire();
        return RingIndex.used(cachedProducer, cachedConsumer);
    }

    /** Reads entry {@code index}'s address back (used at shutdown to reclaim what the kernel never took). */
    public long addressAt(int index) {
        return entries.get(U64, entryOffset(index));
    }

    int producerIndex() {
        return cachedProducer;
    }

    int consumerIndexFresh() {
        cachedConsumer = loadConsumerAcquire();
        return cachedConsumer;
    }
}
