package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.DropReason;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.Wire;
import io.xsfu.route.Consumer;
import io.xsfu.route.Endpoint;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtcp.Feedback;
import io.xsfu.rtcp.GenericNack;
import io.xsfu.rtcp.ReceiverReport;
import io.xsfu.rtcp.RtcpCompound;
import io.xsfu.rtcp.RtcpKind;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.SenderReport;
import io.xsfu.rtp.MediaCodec;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SFU's decisions, backend-independent: the test plays the backend with an egress that records what
 * it is asked to send (the real egresses are exercised by the namespace integration tests).
 */
class ForwarderTest {
    private static final int PUB = 40000;
    private static final int SUB1 = 40001;
    private static final int SUB2 = 40002;
    private static final int CLIENT = 0x0a000002; // 10.0.0.2
    private static final int MIC_SSRC = 2222;
    private static final int CAM_SSRC = 1111;
    private static final int CAM_RTX_SSRC = 1112;
    private static final TransportOptions RTX = new TransportOptions(true, true, false, true, Map.of());

    private DataplaneCounters counters;
    private final List<InetAddress> requested = new ArrayList<>();
    private final RecordingEgress egress = new RecordingEgress();
    private final ParsedPacket packet = new ParsedPacket();
    private Forwarder forwarder;
    private long now = 1_000_000_000L;

    record Copy(String to, int ssrc, int seq, int timestamp, int payloadType, int length, int twcc) {
    }

    static final class RecordingEgress implements Egress {
        boolean needsMac;
        int failWith;
        int begins;
        final List<Copy> sent = new ArrayList<>();
        final List<String> rawTo = new ArrayList<>();
        final List<byte[]> raw = new ArrayList<>();

        @Override
        public boolean needsNextHopMac() {
            return needsMac;
        }

        @Override
        public void begin(ParsedPacket in) {
            begins++;
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite r) {
            if (failWith != 0) {
                return failWith;
            }
            sent.add(new Copy(to.participantId(), r.ssrc, r.sequenceNumber, r.timestamp, r.payloadType, in.payloadLength(),
                    r.twccId != 0 ? r.twccSequence : -1));
            return 0;
        }

        @Override
        public int sendRaw(MemorySegment buffer, long offset, int length, Transport to, Endpoint dst) {
            rawTo.add(to.participantId());
            raw.add(buffer.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            return 0;
        }

        List<String> sentTo() {
            return sent.stream().map(Copy::to).toList();
        }
    }

