package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.config.Codec;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.SrtpConfig;
import io.xsfu.config.SrtpCryptoSuite;
import io.xsfu.config.XsfuConfig;
import io.xsfu.sfu.SfuControl;
import io.xsfu.srtp.SrtpProfile;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.testbed.GstPublisher;
import io.xsfu.testbed.GstSrtp;
import io.xsfu.testbed.GstSubscriber;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.Shell;
import io.xsfu.testbed.UdpSender;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain transports with SRTP under keys from the config (mediasoup's PlainTransport with enableSrtp), with real
 * clients: a GStreamer VP8 publisher protecting with libsrtp's {@code srtpenc}, xsfu decrypting, and two
 * decoding subscribers, one SRTP (libsrtp's {@code srtpdec} with its own key from the SFU) and one in clear.
 * Then a packet from the publisher's address with a broken tag is dropped and counted, nothing else.
 */
class PlainSrtpIT {
    private static final int FRAMES = 150;
    private static final long CAM_SSRC = 5555;
    private static final String AUTH_FAILED = "xsfu_drops_total{reason=\"srtp_auth_failed\"}";

    @BeforeAll
    static void gstreamerHasSrtp() {
        // Fails (not skips) where GStreamer's SRTP elements are missing: ./xsfu installs gstreamer1.0-plugins-bad.
        Shell.run("gst-inspect-1.0", "srtpenc");
        Shell.run("gst-inspect-1.0", "srtpdec");
    }

    static Stream<Arguments> backendsAndSuites() {
        return Stream.of(Arguments.of(Backend.AFXDP, SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80),
                Arguments.of(Backend.SOCKET, SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80),
                Arguments.of(Backend.AFXDP, SrtpCryptoSuite.AEAD_AES_128_GCM));
    }

    private static byte[] key(SrtpCryptoSuite suite, int seed) {
        byte[] k = new byte[suite.keyLength()];
        new Random(seed).nextBytes(k);
        return k;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("backendsAndSuites")
    void srtpVideoIsDecryptedForwardedAndEncryptedPerSubscriber(Backend backend, SrtpCryptoSuite suite) throws Exception {
        byte[] cameraKey = key(suite, 1);
        byte[] toCamera = key(suite, 2);
        byte[] viewerKey = key(suite, 3);
        byte[] toViewer = key(suite, 4);
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(3).build()) {
            var camHost = lan.client(0);
            var viewerHost = lan.client(1);
            var clearHost = lan.client(2);
            XsfuConfig config = ServerFixture.config(lan, backend, counters,
                    ParticipantConfig.of("cam", 40000, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.video("v", Codec.VP8, 96, CAM_SSRC))
                            .withSrtp(SrtpConfig.of(suite, cameraKey, toCamera)),
                    ParticipantConfig.of("viewer", 40001, RemoteConfig.fixed(viewerHost.ipv4(), 5004)).withSend(false)
                            .withSrtp(SrtpConfig.of(suite, viewerKey, toViewer)),
                    ParticipantConfig.of("clear", 40002, RemoteConfig.fixed(clearHost.ipv4(), 5004)).withSend(false));
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try {
                long viewerSsrc = consumerSsrc(server, "viewer");
                try (GstSubscriber viewer = GstSubscriber.video(viewerHost.ns()).port(5004)
                        .srtp(new GstSrtp(suite.name(), toViewer), viewerSsrc).start();
                     GstSubscriber clear = GstSubscriber.video(clearHost.ns()).port(5004).start();
                     GstPublisher camera = GstPublisher.video(camHost.ns())
                             .destination(lan.serverIpv4(), 40000).bindPort(5002).ssrc(CAM_SSRC).payloadType(96)
                             .frames(FRAMES).srtp(new GstSrtp(suite.name(), cameraKey)).start()) {
                    assertEquals(FRAMES, camera.awaitFinished(Duration.ofSeconds(30)), camera.diagnostics());
                    long enough = (long) Math.ceil(0.9 * FRAMES);
                    assertTrue(viewer.awaitFrames(enough, Duration.ofSeconds(10)), "the SRTP viewer decoded "
                            + viewer.framesDecoded() + " of " + FRAMES + "\n" + viewer.diagnostics());
                    assertTrue(clear.awaitFrames(enough, Duration.ofSeconds(10)), "the viewer in clear decoded "
                            + clear.framesDecoded() + " of " + FRAMES + "\n" + clear.diagnostics());
                }
                assertEquals(0, ServerFixture.counter(counters, AUTH_FAILED), "every packet of the camera authenticated");
                assertEquals(0, ServerFixture.counter(counters, "xsfu_drops_total{reason=\"srtp_not_ready\"}"));

                // A packet from the camera's address and port whose tag does not verify: one counted drop.
                byte[] forged = forged(SrtpProfile.valueOf(suite.name()), cameraKey);
                try (UdpSender sender = UdpSender.open(camHost.ns(), 5002)) {
                    sender.send(forged, new InetSocketAddress(lan.serverIpv4(), 40000));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (ServerFixture.counter(counters, AUTH_FAILED) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                assertEquals(1, ServerFixture.counter(counters, AUTH_FAILED), "the forged packet, counted once");
            } finally {
                server.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(counters)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The SSRC the SFU sends the participant's copy of the camera with (what srtpdec must know). */
    private static long consumerSsrc(XsfuServer server, String participant) {
        return server.control().rooms().stream().flatMap(r -> r.participants().stream())
                .filter(p -> p.id().equals(participant)).findFirst().orElseThrow()
                .consumers().getFirst().ssrc();
    }

    /** A VP8-sized RTP packet of the camera, protected with its key, then one bit of its tag flipped. */
    private static byte[] forged(SrtpProfile profile, byte[] keyAndSalt) {
        byte[] rtp = new byte[300];
        rtp[0] = (byte) 0x80;
        rtp[1] = 96;
        rtp[2] = (byte) 0xEA;
        rtp[3] = 0x60;
        MemorySegment.ofArray(rtp).set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 8,
                (int) CAM_SSRC);
        SrtpSession camera = new SrtpSession(profile, Arrays.copyOf(keyAndSalt, profile.keyLength()),
                Arrays.copyOfRange(keyAndSalt, profile.keyLength(), keyAndSalt.length));
        MemorySegment packet = MemorySegment.ofArray(Arrays.copyOf(rtp, 400));
        int n = camera.protectRtp(packet, 0, rtp.length, 400);
        assertTrue(n > rtp.length, "protected: " + n);
        byte[] wire = packet.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        wire[n - 1] ^= 1;
        return wire;
    }
}
