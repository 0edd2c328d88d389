package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.bwe.ProbeOutcome;
import io.xsfu.bwe.SendHistory;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.Wire;
import io.xsfu.route.Consumer;
import io.xsfu.route.Endpoint;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtp.MediaCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Probes on the forwarding path: a {@link Command.Probe} makes the agent send RTX duplicates of recent packets to
 * one subscriber transport, paced to about the target rate together with the media, each under a new
 * transport-wide number that the bandwidth estimation remembers, until the probe's time is up or the estimator
 * stops it. Time is simulated: the duty cycle's housekeeping runs every millisecond, a 1000-byte VP8 packet
 * arrives every 20 ms (400 kbit/s).
 */
class ForwarderProbeTest {
    private static final long MS = 1_000_000L;
    private static final int PUB = 40000;
    private static final int SUB = 40001;
    private static final int OTHER = 40002;
    private static final int NO_RTX = 40003;
    private static final int PUB_IP = 0x0a000002;
    private static final int CAM_SSRC = 1111;
    private static final int CAM_RTX_SSRC = 1112;
    private static final int RTX_PT = 97;
    private static final int TWCC_ID = 5;
    private static final int PAYLOAD = 1000;
    private static final int MAX_SENT = 100_000;
    private static final TransportOptions RTX_TWCC =
            new TransportOptions(true, true, false, true, Map.of(TransportOptions.TRANSPORT_WIDE_CC, TWCC_ID));
    private static final TransportOptions TWCC_ONLY =
            new TransportOptions(true, true, false, false, Map.of(TransportOptions.TRANSPORT_WIDE_CC, TWCC_ID));

    /** Remembers what it was given in preallocated arrays (the allocation test measures the forwarder, not this). */
    static final class RecordingEgress implements Egress {
        final int[] port = new int[MAX_SENT];
        final int[] payloadType = new int[MAX_SENT];
        final int[] ssrc = new int[MAX_SENT];
        final int[] length = new int[MAX_SENT];
        final int[] twcc = new int[MAX_SENT];
        final long[] at = new long[MAX_SENT];
        long now;
        int count;

        @Override
        public boolean needsNextHopMac() {
            return false;
        }

        @Override
        public void begin(ParsedPacket in) {
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite) {
            record(to.localPort(), rewrite.payloadType, rewrite.ssrc, in.payloadLength(),
                    rewrite.twccId != 0 ? rewrite.twccSequence : -1);
            return 0;
        }

        @Override
        public int sendRaw(MemorySegment buffer, long offset, int length, Transport to, Endpoint dst) {
            // Probes are RTP with the test's one-byte extension block: the transport-wide number is at 17.
            record(to.localPort(), buffer.get(ValueLayout.JAVA_BYTE, offset + 1) & 0x7F, Wire.i32(buffer, offset + 8),
                    length, Wire.u16(buffer, offset + 17));
            return 0;
        }

        private void record(int to, int pt, int s, int bytes, int seq) {
            if (count == MAX_SENT) {
                count = 0;
            }
            port[count] = to;
            payloadType[count] = pt;
            ssrc[count] = s;
            length[count] = bytes;
            twcc[count] = seq;
            at[count] = now;
            count++;
        }

        boolean isProbe(int i, int rtxSsrc) {
            return payloadType[i] == RTX_PT && ssrc[i] == rtxSsrc;
        }
    }

    private CountersManager manager;
    private DataplaneCounters counters;
    private Forwarder forwarder;
    private final RecordingEgress egress = new RecordingEgress();
    private final ParsedPacket packet = new ParsedPacket();
    private final MemorySegment rtp = Arena.ofAuto().allocate(2048, 8);
    private final MemorySegment rtcp = Arena.ofAuto().allocate(8192, 8);
    private final RtcpWriter writer = new RtcpWriter();
    private int rtpSequence;
    private long now = 1_000 * MS;

