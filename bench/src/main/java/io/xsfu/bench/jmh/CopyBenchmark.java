package io.xsfu.bench.jmh;

import io.xsfu.packet.Checksum;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.UdpFrameWriter;
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
 * The pieces of {@link ForwardBenchmark}'s cost, to read it by: the payload's checksum sum (once per received
 * packet) and one copy's frame (headers with the O(1) checksum, then the payload copy), over the same
 * captured frames in the same UMEM-sized segment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseZGC"})
public class CopyBenchmark {
    private static final long FRAME_SIZE = 4096;
    private static final int COPIES = 16;

    @Param({CapturedFrame.OPUS, CapturedFrame.VP8})
    public String frame;

    private Arena arena;
    private MemorySegment umem;
    private long rx;
    private int payloadSum;
    private int copy;
    private final ParsedPacket parsed = new ParsedPacket();

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = CapturedFrame.load(frame);
        arena = Arena.ofShared();
        umem = arena.allocate((COPIES + 1) * FRAME_SIZE, 4096);
        rx = COPIES * FRAME_SIZE;
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, umem, rx, bytes.length);
        if (PacketParser.parse(umem, rx, bytes.length, parsed) != 0) {
            throw new IllegalStateException(frame + " does not parse");
        }
        payloadSum = Checksum.sum(umem, parsed.payloadOffset(), parsed.payloadLength());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** The per-packet part of the egress: the one's-complement sum of the UDP payload. */
    @Benchmark
    public int payloadSum() {
        return Checksum.sum(umem, parsed.payloadOffset(), parsed.payloadLength());
    }

    /** The per-copy part: Ethernet/IPv4/UDP headers into a TX frame, then the payload, rotating over 16 frames. */
    @Benchmark
    public int writeCopy() {
        long tx = (long) (copy++ & (COPIES - 1)) * FRAME_SIZE;
        int headers = UdpFrameWriter.writeIpv4(umem, tx, 0x02_00_00_00_00_0aL, 0x02_00_00_00_00_0bL, -1,
                parsed.ipv4Dst(), parsed.ipv4Src(), 64, 40001, 50000, parsed.payloadLength(), payloadSum);
        MemorySegment.copy(umem, parsed.payloadOffset(), umem, tx + headers, parsed.payloadLength());
        return headers;
    }
}
