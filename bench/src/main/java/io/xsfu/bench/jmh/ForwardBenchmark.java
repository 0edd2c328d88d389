package io.xsfu.bench.jmh;

import io.xsfu.forward.Forwarder;
import io.xsfu.forward.NextHopRequests;
import io.xsfu.forward.SourceAddresses;
import io.xsfu.forward.XskBackend;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.Checksum;
import io.xsfu.packet.DropReason;
import io.xsfu.packet.IpAddresses;
import io.xsfu.packet.PacketParser;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.route.ProducerSpec;
import io.xsfu.packet.Wire;
import io.xsfu.packet.RtpHeader;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.PayloadKind;
import io.xsfu.route.RoutingTable;
import io.xsfu.xsk.DetachedXsk;
import io.xsfu.xsk.BindMode;
import io.xsfu.xsk.XskSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The AF_XDP backend's work per received packet, without the kernel: the real {@link XskBackend#poll} on a
 * {@link DetachedXsk} (UMEM and rings in plain memory) takes a batch from the RX ring, parses each frame in
 * the UMEM, lets the real {@link Forwarder} decide (port and source check, producer lookup, per-consumer
 * sequence and timestamp rewriting, counters), writes one whole frame per subscriber into a free UMEM frame
 * (headers, O(1) UDP checksum from the payload sum, payload copy, TX descriptor), publishes the TX ring,
 * reaps completions and refills the fill ring. One operation is one received packet; divide by
 * {@code fanout} for the cost of a copy.
 *
 * <p>The benchmark also plays the kernel, and that is measured too: per packet it copies the captured frame
 * into a fill-ring frame and publishes an RX descriptor ({@link DetachedXsk#receive}), and it completes every
 * TX descriptor ({@link DetachedXsk#transmitAll}). Not measured: the TX kick syscall (the detached socket never
 * asks for one). Set-up fails unless every packet yields {@code fanout} valid copies, and each iteration fails
 * if anything was dropped, so the numbers are those of the forward path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseZGC"})
public class ForwardBenchmark {
    /** Packets per RX batch: the agent's default batch size. */
    static final int BATCH = 64;
    // The server's defaults (AfXdpConfig.DEFAULTS) and a veth's MTU.
    private static final XskSocket.Options SOCKET = new XskSocket.Options(8192, 4096, 2048, BindMode.COPY, true);
    private static final int MTU = 1500;
    private static final long SFU_MAC = 0x02_00_00_00_00_0bL;
    private static final long CLIENT_MAC = 0x02_00_00_00_00_0aL;
    private static final int FIRST_REMOTE_PORT = 50000;

    @Param({"1", "4", "16"})
    public int fanout;

    @Param({CapturedFrame.OPUS, CapturedFrame.VP8})
    public String frame;

    private long sequenceOffset;
    private int sequence;

    private DetachedXsk xsk;
    private MemorySegment umem;
    /** The captured frame, in native memory like a NIC's buffer, whose sequence number advances per packet. */
    private MemorySegment wire;
    private int length;
    private DataplaneCounters counters;
    private Forwarder forwarder;
    private XskBackend backend;
    private long now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] bytes = CapturedFrame.load(frame);
        length = bytes.length;
        xsk = DetachedXsk.open(SOCKET);
        umem = xsk.socket().umem();
        wire = Arena.ofAuto().allocate(length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, wire, 0, length);
        ParsedPacket parsed = new ParsedPacket();
        if (PacketParser.parse(wire, 0, length, parsed) != DropReason.OK) {
            throw new IllegalStateException(frame + " does not parse");
        }
        int publisherPort = parsed.dstPort();
        InetAddress client = IpAddresses.ipv4(parsed.ipv4Src());
        SourceAddresses source = new SourceAddresses(SFU_MAC, true, parsed.ipv4Dst(), false, 0, 0);

        counters = new DataplaneCounters(new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18))));
        RtpHeader rtp = new RtpHeader().wrap(wire, parsed.payloadOffset(), parsed.payloadLength());
        sequenceOffset = parsed.payloadOffset() + RtpHeader.SEQUENCE_OFFSET;
        sequence = rtp.sequenceNumber();
        // The captured stream, declared as the producer it is (a VP8 consumer starts at this keyframe).
        boolean video = frame.equals(CapturedFrame.VP8);
        RoutingTable.Builder table = RoutingTable.builder(publisherPort, publisherPort + fanout)
                .participant("bench", "pub", publisherPort, null, true, false, null)
                .producer("bench", "pub", ProducerSpec.of("p", video ? MediaCodec.VP8 : MediaCodec.OPUS, rtp.payloadType(),
                        video ? 90000 : 48000, rtp.ssrc()));
        for (int j = 0; j < fanout; j++) {
            table.participant("bench", "sub" + j, publisherPort + 1 + j,
                    new InetSocketAddress(client, FIRST_REMOTE_PORT + j), false, true, null);
        }
        forwarder = new Forwarder(counters, NextHopRequests.NONE, table.build());
        forwarder.nextHopResolved(client, CLIENT_MAC);
        backend = new XskBackend(List.of(xsk.socket()), source, MTU, BATCH, counters);
        now = System.nanoTime();

        // The first packet learns the publisher (comedia) and its stream: state changes, logged once.
        int copies = forwardBatch();
        if (copies != BATCH * fanout || counters.totalDrops() != 0) {
            throw new IllegalStateException("expected " + BATCH * fanout + " copies, got " + copies + ", drops "
                    + counters.totalDrops());
        }
        checkLastCopies(bytes);
    }

    /** Every copy of the last packet is a valid frame: parses as RTP, right port, checksums, same payload. */
    private void checkLastCopies(byte[] original) {
        int produced = xsk.txProduced();
        MemorySegment in = MemorySegment.ofArray(original);
        ParsedPacket inParsed = new ParsedPacket();
        PacketParser.parse(in, 0, original.length, inParsed);
        ParsedPacket copy = new ParsedPacket();
        for (int j = 0; j < fanout; j++) {
            int index = produced - fanout + j;
            long address = xsk.txAddress(index);
            int copyLength = xsk.txLength(index);
            int reason = PacketParser.parse(umem, address, copyLength, copy);
            if (reason != DropReason.OK || copy.payloadKind() != PayloadKind.RTP) {
                throw new IllegalStateException("copy " + j + " does not parse: reason " + reason);
            }
            if (copy.dstPort() != FIRST_REMOTE_PORT + j || copy.dstMac() != CLIENT_MAC || copy.srcMac() != SFU_MAC) {
                throw new IllegalStateException("copy " + j + " has the wrong addresses");
            }
            int udpLength = copy.payloadLength() + 8;
            int sum = Checksum.add(Checksum.ipv4PseudoHeaderSum(copy.ipv4Src(), copy.ipv4Dst(), 17, udpLength),
                    Checksum.sum(umem, copy.l4Offset(), udpLength));
            if (sum != 0xFFFF) {
                throw new IllegalStateException("copy " + j + " has a bad UDP checksum");
            }
            // The RTP header is the consumer's (its SSRC, sequence, timestamp); what follows is the publisher's.
            int header = inParsed.rtpHeaderLength();
            if (copy.payloadLength() != inParsed.payloadLength() || MemorySegment.mismatch(umem, copy.payloadOffset() + header,
                    copy.payloadOffset() + copy.payloadLength(), in, inParsed.payloadOffset() + header,
                    inParsed.payloadOffset() + inParsed.payloadLength()) != -1) {
                throw new IllegalStateException("copy " + j + " has a different payload");
            }
            if (new RtpHeader().wrap(umem, copy.payloadOffset(), copy.payloadLength()).ssrc()
                    == new RtpHeader().wrap(in, inParsed.payloadOffset(), inParsed.payloadLength()).ssrc()) {
                throw new IllegalStateException("copy " + j + " kept the publisher's SSRC");
            }
        }
    }

    @TearDown(Level.Iteration)
    public void nothingDropped() {
        if (counters.totalDrops() != 0 || xsk.socket().frames().invalidTransitions() != 0
                || !xsk.socket().frames().accountedFor()) {
            throw new IllegalStateException("drops " + counters.totalDrops() + ", " + xsk.socket().frames());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        xsk.close();
    }

    /** One RX batch through the agent's poll: returns the number of copies queued. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int forwardBatch() {
        for (int i = 0; i < BATCH; i++) {
            // Each received packet is the next of the stream (the SFU drops duplicates per consumer).
            Wire.putU16(wire, sequenceOffset, sequence);
            sequence = (sequence + 1) & 0xFFFF;
            xsk.receive(wire, 0, length, 1);
        }
        int before = xsk.txProduced();
        backend.poll(forwarder, now);
        int copies = xsk.txProduced() - before;
        xsk.transmitAll();
        return copies;
    }
}
