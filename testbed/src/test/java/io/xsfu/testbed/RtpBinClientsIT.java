package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RTCP-speaking GStreamer clients, without an SFU: a publisher against a Java socket that plays the SFU's part
 * (receives its RTP and RTCP, sends it feedback from the same port), and a publisher straight to a subscriber over a
 * lossy link. Client 0 publishes, client 1 receives.
 */
class RtpBinClientsIT {
    private static final long VIDEO = 0x1111;
    private static final long RTX = 0x2222;
    private static final long AUDIO = 0x3333;
    private static final int VIDEO_PT = 96;
    private static final int RTX_PT = 97;
    private static final int AUDIO_PT = 111;
    private static final long SFU_SSRC = 0x5f5f5f5fL;

    private static LanTopology lan;

    @BeforeAll
    static void topology() {
        Netns.deleteOrphans();
        lan = LanTopology.create(2);
    }

    @AfterAll
    static void cleanup() {
        if (lan != null) {
            lan.close();
        }
    }

    private static RtpBinPublisher.Builder publisher(int port, int remotePort) {
        LanTopology.Client c0 = lan.client(0);
        return RtpBinPublisher.in(c0.ns()).local(c0.ipv4(), port).remote(lan.client(1).ipv4(), remotePort)
                .video(VIDEO, VIDEO_PT);
    }

    @Test
    void publisherSendsSenderReportsAndAnswersPliFirAndNackOnItsOnePort() throws Exception {
        try (UdpReceiver sfu = UdpReceiver.open(lan.client(1).ns(), 5004);
             RtpBinPublisher pub = publisher(40000, sfu.port()).rtx(RTX, RTX_PT).audio(AUDIO, AUDIO_PT).start()) {
            InetSocketAddress pubAddress = new InetSocketAddress(lan.client(0).ipv4(), 40000);
            assertTrue(pub.awaitFramesSent(30, Duration.ofSeconds(5)), pub.diagnostics());
            assertTrue(await(() -> senderReports(sfu, VIDEO).size() >= 1 && senderReports(sfu, AUDIO).size() >= 1,
                    Duration.ofSeconds(5)), "an SR for each SSRC\n" + pub.diagnostics());
            for (long ssrc : List.of(VIDEO, AUDIO)) {
                RtcpPackets.SenderReport sr = senderReports(sfu, ssrc).getLast();
                assertTrue(Duration.between(sr.ntpInstant(), Instant.now()).abs().compareTo(Duration.ofSeconds(5)) < 0,
                        "the SR's NTP time is the sender's wall clock: " + sr.ntpInstant());
                assertTrue(sr.packetCount() > 0 && sr.octetCount() > 0, sr.toString());
            }
            assertTrue(sfu.packets().stream().allMatch(p -> p.source().equals(pubAddress)),
                    "RTP and RTCP both leave from the publisher's one port");
            assertTrue(sfu.packets().stream().anyMatch(p -> RtcpPackets.isRtcp(p.payload()))
                    && sfu.packets().stream().anyMatch(p -> isRtp(p.payload(), VIDEO_PT)), "RTCP muxed with RTP");

            // keyframe-max-dist is 3000: every keyframe after the first was asked for.
            assertEquals(1, pub.keyframesSent());
            sfu.send(RtcpPackets.compound(RtcpPackets.receiverReport(SFU_SSRC), RtcpPackets.pli(SFU_SSRC, VIDEO)),
                    pubAddress);
            assertTrue(pub.awaitKeyframes(2, Duration.ofSeconds(2)), "PLI -> keyframe\n" + pub.diagnostics());
            sfu.send(RtcpPackets.compound(RtcpPackets.receiverReport(SFU_SSRC), RtcpPackets.fir(SFU_SSRC, VIDEO, 1)),
                    pubAddress);
            assertTrue(pub.awaitKeyframes(3, Duration.ofSeconds(2)), "FIR -> keyframe\n" + pub.diagnostics());
            // Reduced-size RTCP (RFC 5506), a lone PLI, is honoured too.
            sfu.send(RtcpPackets.pli(SFU_SSRC, VIDEO), pubAddress);
            assertTrue(pub.awaitKeyframes(4, Duration.ofSeconds(2)), "lone PLI -> keyframe\n" + pub.diagnostics());
            String sfuText = Addresses.text(lan.client(1).ipv4()) + ":" + sfu.port();
            assertTrue(await(() -> pub.stats().map(s -> s.sources().containsKey(SFU_SSRC)
                            && sfuText.equals(s.sources().get(SFU_SSRC).get("rtcp-from"))).orElse(false),
                    Duration.ofSeconds(3)), "the session learned the SFU from its RTCP: " + pub.stats());

            UdpReceiver.Packet original = sfu.packets(p -> isRtp(p.payload(), VIDEO_PT)).getLast();
            int seq = RtpPackets.sequence(original.payload());
            sfu.send(RtcpPackets.compound(RtcpPackets.receiverReport(SFU_SSRC),
                    RtcpPackets.nack(SFU_SSRC, VIDEO, seq, 0)), pubAddress);
            assertTrue(await(() -> rtxOf(sfu, seq).isPresent(), Duration.ofSeconds(2)), "NACK -> RTX\n"
                    + pub.diagnostics());
            byte[] rtx = rtxOf(sfu, seq).orElseThrow();
            assertEquals(RTX, RtpPackets.ssrc(rtx));
            assertEquals(RtpPackets.timestamp(original.payload()), RtpPackets.timestamp(rtx));
            byte[] payload = RtpPackets.payload(rtx);
            assertArrayEquals(RtpPackets.payload(original.payload()), Arrays.copyOfRange(payload, 2, payload.length),
                    "RFC 4588: the original sequence number, then the original payload");
            assertTrue(pub.audioFramesSent() > 0);
        }
    }

