package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetransmissionCacheTest {
    private static final long SECOND = 1_000_000_000L;
    private final Arena arena = Arena.ofConfined();
    private final RetransmissionCache cache = new RetransmissionCache(arena, 8, 100, SECOND);

    @AfterEach
    void close() {
        arena.close();
    }

    private static MemorySegment packet(int seq, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seq * 7 + i);
        }
        return MemorySegment.ofArray(b);
    }

    private byte[] read(int slot) {
        byte[] out = new byte[cache.length(slot)];
        assertEquals(out.length, cache.copyOut(slot, MemorySegment.ofArray(out), 0));
        return out;
    }

    @Test
    void findsWhatWasStoredByItsSequenceNumber() {
        MemorySegment frame = MemorySegment.ofArray(new byte[300]);
        MemorySegment.copy(packet(5, 60), 0, frame, 40, 60);
        assertTrue(cache.store(5, frame, 40, 60, 0));
        assertTrue(cache.store(6, packet(6, 100), 0, 100, 0));
        int slot = cache.find(5, 10);
        assertEquals(5, slot);
        assertEquals(60, cache.length(slot));
        assertEquals(0, cache.arrivalNanos(slot));
        assertArrayEquals(packet(5, 60).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), read(slot));
        assertArrayEquals(packet(6, 100).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), read(cache.find(6, 10)));
        assertEquals(slot * 100L, cache.offset(slot));
        assertEquals(2, cache.hits());
        assertEquals(2, cache.stored());
    }

    @Test
    void aNumberNeverStoredIsAMiss() {
        assertEquals(-1, cache.find(3, 0));
        cache.store(11, packet(11, 10), 0, 10, 0); // same slot as 3
        assertEquals(-1, cache.find(3, 0));
        assertEquals(2, cache.misses());
    }

    @Test
    void olderThanTheMaxAgeIsNotFound() {
        cache.store(1, packet(1, 10), 0, 10, 5 * SECOND);
        assertEquals(1, cache.find(1, 6 * SECOND));
        assertEquals(-1, cache.find(1, 6 * SECOND + 1));
        assertEquals(1, cache.expired());
    }

    @Test
    void aNewerPacketInTheSameSlotReplacesTheOlder() {
        cache.store(5, packet(5, 10), 0, 10, 0);
        cache.store(13, packet(13, 20), 0, 20, 1);
        assertEquals(-1, cache.find(5, 2));
        assertArrayEquals(packet(13, 20).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), read(cache.find(13, 2)));
    }

    @Test
    void aLatePacketDoesNotReplaceANewerLiveOne() {
        cache.store(13, packet(13, 20), 0, 20, 0);
        assertFalse(cache.store(5, packet(5, 10), 0, 10, 1));
        assertEquals(1, cache.staleStores());
        assertEquals(5, cache.find(13, 2));
        assertEquals(-1, cache.find(5, 2));
    }

    @Test
    void aLatePacketReplacesAnExpiredOne() {
        cache.store(13, packet(13, 20), 0, 20, 0);
        assertTrue(cache.store(5, packet(5, 10), 0, 10, 2 * SECOND));
        assertEquals(5, cache.find(5, 2 * SECOND));
    }

    @Test
    void storingTheSameNumberAgainReplacesIt() {
        cache.store(4, packet(4, 10), 0, 10, 0);
        cache.store(4, packet(99, 30), 0, 30, 1);
        assertArrayEquals(packet(99, 30).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), read(cache.find(4, 1)));
    }

    @Test
    void wrapsAroundAt65535() {
        for (int s : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            assertTrue(cache.store(s, packet(s, 10), 0, 10, 0));
        }
        for (int s : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            int slot = cache.find(s, 0);
            assertEquals(s & 7, slot);
            assertArrayEquals(packet(s, 10).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), read(slot));
        }
        // 65530 belongs in the slot of 2, which is newer on the ring (65530 + 8 = 2)
        assertFalse(cache.store(65530, packet(1, 10), 0, 10, 0));
        assertEquals(65534 & 7, cache.find(65534, 0));
    }

    @Test
    void aNumberThatCameRoundAgainIsNotTheOldPacket() {
        cache.store(7, packet(7, 10), 0, 10, 0);
        // 65,536 packets later the same number, unseen: the max age tells them apart
        assertEquals(-1, cache.find(7, 2 * SECOND));
    }

    @Test
    void packetsLargerThanASlotOrEmptyAreNotCached() {
        assertFalse(cache.store(1, packet(1, 101), 0, 101, 0));
        assertFalse(cache.store(2, packet(1, 10), 0, 0, 0));
        assertEquals(2, cache.oversized());
        assertEquals(-1, cache.find(1, 0));
        assertTrue(cache.store(3, packet(3, 100), 0, 100, 0));
    }

    @Test
    void clearForgetsEverything() {
        cache.store(1, packet(1, 10), 0, 10, 0);
        cache.clear();
        assertEquals(-1, cache.find(1, 0));
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(arena, 6, 100, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(arena, 1 << 16, 100, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(arena, 8, 0, SECOND));
        assertEquals(8, cache.slots());
        assertEquals(100, cache.slotSize());
        assertEquals(800, cache.segment().byteSize());
    }
}
