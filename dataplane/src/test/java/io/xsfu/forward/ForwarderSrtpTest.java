package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.xsfu.srtp.SrtpDrop;
import io.xsfu.srtp.SrtpParameters;
import io.xsfu.srtp.SrtpProfile;
import io.xsfu.srtp.SrtpSession;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebRTC transports in the agent: nothing flows until ICE selected a handshake peer and DTLS keyed the
 * transport; then received SRTP is authenticated and decrypted in place, and what the SFU makes for a WebRTC
 * subscriber (RTCP, retransmissions) leaves encrypted with that subscriber's keys. Copies are encrypted by
 * the egresses (covered by the end-to-end tests); here the egress records what it was handed.
 */
class ForwarderSrtpTest {
    private static final int PUB = 40000;
    private static final int SUB = 40001;
    private static final int PLAIN = 40002;
    private static final int BROWSER = 0x0a000002;
    private static final int BROWSER2 = 0x0a000005;
    private static final int CAM = 1111;
    private static final TransportOptions WEBRTC = new TransportOptions(true, true, false, false, Map.of(), true);
    private static final SrtpProfile PROFILE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;

    private final ForwarderTest.RecordingEgress egress = new ForwarderTest.RecordingEgress();
    private final ParsedPacket packet = new ParsedPacket();
    private final HandshakeQueue handshakes = new HandshakeQueue(1 << 16);
    private DataplaneCounters counters;
    private Forwarder forwarder;
    private RoutingTable table;
    private final long now = 1_000_000_000L;

    // The publisher's browser protects with its key; the SFU unprotects with the same one.
    private final byte[] pubKey = key(1);
    private final byte[] pubSalt = salt(1);
    private final byte[] sfuToPubKey = key(2);
    private final byte[] sfuToPubSalt = salt(2);
    private final byte[] subKey = key(3);
    private final byte[] subSalt = salt(3);
    private final byte[] sfuToSubKey = key(4);
    private final byte[] sfuToSubSalt = salt(4);
    private final SrtpSession publisherBrowser = new SrtpSession(PROFILE, pubKey, pubSalt);

