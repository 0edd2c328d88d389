package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.config.XsfuConfig;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.sfu.SfuControl;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.RtpFlood;
import io.xsfu.testbed.RtpPackets;
import io.xsfu.testbed.UdpReceiver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rooms created at run time through the control API, on both backends: a publisher and a subscriber join,
 * get ports, produce and consume; a paused consumer gets nothing until resumed; leaving stops the copies.
 */
class DynamicRoomsIT {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void participantsJoinProduceConsumePauseAndLeaveWhileTheServerRuns(Backend backend) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            var pubHost = lan.client(0);
            var subHost = lan.client(1);
            XsfuConfig config = ServerFixture.config(lan, backend, counters);
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try (UdpReceiver receiver = UdpReceiver.open(subHost.ns(), 6000)) {
                SfuControl sfu = server.control();
                sfu.join("live", "pub");
                int pubPort = sfu.createTransport("live", "pub", null, TransportOptions.DEFAULT).port();
                sfu.produce("live", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, 777));
                sfu.join("live", "sub");
                sfu.createTransport("live", "sub", new InetSocketAddress(subHost.ipv4(), 6000), TransportOptions.DEFAULT);
                SfuControl.ConsumerInfo consumer = sfu.consume("live", "sub", "pub/mic", true);
                Thread.sleep(300); // the agent applies the table; the subscriber's next hop resolves

                try (RtpFlood flood = RtpFlood.from(pubHost.ns(), 5004).to(new InetSocketAddress(lan.serverIpv4(), pubPort))
                        .ssrc(777).payloadType(111).payloadSize(100).rate(500).count(0).start()) {
                    Thread.sleep(600);
                    assertEquals(0, receiver.count(), "a paused consumer gets nothing");
                    sfu.setConsumerPaused("live", "sub", consumer.id(), false);
                    assertTrue(receiver.awaitCount(100, Duration.ofSeconds(5)), "resumed: copies flow, got " + receiver.count());
                    UdpReceiver.Packet first = receiver.packets().get(0);
                    assertEquals(consumer.ssrc(), RtpPackets.ssrc(first.payload()), "the SSRC the consume call returned");
                    assertEquals(111, RtpPackets.payloadType(first.payload()));
                    sfu.leave("live", "pub");
                    Thread.sleep(300);
                    long afterLeave = receiver.count();
                    Thread.sleep(600);
                    assertEquals(afterLeave, receiver.count(), "the publisher left: no more copies");
                }
                assertTrue(sfu.rooms().stream().anyMatch(r -> r.id().equals("live")
                        && r.participants().size() == 1 && r.participants().get(0).id().equals("sub")));
            } finally {
                server.close();
            }
        } finally {
            try (var files = Files.list(counters)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(counters);
        }
    }
}
