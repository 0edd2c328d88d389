package io.xsfu.xsk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A ring the kernel produces into: the RX ring (received descriptors) and the completion ring (UMEM
 * addresses of transmitted frames). Usage: {@code n = peek(k)}; read entries at {@code peekedIndex()+i};
 * {@code release(n)}.
 */
public final class ConsumerRing extends Ring {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;

    private int cachedProducer;
    private int cachedConsumer;

    ConsumerRing(MemorySegment mapping, long producerOffset, long consumerOffset, long flagsOffset, long descOffset,
                 int size, int entrySize) {
        super(mapping, producerOffset, consumerOffset, flagsOffset, descOffset, size, entrySize);
        this.cachedProducer = loadProducerAcquire();
        this.cachedConsumer = loadConsumerAcquire();
    }

    /** Up to {@code max} entries available to read; reads the kernel's producer index only when the cached view is empty. */
    public int peek(int max) {
        int available = RingIndex.used(cachedProducer, cachedConsumer);
        if (available == 0) {
            cachedProducer = loadProducerAcquire();
            available = RingIndex.used(cachedProducer, cachedConsumer);
        }
        return Math.min(available, max);
    }

    public int peekedIndex() {
        return cachedConsumer;
    }

    /** Completion ring entry: a UMEM address. */
    public long address(int index) {
        return entries.get(U64, entryOffset(index));
    }

    /** RX descriptor address. */
    public long descriptorAddress(int index) {
        return entries.get(U64, entryOffset(index));
    }

    /** RX descriptor length. */
    public int descriptorLength(int index) {
        return entries.get(U32, entryOffset(index) + 8);
    }

    /** Hands {@code n} read entries back to the kernel. */
    public void release(int n) {
        cachedConsumer += n;
        storeConsumerRelease(cachedConsumer);
    }
}
