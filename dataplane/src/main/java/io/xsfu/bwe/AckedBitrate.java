package io.xsfu.bwe;

/**
 * The rate at which packets arrived at the receiver (what the path actually delivered), over the last
 * {@link #WINDOW_NANOS} of arrival time: the reference the rate controller decreases from. Arrival times
 * come from the receiver's clock; only their differences are used. Allocation free: a ring of arrivals.
 */
final class AckedBitrate {
    static final long WINDOW_NANOS = 500_000_000L;
    /** Before a whole window has arrived, a shorter span would make one burst look like a fast link. */
    private static final long MIN_SPAN_NANOS = 150_000_000L;
    private static final int CAPACITY = 4096;

    private final long[] arrivals = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private int head;
    private int size;
    private long bytes;
    private long first = Long.MIN_VALUE;
    private long latest = Long.MIN_VALUE;

    void add(long arrivalNanos, int packetBytes) {
        if (first == Long.MIN_VALUE) {
            first = arrivalNanos;
        }
        latest = Math.max(latest, arrivalNanos);
        if (size == CAPACITY) {
            evictOldest();
        }
        int tail = (head + size) % CAPACITY;
        arrivals[tail] = arrivalNanos;
        sizes[tail] = packetBytes;
        size++;
        bytes += packetBytes;
        while (size > 0 && arrivals[head] <= latest - WINDOW_NANOS) {
            evictOldest();
        }
    }

    private void evictOldest() {
        bytes -= sizes[head];
        head = (head + 1) % CAPACITY;
        size--;
    }

    /** Bits per second delivered recently, or -1 before anything arrived. */
    long bitsPerSecond() {
        if (first == Long.MIN_VALUE) {
            return -1;
        }
        long span = Math.max(MIN_SPAN_NANOS, Math.min(WINDOW_NANOS, latest - first));
        return (long) (bytes * 8 * 1e9 / span);
    }

    void reset() {
        head = 0;
        size = 0;
        bytes = 0;
        first = Long.MIN_VALUE;
        latest = Long.MIN_VALUE;
    }
}
