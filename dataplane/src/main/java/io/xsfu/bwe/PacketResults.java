package io.xsfu.bwe;

/**
 * The packets one transport-wide feedback reports, in sequence order, as the estimators consume them: send
 * time (the SFU's clock), arrival time (the receiver's clock, only differences matter) or
 * {@link #NOT_RECEIVED}, and size. Preallocated and refilled per feedback.
 */
public final class PacketResults {
    /** More statuses than this in one feedback (about 1.5 s at 20 Mbit/s) are not looked at. */
    public static final int CAPACITY = 4096;
    public static final long NOT_RECEIVED = Long.MIN_VALUE;

    final long[] sendNanos = new long[CAPACITY];
    final long[] arrivalNanos = new long[CAPACITY];
    final int[] sizes = new int[CAPACITY];
    int count;

    public void clear() {
        count = 0;
    }

    /** Appends one packet; false when full. */
    public boolean add(long sendNanos, long arrivalNanos, int size) {
        if (count == CAPACITY) {
            return false;
        }
        this.sendNanos[count] = sendNanos;
        this.arrivalNanos[count] = arrivalNanos;
        this.sizes[count] = size;
        count++;
        return true;
    }

    public int count() {
        return count;
    }

    public long sendNanos(int i) {
        return sendNanos[i];
    }

    public long arrivalNanos(int i) {
        return arrivalNanos[i];
    }

    public boolean received(int i) {
        return arrivalNanos[i] != NOT_RECEIVED;
    }

    public int size(int i) {
        return sizes[i];
    }
}
