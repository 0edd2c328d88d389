package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.config.Backend;
import io.xsfu.config.Codec;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.forward.ForwardDrop;
import io.xsfu.packet.DropReason;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.MalformedFlood;
import io.xsfu.testbed.MalformedKind;
import io.xsfu.testbed.RtpFlood;
import io.xsfu.testbed.UdpReceiver;
import io.xsfu.xsk.XskSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the media port while media flows: every malformed frame is either passed to the kernel by
 * the XDP program (counted by verdict) or dropped by the agent under its exact reason; forwarding of the
 * valid stream is unaffected; no exception reaches the agent and no UMEM frame leaks.
 */
class MalformedInputIT {
    private static final int PER_KIND = 25;
    private static final int VALID = 3000;

    @Test
    void everyMalformedFrameIsACountedDropAndForwardingGoesOn() throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            var pub = lan.client(0);
            var sub = lan.client(1);
            XsfuConfig config = ServerFixture.config(lan, Backend.AFXDP, counters,
                    ParticipantConfig.of("pub", 40000, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.audio("mic", Codec.OPUS, 96, 4242)),
                    ParticipantConfig.of("sub", 40001, RemoteConfig.fixed(sub.ipv4(), 6000)).withSend(false));
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            List<XskSocket> sockets;
            try (UdpReceiver receiver = UdpReceiver.open(sub.ns(), 6000);
                 RtpFlood valid = RtpFlood.from(pub.ns(), 5004).to(new InetSocketAddress(lan.serverIpv4(), 40000))
                         .ssrc(4242).payloadSize(300).rate(1000).count(VALID).start()) {
                // Comedia learns the publisher from its first packets; the flood comes from the same host.
                assertTrue(receiver.awaitCount(10, Duration.ofSeconds(5)), "media flows before the flood");
                long[] xdpBefore = server.steering().verdictCounts();
                MalformedFlood.Result sent = MalformedFlood.from(lan, pub).mediaPort(40000).sourcePort(5004)
                        .unknownSourcePort(5099).ssrc(4242).framesPerKind(PER_KIND).rate(1000).run();
                assertEquals(PER_KIND * MalformedKind.values().length, sent.total(), "flood sent everything: " + sent);
                assertTrue(valid.await(Duration.ofSeconds(20)));
                assertTrue(receiver.awaitCount(VALID, Duration.ofSeconds(10)), "got " + receiver.count());
                Thread.sleep(300);
                assertEquals(VALID, receiver.count(), "every valid packet forwarded once, nothing else");

                var c = server.counters();
                assertEquals(PER_KIND, c.drops(DropReason.IPV4_OPTIONS));
                assertEquals(PER_KIND, c.drops(DropReason.IPV4_FRAGMENT));
                assertEquals(PER_KIND, c.drops(DropReason.UDP_BAD_LENGTH));
                assertEquals(PER_KIND, c.drops(DropReason.IPV4_BAD_CHECKSUM));
                // RFC 7983 demultiplexing: an "RTP" header with version 0 starts with a byte STUN or DTLS own.
                assertEquals(2 * PER_KIND, c.drops(DropReason.NOT_MEDIA) + c.drops(ForwardDrop.STUN_NOT_HANDLED)
                        + c.drops(ForwardDrop.DTLS_NOT_HANDLED), "non-RTP payload and RTP version != 2");
                assertEquals(PER_KIND, c.drops(DropReason.RTP_BAD_HEADER));
                assertEquals(PER_KIND, c.drops(DropReason.UDP_EMPTY));
                assertEquals(PER_KIND, c.drops(ForwardDrop.UNKNOWN_SOURCE));
                assertEquals(9 * PER_KIND, c.totalDrops(), "nothing else dropped");
                long[] xdp = server.steering().verdictCounts();
                assertEquals(3 * PER_KIND, xdp[SteerAbi.MALFORMED] - xdpBefore[SteerAbi.MALFORMED],
                        "truncated Ethernet, truncated IPv4 and bad IHL are the kernel's");
                assertEquals(PER_KIND, xdp[SteerAbi.FRAGMENT] - xdpBefore[SteerAbi.FRAGMENT], "non-first fragments");
                assertEquals(0, ServerFixture.counter(counters, "xsfu_agent_errors_total"));
                sockets = server.sockets();
            } finally {
                server.close();
            }
            for (XskSocket s : sockets) {
                assertTrue(s.frames().allFree(), s.frames().toString());
                assertEquals(0, s.frames().invalidTransitions());
            }
        } finally {
            Files.deleteIfExists(counters);
        }
    }
}
