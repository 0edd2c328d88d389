package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.bwe.BweAnomaly;
import io.xsfu.bwe.BweConfig;
import io.xsfu.bwe.SendHistory;
import io.xsfu.bwe.TransportBandwidth;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
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
 * The forwarder feeds each subscriber transport's bandwidth estimation: copies stamped with the SFU's
 * transport-wide sequence number are remembered when they leave, the subscriber's transport-wide feedback
 * and REMB move the estimate, and the estimate is published as a per-participant gauge.
 */
class ForwarderBandwidthTest {
    private static final long MS = 1_000_000L;
    private static final int PUB = 40000;
    private static final int SUB = 40001;
    private static final int PUB_IP = 0x0a000002;
    private static final int SUB_IP = 0x0a000003;
    private static final int SUB_PORT = 6001;
    private static final int CAM_SSRC = 1111;
    private static final int TWCC_ID = 5;
    private static final int PAYLOAD = 1000;
    private static final TransportOptions WITH_TWCC =
            new TransportOptions(true, true, false, false, Map.of(TransportOptions.TRANSPORT_WIDE_CC, TWCC_ID));
    private static final String GAUGE = "xsfu_participant_bwe_bps{room=\"room\",participant=\"sub\"}";

    private CountersManager manager;
    private DataplaneCounters counters;
    private Forwarder forwarder;
    private final CountingEgress egress = new CountingEgress();
    private final ParsedPacket packet = new ParsedPacket();
    private final MemorySegment rtp = Arena.ofAuto().allocate(2048, 8);
    private final MemorySegment rtcp = Arena.ofAuto().allocate(8192, 8);
    private final RtcpWriter writer = new RtcpWriter();
    private final int[] sequences = new int[1024];
    private final long[] arrivalMicros = new long[1024];
    private int rtpSequence;
    private int feedbackCount;
    private long now = 1_000 * MS;
    private long queueNanos;
    /** The id of the packets' one extension element: {@link #TWCC_ID} unless a test says otherwise. */
    private int elementId = TWCC_ID;

    /** Counts copies and remembers the numbers of the last one to {@link #SUB}; allocates nothing. */
    static final class CountingEgress implements Egress {
        long copies;
        long raw;
        int lastTwcc = -1;
        int lastSequence = -1;

        @Override
        public boolean needsNextHopMac() {
            return false;
        }

        @Override
        public void begin(ParsedPacket in) {
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite) {
            copies++;
            if (to.localPort() == SUB) {
                lastTwcc = rewrite.twccId != 0 ? rewrite.twccSequence : -1;
                lastSequence = rewrite.sequenceNumber;
            }
            return 0;
        }

        @Override
        public int sendRaw(MemorySegment buffer, long offset, int length, Transport to, Endpoint dst) {
            raw++;
            return 0;
        }
    }

    @BeforeEach
    void setUp() {
        manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        counters = new DataplaneCounters(manager);
        forwarder = new Forwarder(counters, d -> true, table(SUB, 1));
    }