    @Test
    void rtxKeepsNearlyEveryFrameDecodableOverFivePercentLoss() throws Exception {
        LanTopology.Client sub = lan.client(1);
        int frames = 300;
        // Loss on the bridge port towards the subscriber: media and retransmissions are lost, its RTCP is not.
        try (Netem loss = Netem.loss(lan.lan(), sub.bridgePort(), 5);
             RtpBinSubscriber s = RtpBinSubscriber.in(sub.ns()).local(sub.ipv4(), 5006)
                     .remote(lan.client(0).ipv4(), 40002).rtx(VIDEO, RTX, RTX_PT).capture(sub.ifName()).start();
             RtpBinPublisher pub = publisher(40002, 5006).rtx(RTX, RTX_PT).start()) {
            assertTrue(pub.awaitFramesSent(frames, Duration.ofSeconds(frames / 30 + 10)), pub.diagnostics());
            long sent = pub.stop();
            s.awaitFrames(sent, Duration.ofSeconds(3));
            long decoded = s.stop();
            long dropped = loss.dropped();
            long nacks = s.stats().flatMap(st -> st.source(VIDEO, "sent-nack-count")).orElse(0L);
            int retransmissions = s.capture().rtp(RTX).size();
            String summary = "decoded " + decoded + " of " + sent + ", " + dropped + " datagrams dropped, "
                    + nacks + " NACKs, " + retransmissions + " RTX received, keyframes " + pub.keyframesSent();
            System.out.println("5 % loss with RTX: " + summary);
            String report = summary + "\nsubscriber " + s.stats() + "\n" + s.diagnostics();
            assertTrue(dropped >= 5, "the loss is real: " + report);
            assertTrue(decoded >= sent * 98 / 100, report);
            assertTrue(decoded <= sent, report);
            assertTrue(nacks > 0, "losses were NACKed: " + report);
            assertTrue(retransmissions > 0, "and retransmitted with RTX: " + report);
        }
    }

    @Test
    void aLateSubscriberDecodesWithinASecondBecauseItsPliBringsAKeyframe() throws Exception {
        LanTopology.Client sub = lan.client(1);
        try (RtpBinPublisher pub = publisher(40004, 5008).start()) {
            Thread.sleep(3000);
            assertEquals(1, pub.keyframesSent(), "only the first keyframe so far: " + pub.diagnostics());
            try (RtpBinSubscriber s = RtpBinSubscriber.in(sub.ns()).local(sub.ipv4(), 5008)
                    .remote(lan.client(0).ipv4(), 40004).start()) {
                assertTrue(s.awaitFrames(1, Duration.ofSeconds(2)), s.diagnostics());
                Duration first = s.timeToFirstFrame().orElseThrow();
                System.out.println("late subscriber: first frame " + first.toMillis() + " ms after launch");
                assertTrue(first.compareTo(Duration.ofSeconds(1)) < 0, "first frame after " + first);
                assertTrue(pub.keyframesSent() >= 2, "the PLI was answered: " + pub.diagnostics());
                assertTrue(s.awaitFrames(30, Duration.ofSeconds(3)), "and decoding goes on: " + s.diagnostics());
                assertTrue(await(() -> s.stats().flatMap(st -> st.source(VIDEO, "sent-pli-count")).orElse(0L) >= 1,
                        Duration.ofSeconds(3)), "the subscriber's session sent the PLI: " + s.stats());
            }
        }
    }

