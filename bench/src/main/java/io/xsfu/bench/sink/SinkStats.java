package io.xsfu.bench.sink;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * A reading of the XDP sink's counters (summed over CPUs): copies delivered with a load stamp, their bytes,
 * other frames, copies whose stamp lay in the future, and the latency histogram's buckets. Readings are
 * cumulative; {@link #minus} gives what happened between two.
 *
 * <p>Buckets are log-linear, as in {@code bench_sink.bpf.c}: exact nanoseconds below {@code 2 * SUB_COUNT},
 * then {@code SUB_COUNT} buckets per power of two (each 1/64 of its power: at most 1.6 % wide). Percentiles
 * come from an HdrHistogram into which every bucket is recorded at its midpoint.
 */
public record SinkStats(long copies, long bytes, long other, long unstamped, long[] buckets) {
    static final int SUB_BITS = 6;
    static final int SUB_COUNT = 1 << SUB_BITS;
    static final int MAX_EXPONENT = 34;
    public static final int BUCKETS = 2 * SUB_COUNT + (MAX_EXPONENT - SUB_BITS) * SUB_COUNT;
    /** Bytes of {@code struct sink_stats}: four counters and the buckets. */
    static final int VALUE_SIZE = 8 * (4 + BUCKETS);
    private static final long HIGHEST_NANOS = 1L << (MAX_EXPONENT + 1);

    public SinkStats {
        if (buckets.length != BUCKETS) {
            throw new IllegalArgumentException("expected " + BUCKETS + " buckets, got " + buckets.length);
        }
    }

    public static SinkStats zero() {
        return new SinkStats(0, 0, 0, 0, new long[BUCKETS]);
    }

    public SinkStats minus(SinkStats earlier) {
        long[] b = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            b[i] = buckets[i] - earlier.buckets[i];
        }
        return new SinkStats(copies - earlier.copies, bytes - earlier.bytes, other - earlier.other,
                unstamped - earlier.unstamped, b);
    }

    /** The bucket of a latency in ns (the BPF program's {@code bucket_of}, for tests and checks). */
    public static int bucketOf(long nanos) {
        if (nanos < 2 * SUB_COUNT) {
            return (int) nanos;
        }
        int m = 63 - Long.numberOfLeadingZeros(nanos);
        if (m > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int shift = m - SUB_BITS;
        return 2 * SUB_COUNT + (m - SUB_BITS - 1) * SUB_COUNT + (int) ((nanos >>> shift) - SUB_COUNT);
    }

    /** Smallest latency (ns) that falls into bucket {@code i}. */
    public static long bucketLow(int i) {
        if (i < 2 * SUB_COUNT) {
            return i;
        }
        int k = i - 2 * SUB_COUNT;
        int m = SUB_BITS + 1 + k / SUB_COUNT;
        return (long) (SUB_COUNT + k % SUB_COUNT) << (m - SUB_BITS);
    }

    /** Width of bucket {@code i} in ns. */
    public static long bucketWidth(int i) {
        if (i < 2 * SUB_COUNT) {
            return 1;
        }
        return 1L << ((i - 2 * SUB_COUNT) / SUB_COUNT + 1);
    }

    /** The latencies as an HdrHistogram (ns, 3 significant digits), each bucket at its midpoint. */
    public Histogram latency() {
        Histogram h = new Histogram(HIGHEST_NANOS, 3);
        for (int i = 0; i < BUCKETS; i++) {
            if (buckets[i] > 0) {
                h.recordValueWithCount(Math.min(bucketLow(i) + bucketWidth(i) / 2, HIGHEST_NANOS), buckets[i]);
            }
        }
        return h;
    }

    /** Latencies recorded (copies minus those with an unusable stamp). */
    public long recorded() {
        return Arrays.stream(buckets).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SinkStats s && copies == s.copies && bytes == s.bytes && other == s.other
                && unstamped == s.unstamped && Arrays.equals(buckets, s.buckets);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(copies) * 31 + Arrays.hashCode(buckets);
    }

    @Override
    public String toString() {
        return "SinkStats[copies=" + copies + ", other=" + other + ", unstamped=" + unstamped + ", recorded=" + recorded() + "]";
    }
}
