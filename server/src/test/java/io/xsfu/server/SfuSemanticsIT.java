package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.config.Codec;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.route.Consumer;
import io.xsfu.route.RoutingTable;
import io.xsfu.sfu.Rooms;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.Netem;
import io.xsfu.testbed.RtpBinPublisher;
import io.xsfu.testbed.RtpBinSubscriber;
import io.xsfu.testbed.RtpCapture;
import io.xsfu.testbed.RtpFlood;
import io.xsfu.testbed.RtpPackets;
import io.xsfu.testbed.UdpReceiver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SFU semantics with real RTP endpoints that speak RTCP (GStreamer rtpbin, AVPF): retransmissions under
 * loss, a keyframe for a subscriber that joins mid-stream, sender reports that keep lip sync, and
 * publishers with colliding SSRCs kept apart — on both backends, the server in this JVM.
 */
class SfuSemanticsIT {
    private static final int PUB_PORT = 40000;
    private static final int SUB_PORT = 40001;
    private static final int CLIENT_PORT = 5004;
    private static final long CAM = 1111;
    private static final long CAM_RTX = 1112;

    private static XsfuConfig config(LanTopology lan, Backend backend, Path counters, LanTopology.Client sub) {
        return ServerFixture.config(lan, backend, counters,
                ParticipantConfig.of("pub", PUB_PORT, RemoteConfig.comedia()).withReceive(false)
                        .withProducers(ProducerConfig.video("cam", Codec.VP8, 96, CAM).withRtx(97, CAM_RTX)),
                ParticipantConfig.of("sub", SUB_PORT, RemoteConfig.fixed(sub.ipv4(), CLIENT_PORT)).withSend(false)
                        .withRtx(true));
    }

    /** The SSRCs the server will give sub's consumer: the table built from the same config is the same. */
    private static Consumer consumerOf(XsfuConfig config) {
        RoutingTable table = new Rooms(config, 10, 10, t -> { }).table();
        return table.byLocalPort(SUB_PORT).consumers()[0];
    }

    private static RtpBinPublisher publisher(LanTopology lan, LanTopology.Client host) throws InterruptedException {
        return RtpBinPublisher.in(host.ns()).local(host.ipv4(), 5002).remote(lan.serverIpv4(), PUB_PORT)
                .video(CAM, 96).rtx(CAM_RTX, 97).start();
    }