    @Test
    void aSubscriberOverIpv6SeesSenderReportsThatMatchTheMediaClock() throws Exception {
        LanTopology.Client c0 = lan.client(0);
        LanTopology.Client sub = lan.client(1);
        try (RtpBinSubscriber s = RtpBinSubscriber.in(sub.ns()).local(sub.ipv6(), 5010).remote(c0.ipv6(), 40006)
                .capture(sub.ifName()).start();
             RtpBinPublisher pub = RtpBinPublisher.in(c0.ns()).local(c0.ipv6(), 40006).remote(sub.ipv6(), 5010)
                     .video(VIDEO, VIDEO_PT).audio(AUDIO, AUDIO_PT).start()) {
            RtpCapture capture = s.capture();
            assertTrue(capture.awaitSenderReports(VIDEO, 3, Duration.ofSeconds(10)), "video SRs: "
                    + capture.senderReports());
            assertTrue(capture.awaitSenderReports(AUDIO, 3, Duration.ofSeconds(5)), "audio SRs");
            assertTrue(s.awaitFrames(30, Duration.ofSeconds(3)), s.diagnostics());
            for (long ssrc : List.of(VIDEO, AUDIO)) {
                int clock = ssrc == VIDEO ? GstMedia.VP8.clockRate() : GstMedia.OPUS.clockRate();
                for (RtpCapture.SenderReportArrival sr : capture.senderReports(ssrc)) {
                    double error = capture.medianTimestampErrorMillis(sr, clock, Duration.ofMillis(500));
                    assertTrue(Math.abs(error) < 100, "SR of " + ssrc + " " + sr + " predicts the media's timestamps "
                            + "within 100 ms: " + error + " ms");
                }
            }
            // The check is sensitive: an SR whose RTP timestamp were one second off shows it.
            RtpCapture.SenderReportArrival sr = capture.senderReports(VIDEO).getLast();
            RtcpPackets.SenderReport r = sr.report();
            RtpCapture.SenderReportArrival shifted = new RtpCapture.SenderReportArrival(sr.arrival(),
                    new RtcpPackets.SenderReport(r.ssrc(), r.ntp(), (r.rtpTimestamp() + 90_000) & 0xffffffffL,
                            r.packetCount(), r.octetCount(), r.blocks()));
            double error = capture.medianTimestampErrorMillis(shifted, GstMedia.VP8.clockRate(), Duration.ofMillis(500));
            assertTrue(Math.abs(error + 1000) < 100, "one second off: " + error);
            assertTrue(await(() -> s.stats().map(st -> st.sourceFlag(VIDEO, "have-sr")).orElse(false),
                    Duration.ofSeconds(3)), "the subscriber's session took the SR in (rtcp-mux): " + s.stats());
        }
    }

    @Test
    void aSubscriberReportsAndAsksForAKeyframeFromItsReceivePort() throws Exception {
        LanTopology.Client sub = lan.client(1);
        InetSocketAddress subAddress = new InetSocketAddress(sub.ipv4(), 5014);
        long forwarded = 0x7777;
        try (UdpReceiver sfu = UdpReceiver.open(lan.client(0).ns(), 5012);
             RtpBinSubscriber s = RtpBinSubscriber.in(sub.ns()).local(sub.ipv4(), subAddress.getPort())
                     .remote(lan.client(0).ipv4(), sfu.port()).start()) {
            Thread.sleep(1500);
            assertEquals(0, sfu.count(), "rtpsession sends no RTCP before the first packet arrives");
            // What an SFU sends a subscriber that joined mid-stream: VP8 inter frames (one packet each; the payload
            // descriptor starts a partition, the frame header's P bit says inter frame), which cannot be decoded.
            byte[] interFrame = new byte[16];
            interFrame[0] = 0x10;
            interFrame[1] = 0x01;
            for (int i = 0; i < 30; i++) {
                sfu.send(RtpPackets.build(forwarded, VIDEO_PT, 100 + i, 3000L * i, true, interFrame), subAddress);
                Thread.sleep(33);
            }
            assertTrue(await(() -> feedbackAt(sfu).stream().anyMatch(f -> f.isPli() && f.mediaSsrc() == forwarded),
                    Duration.ofSeconds(3)), "a PLI for the forwarded SSRC\n" + s.diagnostics());
            assertTrue(sfu.packets().stream().allMatch(p -> p.source().equals(subAddress)),
                    "all RTCP comes from the receive port, where the SFU sends media: " + sfu.packets().stream()
                            .map(UdpReceiver.Packet::source).distinct().toList());
            assertTrue(await(() -> sfu.packets().stream().anyMatch(p -> RtcpPackets.receiverReportBlocks(p.payload())
                    .stream().anyMatch(b -> b.ssrc() == forwarded && b.extendedHighestSequence() >= 100)),
                    Duration.ofSeconds(3)), "a receiver report about the forwarded SSRC");
            assertEquals(0, s.framesDecoded(), "inter frames alone never decode");
        }
    }

    private static List<RtcpPackets.Feedback> feedbackAt(UdpReceiver r) {
        return r.packets(p -> RtcpPackets.isRtcp(p.payload())).stream()
                .flatMap(p -> RtcpPackets.feedback(p.payload()).stream()).toList();
    }

    private static boolean isRtp(byte[] p, int pt) {
        return !RtcpPackets.isRtcp(p) && RtpPackets.isRtpVersion2(p) && RtpPackets.payloadType(p) == pt;
    }

    private static List<RtcpPackets.SenderReport> senderReports(UdpReceiver r, long ssrc) {
        return r.packets(p -> RtcpPackets.isRtcp(p.payload())).stream()
                .flatMap(p -> RtcpPackets.senderReports(p.payload()).stream())
                .filter(sr -> sr.ssrc() == ssrc).toList();
    }

    private static Optional<byte[]> rtxOf(UdpReceiver r, int seq) {
        return r.packets(p -> isRtp(p.payload(), RTX_PT) && RtpPackets.payload(p.payload()).length >= 2
                        && Bytes.getShort(RtpPackets.payload(p.payload()), 0) == seq).stream()
                .map(UdpReceiver.Packet::payload).findFirst();
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
