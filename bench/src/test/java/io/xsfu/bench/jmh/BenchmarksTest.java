package io.xsfu.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmarks never run in CI, so their wiring is checked here: each set-up runs its own validation (every
 * copy parses, has the right addresses, checksums and payload) and one invocation does the measured work.
 * This is also where a change of the dataplane seam the benchmarks use ({@code DetachedXsk}, {@code XskBackend})
 * shows up.
 */
class BenchmarksTest {

    @ParameterizedTest
    @CsvSource({"1, opus", "4, opus", "16, opus", "1, vp8-1200", "4, vp8-1200", "16, vp8-1200"})
    void forwardBatchQueuesOneValidCopyPerSubscriberAndDropsNothing(int fanout, String frame) throws Exception {
        ForwardBenchmark b = new ForwardBenchmark();
        b.fanout = fanout;
        b.frame = frame;
        b.setUp();
        try {
            for (int i = 0; i < 100; i++) {
                assertEquals(ForwardBenchmark.BATCH * fanout, b.forwardBatch());
            }
            b.nothingDropped();
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CapturedFrame.OPUS, CapturedFrame.VP8})
    void parseAndCopyPiecesRunOnTheCapturedFrames(String frame) {
        ParseBenchmark p = new ParseBenchmark();
        p.frame = frame;
        p.setUp();
        try {
            assertTrue(p.parse() > 200, "parse returns OK (0) plus the payload length");
        } finally {
            p.tearDown();
        }
        CopyBenchmark c = new CopyBenchmark();
        c.frame = frame;
        c.setUp();
        try {
            assertTrue(c.payloadSum() > 0);
            assertEquals(42, c.writeCopy(), "Ethernet + IPv4 + UDP headers");
        } finally {
            c.tearDown();
        }
    }
}