    private static RtpBinSubscriber.Builder subscriber(LanTopology lan, LanTopology.Client host, Consumer c) {
        return RtpBinSubscriber.in(host.ns()).local(host.ipv4(), CLIENT_PORT).remote(lan.serverIpv4(), SUB_PORT)
                .videoPayloadType(96).rtx(Integer.toUnsignedLong(c.ssrc()), Integer.toUnsignedLong(c.rtxSsrc()), 97);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withFivePercentLossTheSubscriberDecodesAlmostEveryFrameThroughRetransmissions(Backend backend) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            var pubHost = lan.client(0);
            var subHost = lan.client(1);
            XsfuConfig config = config(lan, backend, counters, subHost);
            Consumer consumer = consumerOf(config);
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try (RtpBinSubscriber sub = subscriber(lan, subHost, consumer).start();
                 Netem loss = Netem.loss(lan.lan(), subHost.bridgePort(), 5.0);
                 RtpBinPublisher pub = publisher(lan, pubHost)) {
                assertTrue(pub.awaitFramesSent(300, Duration.ofSeconds(30)), "publisher running");
                long sent = pub.stop();
                Thread.sleep(1000);
                long decoded = sub.stop();
                String label = "{room=\"room\",participant=\"sub\",producer=\"pub/cam\",ssrc=\""
                        + Integer.toUnsignedString(consumer.ssrc()) + "\"}";
                long retransmitted = ServerFixture.counter(counters, "xsfu_consumer_retransmitted_total" + label);
                System.out.printf("loss test (%s): sent %d frames, decoded %d, %d packets lost on the link, %d retransmitted%n",
                        backend, sent, decoded, loss.dropped(), retransmitted);
                assertTrue(loss.dropped() > 0, "the link lost packets");
                assertTrue(retransmitted > 0, "the SFU answered NACKs from its cache");
                assertTrue(decoded >= Math.ceil(0.98 * sent), "decoded " + decoded + " of " + sent + " frames; "
                        + loss.dropped() + " packets lost on the link, " + retransmitted + " retransmitted\n" + sub.diagnostics());
            } finally {
                server.close();
            }
        } finally {
            deleteTree(counters);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSubscriberJoiningMidStreamGetsAKeyframeAndSenderReportsThatKeepLipSync(Backend backend) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            var pubHost = lan.client(0);
            var subHost = lan.client(1);
            XsfuConfig config = config(lan, backend, counters, subHost);
            Consumer consumer = consumerOf(config);
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try (RtpBinPublisher pub = publisher(lan, pubHost)) {
                assertTrue(pub.awaitFramesSent(90, Duration.ofSeconds(20)), "publisher running");
                long keyframesBefore = pub.keyframesSent();
                try (RtpBinSubscriber sub = subscriber(lan, subHost, consumer).capture(subHost.ifName()).start()) {
                    assertTrue(sub.awaitFrames(30, Duration.ofSeconds(10)), "decoding\n" + sub.diagnostics());
                    Duration first = sub.timeToFirstFrame().orElseThrow();
                    System.out.printf("mid-stream join (%s): first frame after %d ms%n", backend, first.toMillis());
                    assertTrue(first.compareTo(Duration.ofSeconds(1)) < 0, "first frame after " + first);
                    assertTrue(pub.keyframesSent() > keyframesBefore, "the publisher was asked for a keyframe");

                    RtpCapture capture = sub.capture();
                    long ssrc = Integer.toUnsignedLong(consumer.ssrc());
                    assertTrue(capture.awaitSenderReports(ssrc, 2, Duration.ofSeconds(10)),
                            "translated sender reports arrive with the consumer's SSRC");
                    List<RtpCapture.SenderReportArrival> srs = capture.senderReports(ssrc);
                    double error = capture.medianTimestampErrorMillis(srs.get(srs.size() - 1), 90000, Duration.ofSeconds(2));
                    assertFalse(Double.isNaN(error));
                    System.out.printf("lip sync (%s): translated SR predicts the rewritten timestamps within %.1f ms%n",
                            backend, error);
                    assertTrue(Math.abs(error) < 100, "SR's NTP/RTP pair predicts the rewritten timestamps within "
                            + "100 ms: " + error + " ms");
                    pub.stop();
                }
            } finally {
                server.close();
            }
        } finally {
            deleteTree(counters);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void publishersWithCollidingSsrcsReachASubscriberAsDistinctStreams(Backend backend) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(3).build()) {
            XsfuConfig config = ServerFixture.config(lan, backend, counters,
                    ParticipantConfig.of("a", 40000, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.audio("mic", Codec.OPUS, 111, 7777)),
                    ParticipantConfig.of("b", 40001, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.audio("mic", Codec.OPUS, 111, 7777)),
                    ParticipantConfig.of("v", 40002, RemoteConfig.fixed(lan.client(2).ipv4(), 6000)).withSend(false));
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try (UdpReceiver receiver = UdpReceiver.open(lan.client(2).ns(), 6000);
                 RtpFlood a = RtpFlood.from(lan.client(0).ns(), 5000).to(new InetSocketAddress(lan.serverIpv4(), 40000))
                         .ssrc(7777).payloadType(111).payloadSize(100).rate(500).count(500).start();
                 RtpFlood b = RtpFlood.from(lan.client(1).ns(), 5000).to(new InetSocketAddress(lan.serverIpv4(), 40001))
                         .ssrc(7777).payloadType(111).payloadSize(100).rate(500).count(300).start()) {
                assertTrue(a.await(Duration.ofSeconds(10)) && b.await(Duration.ofSeconds(10)));
                assertTrue(receiver.awaitCount(800, Duration.ofSeconds(5)), "got " + receiver.count());
                Map<Long, Integer> perSsrc = new HashMap<>();
                for (UdpReceiver.Packet p : receiver.packets()) {
                    perSsrc.merge(RtpPackets.ssrc(p.payload()), 1, Integer::sum);
                }
                assertEquals(2, perSsrc.size(), "two streams: " + perSsrc);
                assertFalse(perSsrc.containsKey(7777L), "neither keeps the colliding SSRC");
                assertEquals(List.of(300, 500), perSsrc.values().stream().sorted().toList());
            } finally {
                server.close();
            }
        } finally {
            deleteTree(counters);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void opusAudioIsForwardedAndDecoded(Backend backend) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            XsfuConfig config = ServerFixture.config(lan, backend, counters,
                    ParticipantConfig.of("talker", 40000, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.audio("mic", Codec.OPUS, 111, 2222)),
                    ParticipantConfig.of("listener", 40001, RemoteConfig.fixed(lan.client(1).ipv4(), 5006)).withSend(false));
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try (io.xsfu.testbed.GstSubscriber ear = io.xsfu.testbed.GstSubscriber.audio(lan.client(1).ns())
                         .port(5006).payloadType(111).start();
                 io.xsfu.testbed.GstPublisher mic = io.xsfu.testbed.GstPublisher.audio(lan.client(0).ns())
                         .destination(lan.serverIpv4(), 40000).bindPort(5002).ssrc(2222).payloadType(111).frames(250).start()) {
                long sent = mic.awaitFinished(Duration.ofSeconds(20));
                assertTrue(ear.awaitFrames((long) Math.ceil(0.9 * sent), Duration.ofSeconds(5)),
                        "decoded " + ear.framesDecoded() + " of " + sent + " Opus frames\n" + ear.diagnostics());
            } finally {
                server.close();
            }
        } finally {
            deleteTree(counters);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