    @BeforeEach
    void setUp() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        counters = new DataplaneCounters(manager);
        RoutingTable table = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null)
                .producer("room", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, MIC_SSRC))
                .producer("room", "pub", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, CAM_SSRC).withRtx(97, CAM_RTX_SSRC))
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .participant("room", "sub2", SUB2, new InetSocketAddress("10.0.0.4", 6002), false, true, null, RTX)
                .build();
        forwarder = new Forwarder(counters, requested::add, table);
    }

    private Transport transport(int port) {
        return forwarder.table().byLocalPort(port);
    }

    private Consumer consumer(int port, int producerSsrc) {
        for (Consumer c : transport(port).consumers()) {
            if (c.producer().ssrc() == producerSsrc) {
                return c;
            }
        }
        throw new AssertionError("no consumer of " + producerSsrc + " on " + port);
    }

    private int receive(byte[] b, int srcIp, int srcPort, int dstPort) {
        int reason = PacketParser.parseDatagram(MemorySegment.ofArray(b), 0, b.length, 4, srcIp, 0, 0, srcPort, dstPort, packet);
        if (reason != 0) {
            counters.drop(reason);
            return -reason;
        }
        return forwarder.onDatagram(packet, egress, now);
    }

    private static byte[] rtp(int pt, int seq, int ts, int ssrc, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (ts >>> 24);
        b[5] = (byte) (ts >>> 16);
        b[6] = (byte) (ts >>> 8);
        b[7] = (byte) ts;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    private int audio(int seq) {
        return receive(rtp(111, seq, 960 * seq, MIC_SSRC, new byte[100]), CLIENT, 5000, PUB);
    }

    /** A VP8 packet: descriptor S=1 PID=0, and the frame header's P bit says key or inter frame. */
    private int video(int seq, boolean keyFrame) {
        byte[] payload = new byte[200];
        payload[0] = 0x10;
        payload[1] = (byte) (keyFrame ? 0x50 : 0x51);
        return receive(rtp(96, seq, 3000 * seq, CAM_SSRC, payload), CLIENT, 5000, PUB);
    }

    private List<Copy> copiesTo(String participant) {
        return egress.sent.stream().filter(c -> c.to().equals(participant)).toList();
    }

    private int rtcpFrom(String participant, int srcIp, int srcPort, int dstPort, java.util.function.Consumer<RtcpWriter> build) {
        MemorySegment buf = MemorySegment.ofArray(new byte[1500]);
        RtcpWriter w = new RtcpWriter().wrap(buf, 0, 1500);
        build.accept(w);
        byte[] b = buf.asSlice(0, w.length()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return receive(b, srcIp, srcPort, dstPort);
    }

    /** The kinds of the RTCP packets in one compound the SFU sent. */
    private static List<Integer> kinds(byte[] compound) {
        RtcpCompound c = new RtcpCompound();
        assertEquals(0, c.wrap(MemorySegment.ofArray(compound), 0, compound.length), "a valid compound");
        List<Integer> kinds = new ArrayList<>();
        while (c.next()) {
            kinds.add(c.kind());
        }
        return kinds;
    }

    @Test
    void comediaLearnsTheFirstSourceAndEveryConsumerGetsItsOwnSsrc() {
        assertEquals(2, audio(100));
        assertEquals(List.of("sub1", "sub2"), egress.sentTo());
        assertEquals(1, counters.comediaLearned.get());
        Copy toSub1 = egress.sent.get(0);
        Copy toSub2 = egress.sent.get(1);
        assertEquals(consumer(SUB1, MIC_SSRC).ssrc(), toSub1.ssrc());
        assertNotEquals(MIC_SSRC, toSub1.ssrc());
        assertNotEquals(toSub1.ssrc(), toSub2.ssrc());
        assertEquals(100, toSub1.seq(), "the first packet keeps its number");
        assertEquals(96_000, toSub1.timestamp());
        assertEquals(111, toSub1.payloadType());
        assertEquals("10.0.0.2:5000", transport(PUB).remote().toString());
        assertEquals(1, transport(PUB).producerBySsrc(MIC_SSRC).counters().rxPackets().get());
        assertEquals(1, consumer(SUB1, MIC_SSRC).counters().txPackets().get());
    }

    @Test
    void sourceChecksAndUndeclaredStreamsAreCountedDrops() {
        audio(1);
        egress.sent.clear();
        assertEquals(0, receive(rtp(111, 2, 0, MIC_SSRC, new byte[10]), CLIENT, 5001, PUB));
        assertEquals(1, counters.drops(ForwardDrop.UNKNOWN_SOURCE));
        assertEquals(0, receive(rtp(111, 2, 0, 9999, new byte[10]), CLIENT, 5000, PUB));
        assertEquals(1, counters.drops(ForwardDrop.UNKNOWN_SSRC));
        assertEquals(0, receive(rtp(100, 2, 0, MIC_SSRC, new byte[10]), CLIENT, 5000, PUB));
        assertEquals(1, counters.drops(ForwardDrop.WRONG_PAYLOAD_TYPE));
        receive(rtp(111, 1, 0, MIC_SSRC, new byte[10]), CLIENT, 5000, 40050);
        assertEquals(1, counters.drops(ForwardDrop.UNKNOWN_PORT));
        receive(rtp(111, 1, 0, MIC_SSRC, new byte[10]), 0x0a000003, 6001, SUB1);
        assertEquals(1, counters.drops(ForwardDrop.NOT_A_SENDER));
        receive(new byte[] {0x42, 0, 0, 0}, CLIENT, 5000, PUB);
        assertEquals(1, counters.drops(DropReason.NOT_MEDIA));
        assertTrue(egress.sent.isEmpty());
    }

    @Test
    void videoStartsAtAKeyFrameAndAsksThePublisherForOneMeanwhile() {
        assertEquals(0, video(10, false));
        assertEquals(2, counters.drops(ForwardDrop.WAITING_FOR_KEYFRAME));
        assertEquals(List.of("pub"), egress.rawTo, "one keyframe request for both waiting consumers");
        List<Integer> kinds = kinds(egress.raw.get(0));
        assertEquals(List.of(RtcpKind.RR, RtcpKind.PLI), kinds);
        video(11, false);
        assertEquals(1, egress.rawTo.size(), "throttled: still waiting for the first request's keyframe");
        assertEquals(2, video(12, true));
        assertEquals(2, video(13, false));
        List<Copy> sub1 = copiesTo("sub1");
        assertEquals(12, sub1.get(0).seq(), "the stream starts at the keyframe");
        assertEquals(13, sub1.get(1).seq());
        assertEquals(1, transport(PUB).producerBySsrc(CAM_SSRC).counters().keyFrames().get());
    }

    @Test
    void aPausedConsumerResumesWithoutAGapAndAtAKeyFrame() {
        video(1, true);
        video(2, false);
        Consumer c = consumer(SUB1, CAM_SSRC);
        c.paused(true);
        video(3, false);
        video(4, false);
        c.paused(false);
        video(5, false);
        video(6, true);
        List<Integer> seqs = copiesTo("sub1").stream().map(Copy::seq).toList();
        assertEquals(List.of(1, 2, 3), seqs, "after the pause the next packet sent follows the last one sent");
        List<Integer> ts = copiesTo("sub1").stream().map(Copy::timestamp).toList();
        assertTrue(ts.get(2) - ts.get(1) > 0, "timestamps keep increasing across the pause");
    }

    @Test
    void subscriberNacksAreAnsweredFromTheCacheAsRtxOrPlainRetransmissions() {
        audio(1);
        video(1, true);
        video(2, false);
        video(3, false);
        egress.raw.clear();
        egress.rawTo.clear();
        Consumer plain = consumer(SUB1, CAM_SSRC);
        Consumer rtx = consumer(SUB2, CAM_SSRC);
        int[] lost = {2};
        rtcpFrom("sub1", 0x0a000003, 6001, SUB1, w -> {
            w.receiverReport(plain.transport().rtcpSsrc());
            w.nack(12345, plain.ssrc(), lost, 0, 1);
        });
        rtcpFrom("sub2", 0x0a000004, 6002, SUB2, w -> w.nack(12345, rtx.ssrc(), lost, 0, 1));
        assertEquals(List.of("sub1", "sub2"), egress.rawTo);
        byte[] again = egress.raw.get(0);
        assertEquals(96, again[1] & 0x7f);
        assertEquals(2, Wire.u16(MemorySegment.ofArray(again), 2), "the consumer's own sequence number");
        assertEquals(plain.ssrc(), Wire.i32(MemorySegment.ofArray(again), 8));
        byte[] rtxPacket = egress.raw.get(1);
        MemorySegment r = MemorySegment.ofArray(rtxPacket);
        assertEquals(97, rtxPacket[1] & 0x7f, "RTX payload type");
        assertEquals(rtx.rtxSsrc(), Wire.i32(r, 8));
        assertEquals(2, Wire.u16(r, 12), "original sequence number first in the payload");
        assertEquals(again.length + 2, rtxPacket.length);
        assertEquals(1, plain.counters().retransmitted().get());
        assertEquals(1, rtx.counters().retransmitted().get());
        int[] old = {999};
        rtcpFrom("sub1", 0x0a000003, 6001, SUB1, w -> w.nack(12345, plain.ssrc(), old, 0, 1));
        assertEquals(1, counters.drops(ForwardDrop.NACK_NOT_IN_CACHE));
        rtcpFrom("sub1", 0x0a000003, 6001, SUB1, w -> w.pli(12345, 424242));
        assertEquals(1, counters.drops(ForwardDrop.FEEDBACK_UNKNOWN_SSRC));
    }

    @Test
    void aRetransmissionFromThePublisherFillsTheGapItLeft() {
        video(1, true);
        video(3, false);
        byte[] payload = new byte[202];
        payload[0] = 0; // original sequence number 2 ...
        payload[1] = 2;
        payload[2] = 0x10; // ... then the VP8 payload
        payload[3] = 0x51;
        assertEquals(2, receive(rtp(97, 50, 3000 * 2, CAM_RTX_SSRC, payload), CLIENT, 5000, PUB));
        assertEquals(List.of(1, 3, 2), copiesTo("sub1").stream().map(Copy::seq).toList(), "the late packet takes its own slot");
        assertEquals(1, transport(PUB).producerBySsrc(CAM_SSRC).counters().rtxReceived().get());
        assertEquals(96, copiesTo("sub1").get(2).payloadType());
    }

    @Test
    void theSfuNacksUpstreamLossAndSendsReceiverReports() {
        video(1, true);
        video(2, false);
        video(3, false);
        video(6, false);
        egress.raw.clear();
        egress.rawTo.clear();
        now += 50_000_000L;
        forwarder.housekeeping(egress, now);
        int nackAt = -1;
        for (int i = 0; i < egress.raw.size(); i++) {
            if (kinds(egress.raw.get(i)).contains(RtcpKind.NACK)) {
                nackAt = i;
            }
        }
        assertTrue(nackAt >= 0, "a NACK went to the publisher: " + egress.rawTo);
        assertEquals("pub", egress.rawTo.get(nackAt));
        RtcpCompound c = new RtcpCompound();
        byte[] b = egress.raw.get(nackAt);
        c.wrap(MemorySegment.ofArray(b), 0, b.length);
        List<Integer> lost = new ArrayList<>();
        while (c.next()) {
            if (c.kind() == RtcpKind.NACK) {
                GenericNack n = new GenericNack().wrap(c.segment(), c.packetOffset(), c.contentLength());
                assertEquals(CAM_SSRC, n.mediaSsrc());
                n.forEachLost(lost::add);
            }
        }
        assertEquals(List.of(4, 5), lost);
        assertEquals(1, transport(PUB).producerBySsrc(CAM_SSRC).counters().nacksSent().get());
        boolean report = false;
        for (byte[] raw : egress.raw) {
            RtcpCompound rc = new RtcpCompound();
            rc.wrap(MemorySegment.ofArray(raw), 0, raw.length);
            while (rc.next()) {
                if (rc.kind() == RtcpKind.RR) {
                    ReceiverReport rr = new ReceiverReport().wrap(rc.segment(), rc.packetOffset(), rc.contentLength());
                    report |= rr.reportCount() > 0;
                }
            }
        }
        assertTrue(report, "a receiver report with report blocks for the producers");
    }

    @Test
    void senderReportsAreTranslatedForEveryConsumer() {
        audio(1);
        egress.raw.clear();
        egress.rawTo.clear();
        rtcpFrom("pub", CLIENT, 5000, PUB, w -> {
            w.senderReport(MIC_SSRC, 0x1234_5678_9abc_def0L, 960, 1, 100);
            w.sdesCname(MIC_SSRC, MemorySegment.ofArray("pub@host".getBytes()));
        });
        assertEquals(List.of("sub1", "sub2"), egress.rawTo);
        byte[] b = egress.raw.get(0);
        assertEquals(List.of(RtcpKind.SR, RtcpKind.SDES), kinds(b));
        SenderReport sr = new SenderReport().wrap(MemorySegment.ofArray(b), 0, 28);
        Consumer c = consumer(SUB1, MIC_SSRC);
        assertEquals(c.ssrc(), sr.ssrc());
        assertEquals(0x1234_5678_9abc_def0L, sr.ntpTimestamp());
        assertEquals(960 + c.timestamp().offset(), sr.rtpTimestamp(), "RTP time moved by the consumer's offset");
        assertEquals(1, sr.packetCount());
        assertEquals(100, sr.octetCount());
    }

    @Test
    void copiesWaitForTheNextHopMacAndResolutionIsAskedOnceUntilTheRetryInterval() {
        egress.needsMac = true;
        assertEquals(0, audio(1));
        assertEquals(2, counters.drops(ForwardDrop.NEXT_HOP_UNRESOLVED));
        audio(2);
        assertEquals(3, requested.size(), "pub's learned remote and the two subscribers, once each");
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.3"), 0x020000000003L);
        assertEquals(1, audio(3));
        assertEquals(List.of("sub1"), egress.sentTo());
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.3"), Endpoint.MAC_UNRESOLVED);
        assertEquals(0, audio(4));
    }

    @Test
    void failedCopiesAreCountedUnderTheEgressReason() {
        egress.failWith = ForwardDrop.TX_RING_FULL;
        assertEquals(0, audio(1));
        assertEquals(2, counters.drops(ForwardDrop.TX_RING_FULL));
        assertEquals(0, consumer(SUB1, MIC_SSRC).counters().txPackets().get());
    }

    @Test
    void aNewRoutingTableKeepsWhatWasLearnedAndTheConsumersNumbering() {
        audio(1);
        audio(2);
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.2"), 0x020000000002L);
        int ssrcBefore = consumer(SUB1, MIC_SSRC).ssrc();
        RoutingTable next = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null)
                .producer("room", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, MIC_SSRC))
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .build();
        forwarder.apply(next);
        assertTrue(next.byLocalPort(PUB).remote().known(), "learned endpoint carried over");
        assertEquals(0x020000000002L, next.byLocalPort(PUB).remote().nextHopMac());
        egress.sent.clear();
        assertEquals(1, audio(3));
        Copy c = egress.sent.get(0);
        assertEquals(ssrcBefore, c.ssrc());
        assertEquals(3, c.seq());
        assertEquals(3, consumer(SUB1, MIC_SSRC).counters().txPackets().get(), "counters continue");
    }

    @Test
    void aParticipantLearnedAtAnAddressWhoseNextHopIsKnownGetsItsMacAtOnce() {
        RoutingTable sameHost = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null)
                .producer("room", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, MIC_SSRC))
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.2", 6001), false, true, null)
                .build();
        forwarder.apply(sameHost);
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.2"), 0x020000000002L);
        egress.needsMac = true;
        audio(1);
        assertEquals(0x020000000002L, sameHost.byLocalPort(PUB).remote().nextHopMac());
    }

    @Test
    void noSubscriberIsCounted() {
        RoutingTable alone = RoutingTable.builder(40000, 40099).participant("r", "solo", PUB, null, true, true, null)
                .producer("r", "solo", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, MIC_SSRC)).build();
        forwarder.apply(alone);
        assertEquals(0, audio(1));
        assertEquals(1, counters.drops(ForwardDrop.NO_SUBSCRIBER));
        assertEquals(0, egress.begins);
    }

    @Test
    void aNackStormCostsBoundedWork() {
        audio(1);
        video(1, true);
        for (int s = 2; s < 100; s++) {
            video(s, false);
        }
        egress.raw.clear();
        Consumer c = consumer(SUB1, CAM_SSRC);
        int[] lost = new int[98];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = i + 2;
        }
        // Ten NACKs for 98 packets each, at one instant: 980 asked, the burst budget answers 200.
        for (int round = 0; round < 10; round++) {
            rtcpFrom("sub1", 0x0a000003, 6001, SUB1, w -> w.nack(12345, c.ssrc(), lost, 0, lost.length));
        }
        assertEquals(Consumer.RETRANSMIT_BURST, c.counters().retransmitted().get());
        assertEquals(980 - Consumer.RETRANSMIT_BURST, counters.drops(ForwardDrop.NACK_RATE_LIMITED));
        now += 1_000_000_000L; // a second later the budget is back
        rtcpFrom("sub1", 0x0a000003, 6001, SUB1, w -> w.nack(12345, c.ssrc(), lost, 0, 1));
        assertEquals(Consumer.RETRANSMIT_BURST + 1, c.counters().retransmitted().get());
    }

    @Test
    void transportWideSequenceNumbersCountWhatTheSfuSendsOnEachTransport() {
        Map<String, Integer> twcc = Map.of(TransportOptions.TRANSPORT_WIDE_CC, 5);
        TransportOptions withTwcc = new TransportOptions(true, true, false, false, twcc);
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null, withTwcc)
                .producer("room", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, MIC_SSRC))
                .producer("room", "pub", ProducerSpec.of("mic2", MediaCodec.OPUS, 112, 48000, 3333))
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null, withTwcc)
                .participant("room", "sub2", SUB2, new InetSocketAddress("10.0.0.4", 6002), false, true, null)
                .build();
        forwarder.apply(t);
        receive(withTwccElement(rtp(111, 1, 960, MIC_SSRC, new byte[100]), 5), CLIENT, 5000, PUB);
        receive(withTwccElement(rtp(112, 1, 0, 3333, new byte[50]), 5), CLIENT, 5000, PUB);
        audio(2); // no element: the SFU adds one to sub1's copy, which takes the next number
        receive(withTwccElement(rtp(111, 3, 960 * 3, MIC_SSRC, new byte[100]), 5), CLIENT, 5000, PUB);
        assertEquals(List.of(0, 1, 2, 3), copiesTo("sub1").stream().map(Copy::twcc).toList(),
                "one sequence across the two streams sub1 receives");
        assertEquals(List.of(-1, -1, -1, -1), copiesTo("sub2").stream().map(Copy::twcc).toList(), "sub2 did not negotiate it");
        // A copy the egress refuses gives its number back: the subscriber sees no gap it would report as loss.
        egress.failWith = ForwardDrop.TX_RING_FULL;
        receive(withTwccElement(rtp(111, 4, 960 * 4, MIC_SSRC, new byte[100]), 5), CLIENT, 5000, PUB);
        egress.failWith = 0;
        receive(withTwccElement(rtp(111, 5, 960 * 5, MIC_SSRC, new byte[100]), 5), CLIENT, 5000, PUB);
        assertEquals(4, copiesTo("sub1").getLast().twcc(), "3 was the last number used, 4 the next");
    }

    /** The packet with a one-byte-header extension holding a transport-wide sequence element under {@code id}. */
    private static byte[] withTwccElement(byte[] rtp, int id) {
        byte[] b = new byte[rtp.length + 8];
        System.arraycopy(rtp, 0, b, 0, 12);
        b[0] |= 0x10;
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 1;
        b[16] = (byte) (id << 4 | 1);
        System.arraycopy(rtp, 12, b, 20, rtp.length - 12);
        return b;
    }

    static int mediaSsrcOf(byte[] feedback) {
        return new Feedback().wrap(MemorySegment.ofArray(feedback), 0, feedback.length).mediaSsrc();
    }
}
