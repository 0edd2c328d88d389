package io.xsfu.rtp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The cache against random traffic: numbers advancing from anywhere (often across the wrap) with gaps and
 * late packets, random sizes (some too large), time advancing irregularly, lookups of recent and old numbers.
 * A hit is exactly the bytes last stored under that number, younger than the max age; a number among the
 * last {@code slots} that was stored within the max age is always found; a store is refused only when too
 * large or when a newer number sharing its slot is still young.
 */
class RetransmissionCacheProperties {
    private static final long MS = 1_000_000L;
    private static final int SLOT_SIZE = 64;

    record Stored(byte[] bytes, long at) {
    }

    @Property(tries = 300)
    boolean findsExactlyWhatWasStoredWithinAge(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int slotBits,
            @ForAll @IntRange(min = 1, max = 3000) int steps, @ForAll @IntRange(min = 1, max = 50) int stepMs,
            @ForAll @IntRange(min = 10, max = 1000) int maxAgeMs) {
        Random rnd = new Random(seed);
        int slots = 1 << slotBits;
        long maxAge = maxAgeMs * MS;
        int head = rnd.nextBoolean() ? rnd.nextInt(65536) : 65536 - rnd.nextInt(steps + 1);
        head &= 0xFFFF;
        long now = rnd.nextLong(1L << 50);
        Map<Integer, Stored> last = new HashMap<>(); // number -> last successful store
        try (Arena arena = Arena.ofConfined()) {
            RetransmissionCache cache = new RetransmissionCache(arena, slots, SLOT_SIZE, maxAge);
            MemorySegment frame = arena.allocate(256);
            byte[] copy = new byte[SLOT_SIZE];
            for (int step = 0; step < steps; step++) {
                now += rnd.nextLong(stepMs * MS + 1);
                int late = rnd.nextInt(5) == 0 ? rnd.nextInt(3 * slots) : 0;
                int seq = late > 0 ? (head - late) & 0xFFFF : (head = (head + 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(5) : 0)) & 0xFFFF);
                int length = rnd.nextInt(20) == 0 ? SLOT_SIZE + 1 + rnd.nextInt(100) : 1 + rnd.nextInt(SLOT_SIZE);
                byte[] bytes = new byte[length];
                rnd.nextBytes(bytes);
                long offset = rnd.nextInt(256 - length + 1);
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, frame, offset, length);
                boolean ok = cache.store(seq, frame, offset, length, now);
                if (ok != (length <= SLOT_SIZE && !newerLiveInSlot(last, seq, slots, now, maxAge, (head - seq) & 0xFFFF))) {
                    throw new AssertionError("store of " + seq + " (" + length + " bytes, " + late + " late): " + ok);
                }
                if (ok) {
                    last.put(seq, new Stored(bytes, now)); // a refused store leaves an older copy as it was
                }
                for (int q = 0; q < 3; q++) {
                    int back = rnd.nextInt(2 * slots + 2);
                    int asked = (head - back) & 0xFFFF;
                    int slot = cache.find(asked, now);
                    Stored s = last.get(asked);
                    boolean mustHit = back < slots && s != null && now - s.at <= maxAge;
                    if (slot < 0) {
                        if (mustHit) {
                            throw new AssertionError("missed " + asked + " stored at " + s.at + ", now " + now);
                        }
                        continue;
                    }
                    if (s == null || now - s.at > maxAge) {
                        throw new AssertionError("found " + asked + " that is not (or no longer) stored");
                    }
                    int n = cache.copyOut(slot, MemorySegment.ofArray(copy), 0);
                    if (!Arrays.equals(Arrays.copyOf(copy, n), s.bytes) || cache.arrivalNanos(slot) != s.at) {
                        throw new AssertionError("wrong bytes for " + asked);
                    }
                    byte[] inPlace = cache.segment().asSlice(cache.offset(slot), cache.length(slot))
                            .toArray(ValueLayout.JAVA_BYTE);
                    if (!Arrays.equals(inPlace, s.bytes)) {
                        throw new AssertionError("in-place bytes differ for " + asked);
                    }
                }
            }
        }
        return true;
    }

    /** Whether a number newer than {@code seq} on the ring, congruent modulo the slots, was stored within the max age. */
    private static boolean newerLiveInSlot(Map<Integer, Stored> last, int seq, int slots, long now, long maxAge,
            int behindHead) {
        for (int ahead = slots; ahead <= behindHead; ahead += slots) { // nothing newer than the head was stored
            Stored s = last.get((seq + ahead) & 0xFFFF);
            if (s != null && now - s.at <= maxAge) {
                return true;
            }
        }
        return false;
    }
}
