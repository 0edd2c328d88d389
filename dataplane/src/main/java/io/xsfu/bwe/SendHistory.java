package io.xsfu.bwe;

/**
 * What the SFU sent on one transport, by transport-wide sequence number: send time and size of each copy, so
 * that transport-wide feedback (which names only sequence numbers and arrival times) can be turned into
 * (sent, arrived, size) triples. A ring of primitive arrays indexed by the low bits of the 16-bit sequence
 * number; a slot remembers which number it holds, so feedback about a number that was overwritten (too old)
 * or never sent is recognised instead of being matched with another packet.
 *
 * <p>Written by the agent for every copy it stamps (allocation free); read by whoever handles the feedback,
 * on the same thread.
 */
public final class SendHistory {
    /** About 4 s of packets at 20 Mbit/s in 1200-byte packets: longer than any feedback takes to come back. */
    public static final int DEFAULT_CAPACITY = 8192;
    /** {@link #sendNanos} of a number the history does not hold. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final int EMPTY = -1;
    static final byte SENT = 0;
    static final byte REPORTED_LOST = 1;
    static final byte ACKED = 2;

    private final int mask;
    private final int[] sequences;
    private final long[] sendNanos;
    private final int[] sizes;
    private final byte[] states;

    public SendHistory() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity a power of two from 16 to 32768 (half the sequence space, so a slot's number is unambiguous) */
    public SendHistory(int capacity) {
        if (capacity < 16 || capacity > 0x8000 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        mask = capacity - 1;
        sequences = new int[capacity];
        sendNanos = new long[capacity];
        sizes = new int[capacity];
        states = new byte[capacity];
        java.util.Arrays.fill(sequences, EMPTY);
    }

    /** The agent sent a copy stamped with {@code sequence} (16 bits) at {@code nanos}, {@code bytes} long on the wire. */
    public void sent(int sequence, long nanos, int bytes) {
        int i = sequence & mask;
        sequences[i] = sequence & 0xFFFF;
        sendNanos[i] = nanos;
        sizes[i] = bytes;
        states[i] = SENT;
    }

    /** When {@code sequence} was sent, or {@link #UNKNOWN} (never sent, or overwritten by newer ones). */
    public long sendNanos(int sequence) {
        int i = sequence & mask;
        return sequences[i] == (sequence & 0xFFFF) ? sendNanos[i] : UNKNOWN;
    }

    /** The size of {@code sequence} in bytes; only meaningful when {@link #sendNanos} knows it. */
    public int size(int sequence) {
        return sizes[sequence & mask];
    }

    /**
     * Marks {@code sequence} (known to the history) as reported and returns its state before: {@link #SENT}
     * the first time, {@link #ACKED} for a duplicate report of an arrival. A packet first reported lost and
     * then received (reordered, or the first feedback was lost) may be marked received later.
     */
    byte report(int sequence, boolean received) {
        int i = sequence & mask;
        byte before = states[i];
        if (received) {
            states[i] = ACKED;
        } else if (before == SENT) {
            states[i] = REPORTED_LOST;
        }
        return before;
    }

    public int capacity() {
        return mask + 1;
    }
}
