package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.config.Codec;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.bpf.SteerAbi;
import io.xsfu.testbed.Checksums;
import io.xsfu.testbed.Ping;
import io.xsfu.testbed.UdpSender;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.PacketCapture;
import io.xsfu.testbed.RtpFlood;
import io.xsfu.testbed.RtpPackets;
import io.xsfu.testbed.UdpReceiver;
import io.xsfu.xsk.XskSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dataplane through the real kernel path, in namespaces: 10,000 RTP packets from a publisher become
 * exactly 10,000 copies at each of two subscribers, in order, with correct headers and checksums as
 * captured on the subscriber's interface; after close every UMEM frame is back in its pool and no XDP
 * program is left on the interface. The server runs in this JVM on a thread inside the server namespace.
 */
class ForwardingIT {
    private static final int PACKETS = 10_000;
    private static final int CLIENT_PORT = 6000;

    static Stream<Arguments> backendsAndQueues() {
        return Stream.of(Arguments.of(Backend.AFXDP, 1), Arguments.of(Backend.SOCKET, 1),
                // One AF_XDP socket per RX queue: two queues, two sockets, the same exact copies.
                Arguments.of(Backend.AFXDP, 2));
    }

    @ParameterizedTest(name = "{0}, {1} RX queue(s)")
    @MethodSource("backendsAndQueues")
    void tenThousandPacketsBecomeExactlyTheExpectedCopies(Backend backend, int rxQueues) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(3).serverRxQueues(rxQueues).build()) {
            var pub = lan.client(0);
            var s1 = lan.client(1);
            var s2 = lan.client(2);
            XsfuConfig config = ServerFixture.config(lan, backend, counters,
                    ParticipantConfig.of("pub", 40000, RemoteConfig.comedia()).withReceive(false)
                            // The flood's payload is no codec; as audio it needs no keyframe to start.
                            .withProducers(ProducerConfig.audio("mic", Codec.OPUS, 96, 0x1234_5678L)),
                    ParticipantConfig.of("s1", 40001, RemoteConfig.fixed(s1.ipv4(), CLIENT_PORT)).withSend(false),
                    ParticipantConfig.of("s2", 40002, RemoteConfig.fixed(s2.ipv4(), CLIENT_PORT)).withSend(false));
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            List<XskSocket> sockets;
            try (UdpReceiver r1 = UdpReceiver.open(s1.ns(), CLIENT_PORT);
                 UdpReceiver r2 = UdpReceiver.open(s2.ns(), CLIENT_PORT);
                 PacketCapture capture = PacketCapture.start(s1.ns(), s1.ifName(), PacketCapture.fromMac(lan.serverMac()))) {
                if (backend == Backend.AFXDP) {
                    assertTrue(ServerFixture.xdpAttached(lan));
                    assertEquals(rxQueues, server.sockets().size(), "one AF_XDP socket per RX queue");
                }
                try (RtpFlood flood = RtpFlood.from(pub.ns(), 5004).to(new InetSocketAddress(lan.serverIpv4(), 40000))
                        .ssrc(0x1234_5678L).payloadSize(200).rate(4000).count(PACKETS).start()) {
                    assertTrue(flood.await(Duration.ofSeconds(30)), "flood finished");
                }
                assertTrue(r1.awaitCount(PACKETS, Duration.ofSeconds(10)), "s1 got " + r1.count());
                assertTrue(r2.awaitCount(PACKETS, Duration.ofSeconds(10)), "s2 got " + r2.count());
                Thread.sleep(500);
                assertEquals(PACKETS, r1.count(), "exactly one copy per packet at s1");
                assertEquals(PACKETS, r2.count(), "exactly one copy per packet at s2");
                assertCopies(r1, new InetSocketAddress(lan.serverIpv4(), 40001));
                assertCopies(r2, new InetSocketAddress(lan.serverIpv4(), 40002));
                // The kernel builds the socket backend's headers (with checksum offload on veth); ours are checked.
                assertHeaders(capture.frames(), lan, s1, backend == Backend.AFXDP);

                assertEquals(PACKETS, ServerFixture.counter(counters,
                        "xsfu_producer_rx_packets_total{room=\"room\",participant=\"pub\",producer=\"mic\",ssrc=\"305419896\"}"));
                assertEquals(PACKETS, ServerFixture.counter(counters, "xsfu_participant_tx_packets_total{room=\"room\",participant=\"s1\"}"));
                assertEquals(PACKETS, ServerFixture.counter(counters, "xsfu_participant_tx_packets_total{room=\"room\",participant=\"s2\"}"));
                assertEquals(0, server.counters().totalDrops(), "no drops");
                if (backend == Backend.AFXDP) {
                    long[] verdicts = server.steering().verdictCounts();
                    assertTrue(verdicts[SteerAbi.STEERED] >= PACKETS, "media went through the AF_XDP socket");
                    assertKernelTrafficStillWorks(lan, pub);
                    long[] after = server.steering().verdictCounts();
                    assertTrue(after[SteerAbi.PASS_NOT_UDP] > verdicts[SteerAbi.PASS_NOT_UDP], "ping passed to the kernel");
                    assertTrue(after[SteerAbi.PASS_OTHER] > verdicts[SteerAbi.PASS_OTHER], "other ports passed");
                    assertEquals(verdicts[SteerAbi.STEERED], after[SteerAbi.STEERED], "nothing else steered");
                }
                sockets = server.sockets();
            } finally {
                server.close();
            }
            for (XskSocket s : sockets) {
                assertTrue(s.frames().allFree(), "every UMEM frame back in the pool: " + s.frames());
                assertEquals(0, s.leakedAtClose(), "no frame left in the kernel at close");
                assertEquals(0, s.frames().invalidTransitions());
            }
            assertFalse(ServerFixture.xdpAttached(lan), "XDP program detached after close");
        } finally {
            Files.deleteIfExists(counters);
        }
    }

    /** While the XDP program is attached: ping and a UDP port outside the media range still reach the kernel. */
    private static void assertKernelTrafficStillWorks(LanTopology lan, LanTopology.Client client) throws Exception {
        assertTrue(Ping.reachable(client.ns(), lan.serverIpv4(), Duration.ofSeconds(3)), "ping over IPv4");
        assertTrue(Ping.reachable(client.ns(), lan.serverIpv6(), Duration.ofSeconds(3)), "ping over IPv6");
        try (UdpReceiver signaling = UdpReceiver.open(lan.server(), 5555);
             UdpSender sender = UdpSender.open(client.ns(), 0)) {
            for (int i = 0; i < 10; i++) {
                sender.send(new byte[] {1, 2, 3}, new InetSocketAddress(lan.serverIpv4(), 5555));
            }
            assertTrue(signaling.awaitCount(10, Duration.ofSeconds(3)), "non-media UDP reaches a kernel socket");
        }
    }

    /**
     * From the subscriber's SFU port, the publisher's payload unchanged, one SSRC of the consumer's own (not
     * the publisher's), sequence numbers contiguous and in order.
     */
    private static void assertCopies(UdpReceiver receiver, InetSocketAddress expectedSource) {
        List<UdpReceiver.Packet> packets = receiver.packets();
        int expectedSeq = -1;
        long consumerSsrc = RtpPackets.ssrc(packets.get(0).payload());
        assertTrue(consumerSsrc != 0x1234_5678L, "the consumer has an SSRC of its own");
        for (UdpReceiver.Packet p : packets) {
            assertEquals(expectedSource, p.source());
            assertEquals(212, p.payload().length, "12-byte RTP header + 200 bytes");
            assertEquals(consumerSsrc, RtpPackets.ssrc(p.payload()));
            int seq = RtpPackets.sequence(p.payload());
            if (expectedSeq >= 0) {
                assertEquals(expectedSeq, seq, "in order, none missing or duplicated");
            }
            expectedSeq = (seq + 1) & 0xffff;
        }
    }

    /** Ethernet/IPv4/UDP of the copies as they arrived at s1: addresses, TTL, and both checksums. */
    private static void assertHeaders(List<byte[]> frames, LanTopology lan, LanTopology.Client s1, boolean udpChecksum) {
        byte[] serverMac = HexFormat.ofDelimiter(":").parseHex(lan.serverMac());
        byte[] clientMac = HexFormat.ofDelimiter(":").parseHex(s1.mac());
        int udpCopies = 0;
        for (byte[] f : frames) {
            if (f.length < 42 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 17) {
                continue; // ARP and other traffic from the server
            }
            udpCopies++;
            assertTrue(Arrays.equals(f, 0, 6, clientMac, 0, 6), "destination MAC is the subscriber's");
            assertTrue(Arrays.equals(f, 6, 12, serverMac, 0, 6), "source MAC is the server's");
            assertEquals(0x45, f[14] & 0xff, "IPv4 without options");
            assertEquals(0, Checksums.internet(f, 14, 20), "IPv4 header checksum");
            assertTrue((f[22] & 0xff) > 0, "TTL");
            assertTrue(Arrays.equals(f, 26, 30, lan.serverIpv4().getAddress(), 0, 4), "source address");
            assertTrue(Arrays.equals(f, 30, 34, s1.ipv4().getAddress(), 0, 4), "destination address");
            int udpLength = (f[38] & 0xff) << 8 | (f[39] & 0xff);
            assertEquals(220, udpLength);
            int claimed = (f[40] & 0xff) << 8 | (f[41] & 0xff);
            byte[] copy = Arrays.copyOf(f, f.length);
            copy[40] = 0;
            copy[41] = 0;
            int computed = Checksums.udpIpv4(lan.serverIpv4().getAddress(), s1.ipv4().getAddress(), copy, 34, udpLength);
            if (udpChecksum) {
                assertEquals(computed, claimed, "UDP checksum");
            }
        }
        // The receivers prove the exact count; the capture (an AF_PACKET reader in Java) may miss a few under load.
        assertTrue(udpCopies >= PACKETS * 9 / 10, "most copies captured on the wire: " + udpCopies);
    }
}
