package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.DropReason;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.route.Endpoint;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding decision, backend-independent: the test plays the backend with an egress that records
 * what it is asked to send (the real egresses are exercised by the namespace integration tests).
 */
class ForwarderTest {
    private static final int PUB = 40000;
    private static final int SUB1 = 40001;
    private static final int SUB2 = 40002;
    private static final int CLIENT = 0x0a000002; // 10.0.0.2

    private DataplaneCounters counters;
    private final List<InetAddress> requested = new ArrayList<>();
    private final RecordingEgress egress = new RecordingEgress();
    private final ParsedPacket packet = new ParsedPacket();
    private Forwarder forwarder;

    static final class RecordingEgress implements Egress {
        boolean needsMac;
        int failWith;
        int begins;
        final List<String> sent = new ArrayList<>();

        @Override
        public boolean needsNextHopMac() {
            return needsMac;
        }

        @Override
        public void begin(ParsedPacket in) {
            begins++;
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite) {
            if (failWith != 0) {
                return failWith;
            }
            sent.add(to.participantId() + "@" + to.remote().port() + "/" + in.payloadLength());
            return 0;
        }

        @Override
        public int sendRaw(java.lang.foreign.MemorySegment buffer, long offset, int length, Transport to) {
            return 0;
        }
    }