    @BeforeEach
    void setUp() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        counters = new DataplaneCounters(manager);
        table = tableWithSubscriberOn(SUB);
        forwarder = new Forwarder(counters, a -> true, table);
        forwarder.handshakes(handshakes);
    }

    private static RoutingTable tableWithSubscriberOn(int subPort) {
        return RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null, WEBRTC)
                .producer("room", "pub", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, CAM))
                .participant("room", "sub", subPort, null, false, true, null, WEBRTC)
                .participant("room", "plain", PLAIN, new InetSocketAddress("10.0.0.9", 7000), false, true, null)
                .build();
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[16];
        Arrays.fill(k, (byte) (0x10 + seed));
        return k;
    }

    private static byte[] salt(int seed) {
        byte[] s = new byte[14];
        Arrays.fill(s, (byte) (0x70 + seed));
        return s;
    }

    private int receive(byte[] b, int srcIp, int srcPort, int dstPort) {
        int reason = PacketParser.parseDatagram(MemorySegment.ofArray(b), 0, b.length, 4, srcIp, 0, 0, srcPort,
                dstPort, packet, false);
        if (reason != 0) {
            counters.drop(reason);
            return -reason;
        }
        return forwarder.onDatagram(packet, egress, now);
    }

    /** A STUN binding request's bytes (the agent only classifies it; the conductor judges it). */
    private static byte[] stun() {
        byte[] b = new byte[20];
        b[1] = 0x01;
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xA4;
        b[7] = 0x42;
        return b;
    }

    private static byte[] vp8(int seq, boolean keyFrame, int padding) {
        int payloadLength = 200;
        byte[] b = new byte[12 + payloadLength + padding];
        b[0] = (byte) (padding > 0 ? 0xA0 : 0x80);
        b[1] = 96;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        int ts = 3000 * seq;
        b[4] = (byte) (ts >>> 24);
        b[5] = (byte) (ts >>> 16);
        b[6] = (byte) (ts >>> 8);
        b[7] = (byte) ts;
        b[8] = (byte) (CAM >>> 24);
        b[9] = (byte) (CAM >>> 16);
        b[10] = (byte) (CAM >>> 8);
        b[11] = (byte) CAM;
        b[12] = 0x10;
        b[13] = (byte) (keyFrame ? 0x50 : 0x51);
        for (int i = 14; i < 12 + payloadLength; i++) {
            b[i] = (byte) i;
        }
        if (padding > 0) {
            b[b.length - 1] = (byte) padding;
        }
        return b;
    }

    private byte[] protect(SrtpSession s, byte[] rtp) {
        MemorySegment buf = MemorySegment.ofArray(Arrays.copyOf(rtp, rtp.length + 64));
        int n = s.protectRtp(buf, 0, rtp.length, rtp.length + 64);
        assertTrue(n > 0, "protected: " + n);
        return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    private int sendVideo(int seq, boolean keyFrame) {
        return receive(protect(publisherBrowser, vp8(seq, keyFrame, 0)), BROWSER, 5000, PUB);
    }

    /** Both browsers did ICE (STUN handed off, pair selected) and DTLS (keys in place). */
    private void connectBoth() {
        assertEquals(0, receive(stun(), BROWSER, 5000, PUB));
        assertEquals(0, receive(stun(), BROWSER, 5001, SUB));
        forwarder.setRemote(new Command.SetRemote(PUB, new InetSocketAddress("10.0.0.2", 5000)), now);
        forwarder.setRemote(new Command.SetRemote(SUB, new InetSocketAddress("10.0.0.2", 5001)), now);
        forwarder.setSrtp(new Command.SetSrtp(PUB, new SrtpSession(PROFILE, pubKey, pubSalt),
                new SrtpSession(PROFILE, sfuToPubKey, sfuToPubSalt)));
        forwarder.setSrtp(new Command.SetSrtp(SUB, new SrtpSession(PROFILE, subKey, subSalt),
                new SrtpSession(PROFILE, sfuToSubKey, sfuToSubSalt)));
    }

    private long drops(int reason) {
        return counters.drops(reason);
    }

    @Test
    void handshakesGoToTheConductorAndNothingIsLearnedFromMedia() {
        assertEquals(0, receive(stun(), BROWSER, 5000, PUB));
        List<String> from = new ArrayList<>();
        assertEquals(1, handshakes.drain((port, source, data) -> from.add(port + " " + source), 10));
        assertEquals(List.of("40000 /10.0.0.2:5000"), from);

        // Media before ICE selected anybody: no comedia on WebRTC transports.
        assertEquals(0, sendVideo(1, true));
        assertEquals(1, drops(ForwardDrop.UNKNOWN_SOURCE));
        assertFalse(table.byLocalPort(PUB).remote().known());
    }

    @Test
    void onlyAHandshakePeerCanBeSelected() {
        forwarder.setRemote(new Command.SetRemote(PUB, new InetSocketAddress("10.0.0.2", 5000)), now);
        assertFalse(table.byLocalPort(PUB).remote().known(), "never spoke STUN to us");
        receive(stun(), BROWSER, 5000, PUB);
        forwarder.setRemote(new Command.SetRemote(PUB, new InetSocketAddress("10.0.0.2", 5000)), now);
        assertTrue(table.byLocalPort(PUB).remote().known());
        assertEquals(5000, table.byLocalPort(PUB).remote().port());
    }

    @Test
    void mediaBeforeDtlsKeyedTheTransportIsCountedNotForwarded() {
        receive(stun(), BROWSER, 5000, PUB);
        forwarder.setRemote(new Command.SetRemote(PUB, new InetSocketAddress("10.0.0.2", 5000)), now);
        assertEquals(0, sendVideo(1, true));
        assertEquals(1, drops(ForwardDrop.SRTP_NOT_READY));
        assertTrue(egress.sent.isEmpty());
    }

    @Test
    void srtpIsDecryptedInPlaceAndForwardedToEverySubscriber() {
        connectBoth();
        byte[] clear = vp8(1, true, 0);
        byte[] wire = protect(publisherBrowser, clear);
        assertEquals(2, receive(wire, BROWSER, 5000, PUB));
        // The egress got the clear packet (tag cut off): the plain subscriber gets it as is, the WebRTC one
        // gets it encrypted with its own keys by the egress.
        assertEquals(List.of("sub", "plain"), egress.sentTo());
        assertEquals(clear.length, egress.sent.get(0).length());
        assertArrayEquals(Arrays.copyOfRange(clear, 12, clear.length), Arrays.copyOfRange(wire, 12, clear.length));
        assertEquals(1, table.byLocalPort(PUB).producerBySsrc(CAM).counters().rxPackets().get());
    }

    @Test
    void forgedReplayedAndWronglyKeyedPacketsAreCountedDrops() {
        connectBoth();
        byte[] first = protect(publisherBrowser, vp8(1, true, 0));
        assertEquals(2, receive(first.clone(), BROWSER, 5000, PUB));
        assertEquals(0, receive(first.clone(), BROWSER, 5000, PUB));
        assertEquals(1, drops(SrtpDrop.REPLAYED));

        byte[] forged = protect(publisherBrowser, vp8(2, false, 0));
        forged[40] ^= 1;
        assertEquals(0, receive(forged, BROWSER, 5000, PUB));
        assertEquals(1, drops(SrtpDrop.AUTH_FAILED));

        SrtpSession stranger = new SrtpSession(PROFILE, key(9), salt(9));
        assertEquals(0, receive(protect(stranger, vp8(3, false, 0)), BROWSER, 5000, PUB));
        assertEquals(2, drops(SrtpDrop.AUTH_FAILED));

        // Clear RTP on a WebRTC transport is not SRTP either.
        assertEquals(0, receive(vp8(4, false, 0), BROWSER, 5000, PUB));
        assertEquals(3, drops(SrtpDrop.AUTH_FAILED));

        // From anywhere but the selected pair: not even decrypted.
        assertEquals(0, receive(protect(publisherBrowser, vp8(5, false, 0)), BROWSER2, 5000, PUB));
        assertEquals(1, drops(ForwardDrop.UNKNOWN_SOURCE));

        // The stream goes on after all that.
        assertEquals(2, sendVideo(6, false));
    }

    @Test
    void paddingIsCheckedOnceDecrypted() {
        connectBoth();
        byte[] padded = vp8(1, true, 8);
        assertEquals(2, receive(protect(publisherBrowser, padded), BROWSER, 5000, PUB));
        byte[] badPadding = vp8(2, false, 8);
        badPadding[badPadding.length - 1] = (byte) 250;
        assertEquals(0, receive(protect(publisherBrowser, badPadding), BROWSER, 5000, PUB));
        assertEquals(1, drops(io.xsfu.packet.DropReason.RTP_BAD_PADDING));
    }

    @Test
    void srtcpIsDecryptedAndWhatTheSfuSendsAWebRtcSubscriberIsEncryptedForIt() {
        connectBoth();
        assertEquals(2, sendVideo(1, true));
        assertEquals(2, sendVideo(2, false));
        assertEquals(2, sendVideo(3, false));
        Transport sub = table.byLocalPort(SUB);
        int consumerSsrc = sub.consumers()[0].ssrc();

        // The subscriber's browser NACKs the second copy (its sequence number as it saw it) in SRTCP.
        int lostSeq = egress.sent.get(2).seq();
        MemorySegment buf = MemorySegment.ofArray(new byte[1500]);
        RtcpWriter w = new RtcpWriter().wrap(buf, 0, 1500);
        w.receiverReport(0x5555);
        w.nack(0x5555, consumerSsrc, new int[] {lostSeq}, 0, 1);
        SrtpSession subscriberBrowserOut = new SrtpSession(PROFILE, subKey, subSalt);
        int n = subscriberBrowserOut.protectRtcp(buf, 0, w.length(), 1500);
        assertTrue(n > w.length());
        byte[] nack = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        receive(nack, BROWSER, 5001, SUB);

        // The retransmission went out as SRTP under the SFU's key toward that subscriber.
        assertEquals(1, egress.raw.size(), "one retransmission");
        byte[] retransmission = egress.raw.get(0);
        SrtpSession subscriberBrowserIn = new SrtpSession(PROFILE, sfuToSubKey, sfuToSubSalt);
        MemorySegment r = MemorySegment.ofArray(retransmission.clone());
        int clear = subscriberBrowserIn.unprotectRtp(r, 0, retransmission.length);
        assertTrue(clear > 0, "the subscriber's browser can decrypt it: " + clear);
        assertEquals(lostSeq, Short.toUnsignedInt(r.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(
                java.nio.ByteOrder.BIG_ENDIAN), 2)));

        // A receiver report toward the publisher is SRTCP under the SFU's key toward it.
        egress.raw.clear();
        forwarder.housekeeping(egress, now + RtcpEngine.REPORT_INTERVAL_NANOS * 2);
        assertFalse(egress.raw.isEmpty(), "a receiver report to the publisher");
        byte[] report = egress.raw.get(0);
        assertEquals(-SrtpDrop.AUTH_FAILED, new SrtpSession(PROFILE, key(9), salt(9))
                .unprotectRtcp(MemorySegment.ofArray(report.clone()), 0, report.length), "not readable to others");
        int reportLength = new SrtpSession(PROFILE, sfuToPubKey, sfuToPubSalt)
                .unprotectRtcp(MemorySegment.ofArray(report.clone()), 0, report.length);
        assertTrue(reportLength >= 8, "the publisher's browser can decrypt it: " + reportLength);
    }

    @Test
    void consentLostStopsCopiesUntilAPairIsSelectedAgain() {
        connectBoth();
        assertEquals(2, sendVideo(1, true));
        forwarder.setRemote(new Command.SetRemote(SUB, null), now);
        assertEquals(1, sendVideo(2, false));
        assertEquals(1, drops(ForwardDrop.REMOTE_NOT_LEARNED));
        forwarder.setRemote(new Command.SetRemote(SUB, new InetSocketAddress("10.0.0.2", 5001)), now);
        assertEquals(2, sendVideo(3, false));
    }

    @Test
    void aNewRoutingTableKeepsKeysAndSelectionButARejoinOnAnotherPortStartsFresh() {
        connectBoth();
        Transport before = table.byLocalPort(PUB);
        SrtpSession inbound = before.inboundSrtp();
        RoutingTable same = tableWithSubscriberOn(SUB);
        forwarder.apply(same);
        assertSame(inbound, same.byLocalPort(PUB).inboundSrtp());
        assertTrue(same.byLocalPort(SUB).remote().known());
        assertNotNull(same.byLocalPort(SUB).outboundSrtp());
        assertEquals(2, sendVideo(1, true));

        RoutingTable moved = tableWithSubscriberOn(SUB + 10);
        forwarder.apply(moved);
        Transport sub = moved.byLocalPort(SUB + 10);
        assertFalse(sub.remote().known(), "ICE runs again on the new port");
        assertNull(sub.inboundSrtp());
        assertEquals(0, sub.handshakePeerCount());
        assertEquals(1, sendVideo(2, false));
    }

    // ---- plain transports with given keys (mediasoup's PlainTransport with enableSrtp) ----------------------

    private static final byte[] CAM_KEY = concat(key(5), salt(5));
    private static final byte[] SFU_TO_CAM_KEY = concat(key(6), salt(6));
    private static final byte[] VIEWER_KEY = concat(key(7), salt(7));
    private static final byte[] SFU_TO_VIEWER_KEY = concat(key(8), salt(8));
    private static final SrtpParameters CAM_SRTP = new SrtpParameters(PROFILE, CAM_KEY, SFU_TO_CAM_KEY);
    private static final SrtpParameters VIEWER_SRTP = new SrtpParameters(PROFILE, VIEWER_KEY, SFU_TO_VIEWER_KEY);

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A comedia SRTP camera, a fixed SRTP viewer and a fixed viewer in clear. */
    private static RoutingTable plainSrtpTable(SrtpParameters cam) {
        TransportOptions plain = TransportOptions.DEFAULT;
        return RoutingTable.builder(40000, 40099)
                .participant("room", "pub", PUB, null, true, false, null, plain.withSrtp(cam))
                .producer("room", "pub", ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, CAM))
                .participant("room", "sub", SUB, new InetSocketAddress("10.0.0.3", 6000), false, true, null,
                        plain.withSrtp(VIEWER_SRTP))
                .participant("room", "plain", PLAIN, new InetSocketAddress("10.0.0.9", 7000), false, true, null)
                .build();
    }

    private void usePlainSrtp() {
        table = plainSrtpTable(CAM_SRTP);
        forwarder.apply(table);
    }

    @Test
    void givenKeysKeyAPlainTransportWithTheTableAndComediaLearnsOnlyFromWhatAuthenticates() {
        usePlainSrtp();
        Transport pub = table.byLocalPort(PUB);
        assertNotNull(pub.inboundSrtp(), "keyed by the table, no command needed");
        assertNotNull(table.byLocalPort(SUB).outboundSrtp());
        assertNull(table.byLocalPort(PLAIN).outboundSrtp());
        SrtpSession camera = CAM_SRTP.inbound(); // the camera protects with what the SFU unprotects with

        byte[] forged = protect(camera, vp8(1, true, 0));
        forged[forged.length - 1] ^= 1;
        assertEquals(0, receive(forged, BROWSER2, 4000, PUB));
        assertEquals(1, drops(SrtpDrop.AUTH_FAILED));
        assertFalse(pub.remote().known(), "a packet that does not authenticate takes nobody's place");
        assertEquals(0, receive(vp8(1, true, 0), BROWSER2, 4000, PUB), "clear RTP is no SRTP either");
        assertEquals(2, drops(SrtpDrop.AUTH_FAILED));
        assertFalse(pub.remote().known());

        byte[] clear = vp8(2, true, 0);
        assertEquals(2, receive(protect(camera, clear), BROWSER, 4000, PUB));
        assertTrue(pub.remote().known(), "learned from the first packet that authenticated");
        assertEquals(4000, pub.remote().port());
        assertEquals(List.of("sub", "plain"), egress.sentTo());
        assertEquals(clear.length, egress.sent.get(0).length(), "decrypted, the tag cut off; the egress encrypts per subscriber");
        assertEquals(0, receive(protect(camera, vp8(3, false, 0)), BROWSER2, 4000, PUB));
        assertEquals(1, drops(ForwardDrop.UNKNOWN_SOURCE), "once learned, the source check comes first");
    }

    @Test
    void givenKeysSurviveTableSwapsAndNewKeysStartFreshSessions() {
        usePlainSrtp();
        SrtpSession camera = CAM_SRTP.inbound();
        byte[] first = protect(camera, vp8(1, true, 0));
        assertEquals(2, receive(first.clone(), BROWSER, 4000, PUB));
        SrtpSession inbound = table.byLocalPort(PUB).inboundSrtp();

        RoutingTable same = plainSrtpTable(CAM_SRTP);
        forwarder.apply(same);
        assertSame(inbound, same.byLocalPort(PUB).inboundSrtp(), "replay window and rollover counter carry over");
        assertEquals(0, receive(first.clone(), BROWSER, 4000, PUB));
        assertEquals(1, drops(SrtpDrop.REPLAYED));
        assertEquals(2, receive(protect(camera, vp8(2, false, 0)), BROWSER, 4000, PUB));

        SrtpParameters rekeyed = new SrtpParameters(PROFILE, concat(key(9), salt(9)), SFU_TO_CAM_KEY);
        RoutingTable next = plainSrtpTable(rekeyed);
        forwarder.apply(next);
        assertNotSame(inbound, next.byLocalPort(PUB).inboundSrtp());
        assertEquals(0, receive(protect(camera, vp8(3, false, 0)), BROWSER, 4000, PUB));
        assertEquals(1, drops(SrtpDrop.AUTH_FAILED), "the old key is no longer accepted");
        assertEquals(2, receive(protect(rekeyed.inbound(), vp8(4, false, 0)), BROWSER, 4000, PUB));
    }

    @Test
    void whatTheSfuSendsAPlainSrtpParticipantIsEncryptedWithItsSendKey() {
        usePlainSrtp();
        SrtpSession camera = CAM_SRTP.inbound();
        for (int seq = 1; seq <= 3; seq++) {
            assertEquals(2, receive(protect(camera, vp8(seq, seq == 1, 0)), BROWSER, 4000, PUB));
        }
        // The viewer NACKs its second copy in SRTCP under its key.
        int lostSeq = egress.sent.get(2).seq();
        int consumerSsrc = table.byLocalPort(SUB).consumers()[0].ssrc();
        MemorySegment buf = MemorySegment.ofArray(new byte[1500]);
        RtcpWriter w = new RtcpWriter().wrap(buf, 0, 1500);
        w.receiverReport(0x7777);
        w.nack(0x7777, consumerSsrc, new int[] {lostSeq}, 0, 1);
        int n = VIEWER_SRTP.inbound().protectRtcp(buf, 0, w.length(), 1500);
        receive(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0x0a000003, 6000, SUB);

        assertEquals(1, egress.raw.size(), "one retransmission");
        byte[] retransmission = egress.raw.get(0);
        MemorySegment r = MemorySegment.ofArray(retransmission.clone());
        assertTrue(VIEWER_SRTP.outbound().unprotectRtp(r, 0, retransmission.length) > 0,
                "the viewer decrypts it with the SFU's send key");
        assertEquals(-SrtpDrop.AUTH_FAILED, VIEWER_SRTP.inbound().unprotectRtp(MemorySegment.ofArray(retransmission.clone()), 0,
                retransmission.length), "and not with its own");
    }

    @Test
    void aWebRtcSubscriberGetsNoCopyBetweenIceAndDtls() {
        receive(stun(), BROWSER, 5000, PUB);
        receive(stun(), BROWSER, 5001, SUB);
        forwarder.setRemote(new Command.SetRemote(PUB, new InetSocketAddress("10.0.0.2", 5000)), now);
        forwarder.setSrtp(new Command.SetSrtp(PUB, new SrtpSession(PROFILE, pubKey, pubSalt),
                new SrtpSession(PROFILE, sfuToPubKey, sfuToPubSalt)));
        forwarder.setRemote(new Command.SetRemote(SUB, new InetSocketAddress("10.0.0.2", 5001)), now);
        assertEquals(1, sendVideo(1, true), "only the plain subscriber");
        assertEquals(List.of("plain"), egress.sentTo());
        assertEquals(1, drops(ForwardDrop.SRTP_NOT_READY), "nothing leaves in clear toward the WebRTC one");
    }

    @Test
    void keysForAPortWithoutAWebRtcTransportAreIgnored() {
        forwarder.setSrtp(new Command.SetSrtp(PLAIN, new SrtpSession(PROFILE, subKey, subSalt),
                new SrtpSession(PROFILE, subKey, subSalt)));
        assertNull(table.byLocalPort(PLAIN).inboundSrtp());
        forwarder.setRemote(new Command.SetRemote(PLAIN, null), now);
        Endpoint plain = table.byLocalPort(PLAIN).remote();
        assertTrue(plain.known(), "a plain transport's fixed remote is not the conductor's");
    }
}