    @BeforeEach
    void setUp() {
        manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        counters = new DataplaneCounters(manager);
        RoutingTable table = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null, RTX_TWCC)
                .producer("room", "pub", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, CAM_SSRC).withRtx(RTX_PT, CAM_RTX_SSRC))
                .participant("room", "sub", SUB, new InetSocketAddress("10.0.0.3", 6001), false, true, null, RTX_TWCC)
                .participant("room", "other", OTHER, new InetSocketAddress("10.0.0.4", 6001), false, true, null, RTX_TWCC)
                .participant("room", "norx", NO_RTX, new InetSocketAddress("10.0.0.5", 6001), false, true, null, TWCC_ONLY)
                .build();
        forwarder = new Forwarder(counters, d -> true, table);
    }

    private Consumer consumer(int port) {
        return forwarder.table().byLocalPort(port).consumers()[0];
    }

    /** A VP8 packet with a transport-wide sequence element, as a publisher's browser sends it. */
    private void video(boolean keyFrame) {
        rtp.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x90);
        rtp.set(ValueLayout.JAVA_BYTE, 1, (byte) 96);
        rtp.set(Wire.BE16, 2, (short) rtpSequence);
        rtp.set(Wire.BE32, 4, rtpSequence * 3000);
        rtp.set(Wire.BE32, 8, CAM_SSRC);
        rtp.set(Wire.BE16, 12, (short) 0xBEDE);
        rtp.set(Wire.BE16, 14, (short) 1);
        rtp.set(ValueLayout.JAVA_BYTE, 16, (byte) (TWCC_ID << 4 | 1));
        rtp.set(Wire.BE16, 17, (short) rtpSequence);
        rtp.set(ValueLayout.JAVA_BYTE, 19, (byte) 0);
        rtp.set(ValueLayout.JAVA_BYTE, 20, (byte) 0x10);
        rtp.set(ValueLayout.JAVA_BYTE, 21, (byte) (keyFrame ? 0x50 : 0x51));
        rtpSequence = (rtpSequence + 1) & 0xFFFF;
        assertEquals(0, PacketParser.parseDatagram(rtp, 0, 20 + PAYLOAD, 4, PUB_IP, 0, 0, 5000, PUB, packet));
        assertEquals(3, forwarder.onDatagram(packet, egress, now));
    }

    /** Runs the duty cycle for {@code millis}: housekeeping each millisecond, a video packet each 20. */
    private void run(int millis) {
        for (int i = 0; i < millis; i++) {
            now += MS;
            egress.now = now;
            if (now / MS % 20 == 0) {
                video(false);
            }
            forwarder.housekeeping(egress, now);
        }
    }

    @Test
    void aProbeSendsRtxDuplicatesToItsTransportOnlyAtAboutTheTargetRateAndStops() {
        video(true);
        run(200);
        int before = egress.count;
        Consumer sub = consumer(SUB);
        forwarder.probe(new Command.Probe(SUB, 1_600_000, 500 * MS), now);
        run(500);
        int duringEnd = egress.count;
        run(300);

        long probeBytes = 0;
        long mediaBytes = 0;
        int probes = 0;
        int lastTwcc = -1;
        int maxPerMillisecond = 0;
        int inThisMillisecond = 0;
        long millisecond = -1;
        SendHistory history = forwarder.table().byLocalPort(SUB).bandwidth().history();
        for (int i = before; i < egress.count; i++) {
            if (egress.payloadType[i] == RTX_PT) {
                assertEquals(SUB, egress.port[i], "probes go to the probed transport only");
                assertEquals(sub.rtxSsrc(), egress.ssrc[i]);
                assertTrue(i < duringEnd, "nothing after the probe's end");
                probes++;
                probeBytes += egress.length[i];
                assertEquals(egress.at[i], history.sendNanos(egress.twcc[i]), "remembered for the feedback");
                assertEquals(egress.length[i], history.size(egress.twcc[i]));
                if (egress.at[i] != millisecond) {
                    millisecond = egress.at[i];
                    inThisMillisecond = 0;
                }
                maxPerMillisecond = Math.max(maxPerMillisecond, ++inThisMillisecond);
            } else if (egress.port[i] == SUB && i < duringEnd) {
                mediaBytes += egress.length[i];
            }
            if (egress.port[i] == SUB) {
                assertTrue(egress.twcc[i] > lastTwcc, "transport-wide numbers increase: " + egress.twcc[i]);
                lastTwcc = egress.twcc[i];
            }
        }
        double rate = (probeBytes + mediaBytes) * 8e9 / (500 * MS);
        System.out.printf("probe to 1.6 Mbit/s for 500 ms: %d probe packets, %.0f kbit/s with the media, "
                + "at most %d in one millisecond%n", probes, rate / 1000, maxPerMillisecond);
        assertTrue(rate > 0.85 * 1_600_000 && rate < 1.15 * 1_600_000, "rate " + rate);
        assertTrue(maxPerMillisecond <= 4, "paced: " + maxPerMillisecond + " in one millisecond");
        assertEquals(1, counters.probesStarted.get());
        assertEquals(probes, counters.probePackets.get());
        assertEquals(probeBytes, counters.probeBytes.get());
        assertEquals(0, sub.counters().retransmitted().get(), "probes are not retransmissions");
        assertEquals(0, counters.totalDrops());
    }

    @Test
    void consumersWithoutRtxCarryNoProbeAndUnknownPortsAreIgnored() {
        video(true);
        run(100);
        int before = egress.count;
        forwarder.probe(new Command.Probe(NO_RTX, 1_600_000, 500 * MS), now);
        forwarder.probe(new Command.Probe(40099, 1_600_000, 500 * MS), now);
        forwarder.probe(new Command.Probe(PUB, 1_600_000, 500 * MS), now);
        run(300);
        for (int i = before; i < egress.count; i++) {
            assertTrue(egress.payloadType[i] != RTX_PT, "no duplicate anywhere");
        }
        assertEquals(0, counters.probesStarted.get());
        assertEquals(0, counters.probePackets.get());
    }

    @Test
    void aRepeatedProbeRestartsAndAZeroTargetEndsIt() {
        video(true);
        run(100);
        forwarder.probe(new Command.Probe(SUB, 1_000_000, 200 * MS), now);
        run(100);
        forwarder.probe(new Command.Probe(SUB, 1_600_000, 200 * MS), now);
        run(150);
        long sent = counters.probePackets.get();
        assertTrue(sent > 0);
        forwarder.probe(new Command.Probe(SUB, 0, 0), now);
        run(200);
        assertEquals(sent, counters.probePackets.get(), "ended at once");
        assertEquals(2, counters.probesStarted.get());
        // Two probes, each settled (no feedback came): the first by the restart.
        forwarder.probe(new Command.Probe(SUB, 1_600_000, 100 * MS), now);
        assertEquals(2, forwarder.table().byLocalPort(SUB).bandwidth().estimator().probeOutcomes(ProbeOutcome.NO_FEEDBACK));
    }

    @Test
    void overuseInTheFeedbackStopsTheProbeEarly() {
        video(true);
        run(100);
        forwarder.probe(new Command.Probe(SUB, 1_600_000, 2_000 * MS), now);
        Transport sub = forwarder.table().byLocalPort(SUB);
        int[] sequences = new int[1024];
        long[] arrivals = new long[1024];
        long queue = 0;
        int from = egress.count;
        int feedbackCount = 0;
        for (int f = 0; f < 15 && sub.bandwidth().probing(); f++) {
            run(100);
            // The subscriber reports what it got in these 100 ms, each packet queued 3 ms more than the one before.
            int n = 0;
            int base = -1;
            for (int i = from; i < egress.count; i++) {
                if (egress.port[i] != SUB || egress.twcc[i] < 0) {
                    continue;
                }
                if (base < 0) {
                    base = egress.twcc[i];
                }
                queue += 3 * MS;
                sequences[n] = egress.twcc[i];
                arrivals[n] = (egress.at[i] + 30 * MS + queue) / 1_000;
                n++;
            }
            from = egress.count;
            int length = writer.wrap(rtcp, 0, 8192).twcc(0x5117, consumer(SUB).ssrc(), base, feedbackCount++, sequences,
                    arrivals, n);
            assertTrue(length > 0);
            assertEquals(0, PacketParser.parseDatagram(rtcp, 0, length, 4, 0x0a000003, 0, 0, 6001, SUB, packet));
            forwarder.onDatagram(packet, egress, now);
        }
        long stoppedAt = now;
        long sent = counters.probePackets.get();
        run(200);
        assertTrue(stoppedAt < 1_000 * MS + 100 * MS + 2_000 * MS, "stopped before its time");
        assertEquals(sent, counters.probePackets.get(), "nothing more once the estimator saw overuse");
        assertEquals(1, counters.bweProbes(ProbeOutcome.OVERUSE));
        assertEquals(1, gauge("xsfu_bwe_probes_total{result=\"overuse\"}"));
    }

    /** A probe running on 8 subscribers while media flows and the estimation is fed allocates nothing. */
    @Test
    void probingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        video(true);
        run(100);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            // Each round restarts both probes (the commands are the control side's allocation, made before measuring).
            forwarder.probe(new Command.Probe(SUB, 2_000_000, 3_000 * MS), now);
            forwarder.probe(new Command.Probe(OTHER, 2_000_000, 3_000 * MS), now);
            long sentBefore = counters.probePackets.get();
            long before = threads.getCurrentThreadAllocatedBytes();
            run(2_000);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            best = Math.min(best, allocated);
            assertTrue(counters.probePackets.get() - sentBefore > 200, "probing in round " + round);
            assertTrue(round < 4 || allocated <= 1024, "round " + round + " allocated " + allocated + " bytes");
        }
        assertEquals(0, best, "at least one round allocates nothing at all");
    }

    private long gauge(String label) {
        long[] value = {Long.MIN_VALUE};
        manager.forEach((id, l) -> {
            if (l.equals(label)) {
                value[0] = manager.getCounterValue(id);
            }
        });
        return value[0];
    }
}
