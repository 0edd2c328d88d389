package io.xsfu.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rings against a simulated kernel side: the test plays the kernel by writing the other index and
 * the entries directly, exactly where the kernel's mmap'ed layout has them.
 */
class RingTest {
    private static final long PRODUCER = 0;
    private static final long CONSUMER = 64;
    private static final long FLAGS = 128;
    private static final long DESC = 192;

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment mapping(int size, int entrySize, int startIndex) {
        MemorySegment m = arena.allocate(DESC + (long) size * entrySize, 64);
        m.set(ValueLayout.JAVA_INT, PRODUCER, startIndex);
        m.set(ValueLayout.JAVA_INT, CONSUMER, startIndex);
        return m;
    }

    @Test
    void ringIndexArithmeticWrapsAroundUnsigned32Bits() {
        int producer = 5;           // wrapped past 2^32
        int consumer = -3;          // 0xFFFFFFFD, i.e. 2^32 - 3
        assertEquals(8, RingIndex.used(producer, consumer));
        assertEquals(8, RingIndex.free(16, producer, consumer));
        assertEquals(13, RingIndex.slot(-3, 15));
        assertTrue(RingIndex.isPowerOfTwo(2048));
        assertFalse(RingIndex.isPowerOfTwo(2047));
        assertFalse(RingIndex.isPowerOfTwo(0));
    }

    @Test
    void producerRingReservesOnlyFreeSlotsAndPublishesWithItsIndex() {
        MemorySegment m = mapping(8, 8, 0);
        ProducerRing fill = new ProducerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 8, 8);
        assertEquals(8, fill.reserve(100));
        int first = fill.reservedIndex();
        for (int i = 0; i < 8; i++) {
            fill.setAddress(first + i, i * 4096L);
        }
        fill.submit(8);
        assertEquals(8, m.get(ValueLayout.JAVA_INT, PRODUCER));
        assertEquals(0, fill.reserve(1), "full until the kernel consumes");
        m.set(ValueLayout.JAVA_INT, CONSUMER, 3); // kernel took three
        assertEquals(3, fill.reserve(5));
        assertEquals(3 * 4096L, m.get(ValueLayout.JAVA_LONG, DESC + 3 * 8));
    }

    @Test
    void submitMoreThanReservedIsRejected() {
        MemorySegment m = mapping(8, 16, 0);
        ProducerRing tx = new ProducerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 8, 16);
        assertEquals(2, tx.reserve(2));
        assertThrows(IllegalArgumentException.class, () -> tx.submit(3));
    }

    @Test
    void partialSubmitLeavesTheRestUnpublished() {
        MemorySegment m = mapping(8, 16, 0);
        ProducerRing tx = new ProducerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 8, 16);
        assertEquals(4, tx.reserve(4));
        tx.setDescriptor(tx.reservedIndex(), 8192, 100);
        tx.submit(1);
        assertEquals(1, m.get(ValueLayout.JAVA_INT, PRODUCER));
        assertEquals(1, tx.outstanding());
        assertEquals(8192L, m.get(ValueLayout.JAVA_LONG, DESC));
        assertEquals(100, m.get(ValueLayout.JAVA_INT, DESC + 8));
        assertEquals(7, tx.reserve(8));
    }

    @Test
    void consumerRingSeesEntriesAcrossTheWrapOfThe32BitIndex() {
        int start = -2; // indices 0xFFFFFFFE, 0xFFFFFFFF, 0, 1
        MemorySegment m = mapping(4, 16, start);
        ConsumerRing rx = new ConsumerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 4, 16);
        assertEquals(0, rx.peek(4));
        for (int i = 0; i < 4; i++) {
            int index = start + i;
            long at = DESC + (long) (index & 3) * 16;
            m.set(ValueLayout.JAVA_LONG, at, 4096L * i + 256);
            m.set(ValueLayout.JAVA_INT, at + 8, 60 + i);
        }
        m.set(ValueLayout.JAVA_INT, PRODUCER, start + 4); // kernel publishes four, producer wraps to 2
        assertEquals(4, rx.peek(10));
        int first = rx.peekedIndex();
        assertEquals(start, first);
        for (int i = 0; i < 4; i++) {
            assertEquals(4096L * i + 256, rx.descriptorAddress(first + i));
            assertEquals(60 + i, rx.descriptorLength(first + i));
        }
        rx.release(4);
        assertEquals(2, m.get(ValueLayout.JAVA_INT, CONSUMER));
        assertEquals(0, rx.peek(4));
    }

    @Test
    void consumerPeekIsBoundedByMax() {
        MemorySegment m = mapping(8, 8, 0);
        ConsumerRing cq = new ConsumerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 8, 8);
        m.set(ValueLayout.JAVA_INT, PRODUCER, 6);
        assertEquals(4, cq.peek(4));
        cq.release(4);
        assertEquals(2, cq.peek(4));
    }

    @Test
    void needWakeupFollowsTheFlagsWord() {
        MemorySegment m = mapping(8, 8, 0);
        ProducerRing fill = new ProducerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 8, 8);
        assertFalse(fill.needsWakeup());
        m.set(ValueLayout.JAVA_INT, FLAGS, 1);
        assertTrue(fill.needsWakeup());
    }

    @Test
    void nonPowerOfTwoRingIsRejected() {
        MemorySegment m = mapping(8, 8, 0);
        assertThrows(IllegalArgumentException.class, () -> new ProducerRing(m, PRODUCER, CONSUMER, FLAGS, DESC, 6, 8));
    }
}
