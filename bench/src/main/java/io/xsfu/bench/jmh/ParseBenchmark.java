package io.xsfu.bench.jmh;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.PayloadKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PacketParser#parse} of one real captured RTP frame sitting in a native segment at a UMEM frame's
 * offset, as the AF_XDP backend calls it: Ethernet, IPv4 (header checksum verified), UDP, RTP header and
 * padding checks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseZGC"})
public class ParseBenchmark {
    private static final long FRAME_SIZE = 4096;

    @Param({CapturedFrame.OPUS, CapturedFrame.VP8})
    public String frame;

    private Arena arena;
    private MemorySegment umem;
    private long offset;
    private int length;
    private final ParsedPacket parsed = new ParsedPacket();

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = CapturedFrame.load(frame);
        arena = Arena.ofShared();
        umem = arena.allocate(4 * FRAME_SIZE, 4096);
        offset = 2 * FRAME_SIZE;
        length = bytes.length;
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, umem, offset, length);
        int reason = PacketParser.parse(umem, offset, length, parsed);
        if (reason != DropReason.OK || parsed.payloadKind() != PayloadKind.RTP) {
            throw new IllegalStateException(frame + " does not parse as RTP: reason " + reason);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Returns the drop reason (0) plus the payload length so that the parse cannot be eliminated. */
    @Benchmark
    public int parse() {
        return PacketParser.parse(umem, offset, length, parsed) + parsed.payloadLength();
    }
}
