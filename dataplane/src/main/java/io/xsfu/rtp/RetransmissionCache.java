package io.xsfu.rtp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The last packets of one producer's stream, kept to answer NACKs: {@code slots} slots (a power of two, at
 * most 2^15) of {@code slotSize} bytes in one native segment allocated up front, slot = sequence number mod
 * {@code slots}. A packet is found only by its own sequence number and only while it is younger than
 * {@code maxAgeNanos}, so neither an overwritten slot nor a number that came round again after 65,536
 * packets is ever mistaken for it.
 *
 * <p>A late packet does not overwrite a newer live one in its slot; a repeated store of the same number
 * replaces it. A packet larger than a slot is not cached (counted). Agent-owned, single-threaded; the caller
 * owns the arena (and closes it after the cache is gone).
 */
public final class RetransmissionCache {
    public static final int MAX_SLOTS = 1 << 15;
    private static final int EMPTY = -1;

    private final MemorySegment data;
    private final int slotSize;
    private final int mask;
    private final long maxAgeNanos;
    private final int[] seqAt;
    private final int[] lengthAt;
    private final long[] arrivalAt;

    private long stored;
    private long oversized;
    private long staleStores;
    private long hits;
    private long misses;
    private long expired;

    public RetransmissionCache(Arena arena, int slots, int slotSize, long maxAgeNanos) {
        if (slots < 1 || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two in 1.." + MAX_SLOTS + ": " + slots);
        }
        if (slotSize < 1 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("slot size and max age must be positive: " + slotSize + ", " + maxAgeNanos);
        }
        this.data = arena.allocate((long) slots * slotSize, 64);
        this.slotSize = slotSize;
        this.mask = slots - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.seqAt = new int[slots];
        this.lengthAt = new int[slots];
        this.arrivalAt = new long[slots];
        clear();
    }

    /** Copies a received packet in; false (and counted) if it is larger than a slot, empty, or older than its slot's live packet. */
    public boolean store(int seq, MemorySegment src, long offset, int length, long arrivalNanos) {
        seq &= Serial.SEQ_MASK;
        if (length <= 0 || length > slotSize) {
            oversized++;
            return false;
        }
        int slot = seq & mask;
        int held = seqAt[slot];
        if (held != EMPTY && held != seq && Serial.seqDelta(held, seq) > 0 && live(slot, arrivalNanos)) {
            staleStores++;
            return false;
        }
        MemorySegment.copy(src, offset, data, (long) slot * slotSize, length);
        seqAt[slot] = seq;
        lengthAt[slot] = length;
        arrivalAt[slot] = arrivalNanos;
        stored++;
        return true;
    }

    /** The slot holding packet {@code seq} if it is younger than the max age at {@code nowNanos}, else -1. */
    public int find(int seq, long nowNanos) {
        seq &= Serial.SEQ_MASK;
        int slot = seq & mask;
        if (seqAt[slot] != seq) {
            misses++;
            return -1;
        }
        if (!live(slot, nowNanos)) {
            expired++;
            return -1;
        }
        hits++;
        return slot;
    }

    /** Copies the packet in {@code slot} (from {@link #find}) to {@code dst} and returns its length. */
    public int copyOut(int slot, MemorySegment dst, long dstOffset) {
        int length = lengthAt[slot];
        MemorySegment.copy(data, (long) slot * slotSize, dst, dstOffset, length);
        return length;
    }

    /** The cache's memory, for a caller that reads a slot in place (from {@link #offset} for {@link #length} bytes). */
    public MemorySegment segment() {
        return data;
    }

    public long offset(int slot) {
        return (long) slot * slotSize;
    }

    public int length(int slot) {
        return lengthAt[slot];
    }

    public long arrivalNanos(int slot) {
        return arrivalAt[slot];
    }

    public int slots() {
        return mask + 1;
    }

    public int slotSize() {
        return slotSize;
    }

    public void clear() {
        java.util.Arrays.fill(seqAt, EMPTY);
    }

    public long stored() {
        return stored;
    }

    /** Not cached: larger than a slot (or empty). */
    public long oversized() {
        return oversized;
    }

    /** Not cached: a late packet whose slot holds a newer live one. */
    public long staleStores() {
        return staleStores;
    }

    public long hits() {
        return hits;
    }

    /** Asked for and never stored, or overwritten. */
    public long misses() {
        return misses;
    }

    /** Asked for and older than the max age. */
    public long expired() {
        return expired;
    }

    private boolean live(int slot, long nowNanos) {
        return nowNanos - arrivalAt[slot] <= maxAgeNanos;
    }
}
