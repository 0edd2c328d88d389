package io.xsfu.bench.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SinkStatsTest {
    @Test
    void constantsAgreeWithTheBpfHeader() throws IOException {
        Map<String, String> defines = new HashMap<>();
        Matcher m = Pattern.compile("#define (\\w+) (\\S+)").matcher(Files.readString(Path.of("src/main/c/bench_sink.h")));
        while (m.find()) {
            defines.put(m.group(1), m.group(2));
        }
        assertEquals(SinkStats.SUB_BITS, Integer.parseInt(defines.get("SUB_BITS")));
        assertEquals(SinkStats.MAX_EXPONENT, Integer.parseInt(defines.get("MAX_EXPONENT")));
        assertEquals("0x78736662", defines.get("STAMP_MAGIC"));
        assertEquals(io.xsfu.bench.load.LoadPacket.MAGIC, Integer.decode(defines.get("STAMP_MAGIC")));
        assertEquals(io.xsfu.bench.load.LoadPacket.SENT_NANOS_OFFSET, Integer.parseInt(defines.get("SENT_NANOS_OFFSET")));
        assertEquals(io.xsfu.bench.load.LoadPacket.STAMP_LENGTH, Integer.parseInt(defines.get("STAMP_LENGTH")));
        assertEquals(1920, SinkStats.BUCKETS);
        assertEquals(io.xsfu.bench.load.LoadPacket.EXTENSION_PROFILE, Integer.decode(defines.get("EXTENSION_PROFILE")));
        assertEquals(io.xsfu.bench.load.LoadPacket.STAMP_EXTENSION_ID, Integer.parseInt(defines.get("STAMP_EXTENSION_ID")));
        assertEquals(io.xsfu.bench.load.LoadPacket.MAGIC_OFFSET, Integer.parseInt(defines.get("MAGIC_OFFSET")));
    }

    @Test
    void everyLatencyFallsIntoTheBucketThatCoversIt() {
        long[] samples = {0, 1, 127, 128, 129, 255, 256, 1000, 4095, 4096, 6_500, 99_999, 1_000_000, 123_456_789,
                (1L << 35) - 1};
        for (long v : samples) {
            int b = SinkStats.bucketOf(v);
            assertTrue(v >= SinkStats.bucketLow(b) && v < SinkStats.bucketLow(b) + SinkStats.bucketWidth(b), "value " + v);
            assertTrue(SinkStats.bucketWidth(b) <= Math.max(1, v / 64), "buckets are at most 1/64 of their value");
        }
        assertEquals(SinkStats.BUCKETS - 1, SinkStats.bucketOf(Long.MAX_VALUE));
        for (int b = 1; b < SinkStats.BUCKETS; b++) {
            assertEquals(SinkStats.bucketLow(b - 1) + SinkStats.bucketWidth(b - 1), SinkStats.bucketLow(b), "contiguous at " + b);
        }
    }

    @Test
    void percentilesComeFromTheBucketsWithinTheirWidth() {
        long[] buckets = new long[SinkStats.BUCKETS];
        // 990 copies at 5 us, 9 at 80 us, 1 at 2 ms.
        buckets[SinkStats.bucketOf(5_000)] += 990;
        buckets[SinkStats.bucketOf(80_000)] += 9;
        buckets[SinkStats.bucketOf(2_000_000)] += 1;
        SinkStats s = new SinkStats(1000, 200_000, 3, 0, buckets);
        Histogram h = s.latency();
        assertEquals(1000, h.getTotalCount());
        assertEquals(5_000, h.getValueAtPercentile(50), 5_000 / 64.0);
        assertEquals(80_000, h.getValueAtPercentile(99.5), 80_000 / 64.0);
        assertEquals(2_000_000, h.getMaxValue(), 2_000_000 / 64.0);
        assertEquals(1000, s.recorded());
    }

    @Test
    void aDifferenceOfReadingsIsWhatHappenedBetweenThem() {
        long[] a = new long[SinkStats.BUCKETS];
        long[] b = new long[SinkStats.BUCKETS];
        a[10] = 5;
        b[10] = 7;
        b[200] = 3;
        SinkStats d = new SinkStats(10, 100, 1, 0, b).minus(new SinkStats(5, 40, 1, 0, a));
        assertEquals(5, d.copies());
        assertEquals(60, d.bytes());
        assertEquals(0, d.other());
        assertEquals(2, d.buckets()[10]);
        assertEquals(3, d.buckets()[200]);
        assertEquals(SinkStats.zero(), SinkStats.zero().minus(SinkStats.zero()));
    }
}