    @BeforeEach
    void setUp() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * 512)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * 128)));
        counters = new DataplaneCounters(manager);
        RoutingTable table = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .participant("room", "sub2", SUB2, new InetSocketAddress("10.0.0.4", 6002), false, true, null)
                .build();
        forwarder = new Forwarder(counters, d -> requested.add(d), table);
    }

    private int receive(int firstByte, int secondByte, long ssrc, int srcIp, int srcPort, int dstPort, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) firstByte;
        b[1] = (byte) secondByte;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        int reason = PacketParser.parseDatagram(MemorySegment.ofArray(b), 0, length, 4, srcIp, 0, 0, srcPort, dstPort, packet);
        if (reason != 0) {
            counters.drop(reason);
            return -reason;
        }
        return forwarder.onDatagram(packet, egress, System.nanoTime());
    }

    private int rtp(long ssrc, int srcIp, int srcPort, int dstPort) {
        return receive(0x80, 96, ssrc, srcIp, srcPort, dstPort, 200);
    }

    @Test
    void comediaLearnsTheFirstSourceAndForwardsToEverySubscriber() {
        assertEquals(2, rtp(1111, CLIENT, 5000, PUB));
        assertEquals(List.of("sub1@6001/200", "sub2@6002/200"), egress.sent);
        assertEquals(1, counters.comediaLearned.get());
        Transport pub = forwarder.table().byLocalPort(PUB);
        assertEquals("10.0.0.2:5000", pub.remote().toString());
        assertEquals(1, pub.streamCount());
        assertEquals(1, pub.stream(1111).rxPackets());
        assertEquals(2, pub.stream(1111).txPackets());
        assertEquals(1, forwarder.table().byLocalPort(SUB1).counters().txPackets().get());
    }

    @Test
    void anotherSourceOnALearnedPortIsDroppedAndCounted() {
        rtp(1111, CLIENT, 5000, PUB);
        egress.sent.clear();
        assertEquals(0, rtp(1111, CLIENT, 5001, PUB));
        assertEquals(0, rtp(1111, CLIENT + 1, 5000, PUB));
        assertTrue(egress.sent.isEmpty());
        assertEquals(2, counters.drops(ForwardDrop.UNKNOWN_SOURCE));
    }

    @Test
    void unknownPortReceiveOnlySenderAndNonMediaAreDroppedWithTheirReason() {
        rtp(1111, CLIENT, 5000, 40050);
        assertEquals(1, counters.drops(ForwardDrop.UNKNOWN_PORT));
        // sub1 is receive-only and has a fixed remote: media from it is refused.
        rtp(2222, 0x0a000003, 6001, SUB1);
        assertEquals(1, counters.drops(ForwardDrop.NOT_A_SENDER));
        receive(0x42, 0, 0, CLIENT, 5000, PUB, 50);
        assertEquals(1, counters.drops(DropReason.NOT_MEDIA));
        assertTrue(egress.sent.isEmpty());
    }

    @Test
    void rtcpTeachesComediaButIsCountedAsNotHandled() {
        // An RTCP receiver report header: V=2, PT=201, length 1 (8 bytes).
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
        PacketParser.parseDatagram(MemorySegment.ofArray(rr), 0, rr.length, 4, CLIENT, 0, 0, 5000, PUB, packet);
        assertEquals(0, forwarder.onDatagram(packet, egress, 0));
        assertEquals(1, counters.drops(ForwardDrop.RTCP_NOT_HANDLED));
        assertTrue(forwarder.table().byLocalPort(PUB).remote().known());
    }

    @Test
    void copiesWaitForTheNextHopMacAndResolutionIsAskedOnceUntilTheRetryInterval() {
        egress.needsMac = true;
        assertEquals(0, rtp(1111, CLIENT, 5000, PUB));
        assertEquals(2, counters.drops(ForwardDrop.NEXT_HOP_UNRESOLVED));
        rtp(1111, CLIENT, 5000, PUB);
        // pub's own remote (learned) + the two subscribers, each asked once within the retry interval.
        assertEquals(3, requested.size());
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.3"), 0x020000000003L);
        assertEquals(1, rtp(1111, CLIENT, 5000, PUB));
        assertEquals(List.of("sub1@6001/200"), egress.sent);
        assertEquals(0x020000000003L, forwarder.table().byLocalPort(SUB1).remote().nextHopMac());
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.3"), Endpoint.MAC_UNRESOLVED);
        assertEquals(0, rtp(1111, CLIENT, 5000, PUB));
    }

    @Test
    void failedCopiesAreCountedUnderTheEgressReason() {
        egress.failWith = ForwardDrop.TX_RING_FULL;
        assertEquals(0, rtp(1111, CLIENT, 5000, PUB));
        assertEquals(2, counters.drops(ForwardDrop.TX_RING_FULL));
        assertEquals(0, forwarder.table().byLocalPort(PUB).stream(1111).txPackets());
    }

    private int rtpAt(long ssrc, long nowNanos) {
        byte[] b = new byte[200];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        PacketParser.parseDatagram(MemorySegment.ofArray(b), 0, 200, 4, CLIENT, 0, 0, 5000, PUB, packet);
        return forwarder.onDatagram(packet, egress, nowNanos);
    }

    @Test
    void streamsPerTransportAreBoundedWhileActiveAndAnIdleOneGivesUpItsSlot() {
        long t = 1_000_000_000L;
        for (int ssrc = 1; ssrc <= Transport.MAX_STREAMS; ssrc++) {
            assertEquals(2, rtpAt(ssrc, t));
        }
        assertEquals(0, rtpAt(999_999, t + 1_000_000));
        assertEquals(1, counters.drops(ForwardDrop.TOO_MANY_STREAMS));
        assertEquals(2, rtpAt(1, t + 2_000_000), "known streams keep flowing");
        // Ten seconds later only SSRC 1 is still active: a restarted client's new SSRC takes an idle slot.
        long later = t + 10_000_000_000L;
        assertEquals(2, rtpAt(1, later));
        assertEquals(2, rtpAt(777, later));
        Transport pub = forwarder.table().byLocalPort(PUB);
        assertEquals(Transport.MAX_STREAMS, pub.streamCount());
        assertTrue(pub.stream(777) != null && pub.stream(1) != null);
        assertEquals(1, counters.drops(ForwardDrop.TOO_MANY_STREAMS));
    }

    @Test
    void aParticipantLearnedAtAnAddressWhoseNextHopIsKnownGetsItsMacAtOnce() {
        RoutingTable sameHost = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.2", 6001), false, true, null)
                .build();
        forwarder.apply(sameHost);
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.2"), 0x020000000002L);
        egress.needsMac = true;
        rtp(1111, CLIENT, 5000, PUB); // pub is learned at 10.0.0.2, where sub1 already is
        assertEquals(0x020000000002L, sameHost.byLocalPort(PUB).remote().nextHopMac());
    }

    @Test
    void aNewRoutingTableKeepsWhatWasLearnedAndFreesDepartedParticipants() {
        rtp(1111, CLIENT, 5000, PUB);
        forwarder.nextHopResolved(InetAddress.ofLiteral("10.0.0.2"), 0x020000000002L);
        RoutingTable next = RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .build();
        forwarder.apply(next);
        Transport pub = next.byLocalPort(PUB);
        assertTrue(pub.remote().known(), "learned endpoint carried over");
        assertEquals(0x020000000002L, pub.remote().nextHopMac());
        assertEquals(1, pub.stream(1111).rxPackets(), "stream counters continue");
        egress.sent.clear();
        assertEquals(1, rtp(1111, CLIENT, 5000, PUB));
        assertEquals(List.of("sub1@6001/200"), egress.sent);
    }

    @Test
    void noSubscriberIsCounted() {
        RoutingTable alone = RoutingTable.builder(40000, 40099).participant("r", "solo", PUB, null, true, true, null).build();
        forwarder.apply(alone);
        assertEquals(0, rtp(1, CLIENT, 5000, PUB));
        assertEquals(1, counters.drops(ForwardDrop.NO_SUBSCRIBER));
        assertEquals(0, egress.begins);
    }
}