    private static RoutingTable table(int subPort, int subscribers) {
        RoutingTable.Builder b = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null, WITH_TWCC)
                .producer("room", "pub", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, CAM_SSRC));
        b.participant("room", "sub", subPort, new InetSocketAddress("10.0.0.3", SUB_PORT), false, true, null, WITH_TWCC);
        for (int i = 1; i < subscribers; i++) {
            b.participant("room", "sub" + i, subPort + i, new InetSocketAddress("10.0.1." + i, SUB_PORT), false, true,
                    null, WITH_TWCC);
        }
        return b.build();
    }

    private Transport sub() {
        return forwarder.table().byLocalPort(SUB);
    }

    private int consumerSsrc() {
        return sub().consumers()[0].ssrc();
    }

    /** A VP8 packet with a one-byte-header transport-wide sequence element, as a publisher's browser sends it. */
    private int video(boolean keyFrame) {
        rtp.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x90); // V=2, X=1
        rtp.set(ValueLayout.JAVA_BYTE, 1, (byte) 96);
        rtp.set(io.xsfu.packet.Wire.BE16, 2, (short) rtpSequence);
        rtp.set(io.xsfu.packet.Wire.BE32, 4, rtpSequence * 3000);
        rtp.set(io.xsfu.packet.Wire.BE32, 8, CAM_SSRC);
        rtp.set(io.xsfu.packet.Wire.BE16, 12, (short) 0xBEDE);
        rtp.set(io.xsfu.packet.Wire.BE16, 14, (short) 1);
        rtp.set(ValueLayout.JAVA_BYTE, 16, (byte) (elementId << 4 | 1));
        rtp.set(io.xsfu.packet.Wire.BE16, 17, (short) rtpSequence);
        rtp.set(ValueLayout.JAVA_BYTE, 19, (byte) 0);
        rtp.set(ValueLayout.JAVA_BYTE, 20, (byte) 0x10);
        rtp.set(ValueLayout.JAVA_BYTE, 21, (byte) (keyFrame ? 0x50 : 0x51));
        rtpSequence = (rtpSequence + 1) & 0xFFFF;
        int length = 20 + PAYLOAD;
        assertEquals(0, PacketParser.parseDatagram(rtp, 0, length, 4, PUB_IP, 0, 0, 5000, PUB, packet));
        return forwarder.onDatagram(packet, egress, now);
    }

    private int rtcpFromSub(int length) {
        int reason = PacketParser.parseDatagram(rtcp, 0, length, 4, SUB_IP, 0, 0, SUB_PORT, SUB, packet);
        if (reason != 0) {
            throw new AssertionError("RTCP does not parse: " + reason);
        }
        return forwarder.onDatagram(packet, egress, now);
    }

    /**
     * Sends {@code count} copies {@code spacingNanos} apart and returns the subscriber's feedback about them:
     * each arrived {@code delayNanos} plus the queue after it was sent; the queue grows by {@code growthNanos}
     * with every packet (the path carries less than is sent when positive).
     */
    private int sendAndAcknowledge(int count, long spacingNanos, long delayNanos, long growthNanos) {
        int base = -1;
        for (int i = 0; i < count; i++) {
            now += spacingNanos;
            assertEquals(1, video(false));
            if (base < 0) {
                base = egress.lastTwcc;
            }
            sequences[i] = egress.lastTwcc;
            queueNanos += growthNanos;
            arrivalMicros[i] = (now + delayNanos + queueNanos) / 1_000;
        }
        int length = writer.wrap(rtcp, 0, 8192).twcc(0x5117, consumerSsrc(), base, feedbackCount, sequences,
                arrivalMicros, count);
        assertTrue(length > 0, "feedback encodes: " + length);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        now += delayNanos; // the feedback comes back about a one-way delay later
        return rtcpFromSub(length);
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

    @Test
    void copiesAreRememberedUnderTheirTransportWideNumberWhenTheyLeave() {
        assertEquals(1, video(true));
        int first = egress.lastTwcc;
        now += 5 * MS;
        assertEquals(1, video(false));
        SendHistory history = sub().bandwidth().history();
        assertEquals(now - 5 * MS, history.sendNanos(first));
        assertEquals(now, history.sendNanos(first + 1));
        assertEquals(12 + 8 + PAYLOAD, history.size(first + 1), "the RTP packet as sent");
        assertNull(forwarder.table().byLocalPort(PUB).bandwidth(), "a transport that receives nothing has no estimate");
    }

    @Test
    void aCopyWhosePacketLacksTheElementGetsOneAddedAndNumberedInSequence() {
        video(true);
        int first = egress.lastTwcc;
        elementId = 6; // the publisher's packet carries another element, not the transport-wide one
        now += 5 * MS;
        assertEquals(1, video(false));
        assertEquals(first + 1, egress.lastTwcc, "the SFU adds its element: the subscriber's feedback covers every copy");
        assertEquals(12 + 8 + PAYLOAD + 4, sub().bandwidth().history().size(first + 1), "the copy grew by one word");
        elementId = TWCC_ID;
        now += 5 * MS;
        video(false);
        assertEquals(first + 2, egress.lastTwcc, "no gap in what the subscriber sees");
        assertEquals(now, sub().bandwidth().history().sendNanos(first + 2));
    }

    @Test
    void feedbackOfAClearPathRaisesTheEstimateAndAGrowingQueueLowersItAndTheGaugeFollows() {
        assertEquals(BweConfig.DEFAULT.startBps(), gauge(GAUGE), "published from the start");
        video(true);
        // 1000-byte packets every 20 ms (400 kbit/s), acknowledged every 100 ms, 30 ms one-way, no queue.
        for (int f = 0; f < 50; f++) {
            assertEquals(0, sendAndAcknowledge(5, 20 * MS, 30 * MS, 0));
        }
        long clear = sub().bandwidth().estimate();
        assertTrue(clear > BweConfig.DEFAULT.startBps(), "a clear path raises the estimate: " + clear);
        assertEquals(clear, gauge(GAUGE));
        // Now each packet waits 4 ms more than the one before: the path carries less than is sent.
        for (int f = 0; f < 20; f++) {
            sendAndAcknowledge(5, 20 * MS, 30 * MS, 4 * MS);
        }
        long congested = sub().bandwidth().estimate();
        assertTrue(congested < clear, "a growing queue lowers the estimate: " + congested + " >= " + clear);
        assertEquals(congested, gauge(GAUGE));
        assertEquals(0, counters.totalDrops());
        for (int a = 0; a < BweAnomaly.END; a++) {
            assertEquals(0, counters.bweAnomalies(a), BweAnomaly.name(a));
        }
    }

    @Test
    void retransmissionsAreRememberedUnderANewNumber() {
        video(true);
        int firstOut = egress.lastSequence;
        now += 5 * MS;
        video(false);
        int twcc = egress.lastTwcc;
        now += 40 * MS;
        int length = writer.wrap(rtcp, 0, 8192).nack(0x5117, consumerSsrc(), new int[] {firstOut}, 0, 1);
        rtcpFromSub(length);
        assertEquals(1, sub().consumers()[0].counters().retransmitted().get());
        SendHistory history = sub().bandwidth().history();
        assertEquals(now, history.sendNanos(twcc + 1), "the retransmission took the next transport-wide number");
        assertEquals(12 + 8 + PAYLOAD, history.size(twcc + 1));
    }

    @Test
    void absurdRembIsClampedAndCountedAndShown() {
        int length = writer.wrap(rtcp, 0, 8192).remb(0x5117, 10_000_000_000_000L, new int[] {consumerSsrc()}, 1);
        rtcpFromSub(length);
        assertEquals(BweConfig.DEFAULT.maxBps(), sub().bandwidth().estimate());
        assertEquals(BweConfig.DEFAULT.maxBps(), gauge(GAUGE));
        assertEquals(1, counters.bweAnomalies(BweAnomaly.REMB_ABOVE_MAX));
        now += 100 * MS;
        length = writer.wrap(rtcp, 0, 8192).remb(0x5117, 0, new int[] {consumerSsrc()}, 1);
        rtcpFromSub(length);
        assertEquals(BweConfig.DEFAULT.minBps(), gauge(GAUGE));
        assertEquals(1, counters.bweAnomalies(BweAnomaly.REMB_BELOW_MIN));
        assertEquals(1, gauge("xsfu_bwe_anomalies_total{reason=\"remb_below_min\"}"));
    }

    @Test
    void feedbackAboutNumbersNeverSentIsCountedNotBelieved() {
        sequences[0] = 30000;
        arrivalMicros[0] = 5_000_000;
        int length = writer.wrap(rtcp, 0, 8192).twcc(0x5117, consumerSsrc(), 30000, 0, sequences, arrivalMicros, 1);
        rtcpFromSub(length);
        assertEquals(1, counters.bweAnomalies(BweAnomaly.UNKNOWN_SEQUENCE));
        assertEquals(BweConfig.DEFAULT.startBps(), gauge(GAUGE));
    }

    @Test
    void theEstimateSurvivesATableSwapAndLeavesWithItsTransport() {
        int length = writer.wrap(rtcp, 0, 8192).remb(0x5117, 1_000_000, new int[] {consumerSsrc()}, 1);
        rtcpFromSub(length);
        TransportBandwidth before = sub().bandwidth();
        forwarder.apply(table(SUB, 1));
        assertSame(before, sub().bandwidth(), "same transport, same port: the same estimation");
        assertEquals(1_000_000, gauge(GAUGE));
        forwarder.apply(table(SUB + 10, 1));
        TransportBandwidth moved = forwarder.table().byLocalPort(SUB + 10).bandwidth();
        assertNotNull(moved);
        assertTrue(moved != before, "a new port is a new transport-wide sequence: estimation starts over");
        assertEquals(BweConfig.DEFAULT.startBps(), gauge(GAUGE), "one gauge per participant, the current one");
        forwarder.apply(RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null, WITH_TWCC).build());
        assertEquals(Long.MIN_VALUE, gauge(GAUGE), "freed when the participant leaves");
    }

    /** The send path (16 subscribers with transport-wide numbers) and the feedback path allocate nothing. */
    @Test
    void sendingAndFeedbackAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        forwarder.apply(table(SUB, 16));
        video(true);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int f = 0; f < 200; f++) {
                // Feedback from the first subscriber about the 20 copies it got (others send none here).
                int base = -1;
                for (int i = 0; i < 20; i++) {
                    now += 5 * MS;
                    assertEquals(16, video(false));
                    forwarder.housekeeping(egress, now);
                    if (base < 0) {
                        base = egress.lastTwcc;
                    }
                    sequences[i] = egress.lastTwcc;
                    arrivalMicros[i] = (now + 30 * MS) / 1_000;
                }
                int length = writer.wrap(rtcp, 0, 8192).twcc(0x5117, 0, base, feedbackCount, sequences, arrivalMicros, 20);
                feedbackCount = (feedbackCount + 1) & 0xFF;
                rtcpFromSub(length);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            best = Math.min(best, allocated);
            assertTrue(round < 2 || allocated <= 1024, "round " + round + " allocated " + allocated + " bytes");
        }
        assertEquals(0, best, "at least one round allocates nothing at all");
        assertEquals(0, counters.totalDrops());
        assertEquals(0, counters.bweAnomalies(BweAnomaly.UNKNOWN_SEQUENCE));
    }

    @Test
    void thePublisherGetsTransportWideFeedbackAboutItsOwnPacketsEveryFiftyMilliseconds() {
        for (int i = 0; i < 10; i++) {
            now += 5 * MS;
            video(i == 0);
            forwarder.housekeeping(egress, now);
        }
        Transport pub = forwarder.table().byLocalPort(PUB);
        assertEquals(10, pub.arrivals().received());
        long sent = counters.transportFeedbackSent.get();
        assertTrue(sent >= 1, "feedback went out: " + sent);
        now += 60 * MS;
        video(false);
        forwarder.housekeeping(egress, now);
        assertEquals(sent + 1, counters.transportFeedbackSent.get(), "the next one after the interval");
        assertNull(forwarder.table().byLocalPort(SUB).arrivals(), "a transport that sends nothing gets none");
    }
}
