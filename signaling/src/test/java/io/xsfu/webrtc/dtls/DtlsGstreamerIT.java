package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.testbed.Netns;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with another DTLS-SRTP implementation: GStreamer's dtlssrtpenc/dtlssrtpdec (OpenSSL and libsrtp) on the
 * loopback of a namespace of its own, our endpoint on a UDP socket there. The handshake completes in either role,
 * the peer's certificate matches the fingerprint we expect, and the exported keys are the ones the other stack
 * uses: its SRTP verifies and decrypts with our remote key, and SRTP made with our local key comes out of its
 * decoder. GStreamer 1.22 offers only SRTP_AES128_CM_HMAC_SHA1_80, so that profile is negotiated.
 */
class DtlsGstreamerIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int GST_PORT = 5004;
    private static final int SFU_PORT = 5006;
    private static final int SFU_SSRC = 0x11223344;
    private static final byte ALAW_SILENCE = (byte) 0xd5;
    private static final byte MARK = 'Z';
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DtlsCertificate SFU_CERT = DtlsCertificate.generate();
    /** fakesink's hex dump shows our payload as a row of sixteen marks in its ASCII column. */
    private static final int DUMPED_PAYLOAD = 0;
    private static final int DECRYPTED_PACKET = 1;

    private Netns ns;
    private DatagramSocket socket;
    private GstDtlsSrtp gst;
    private DtlsEndpoint endpoint;
    private Thread receiver;
    private volatile boolean running = true;
    private final List<byte[]> srtpFromGst = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void removeOrphans() {
        Netns.deleteOrphans();
    }

    @BeforeEach
    void setUp() throws Exception {
        ns = Netns.create("dtls");
        // Created on a thread inside the namespace, the socket stays there whichever thread uses it.
        socket = ns.call(() -> new DatagramSocket(new InetSocketAddress(LOOPBACK, SFU_PORT)));
        socket.setSoTimeout(100);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        running = false;
        if (endpoint != null) {
            endpoint.close();
        }
        if (gst != null) {
            gst.close();
        }
        if (receiver != null) {
            receiver.join(2_000);
        }
        socket.close();
        ns.close();
    }

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void keysAgreeWithGstreamer(DtlsRole sfuRole) throws Exception {
        GstDtlsSrtp.Identity identity = GstDtlsSrtp.Identity.rsa();
        Recorder events = new Recorder();
        SrtpKeys keys = connect(sfuRole, identity, identity.fingerprint(), events);
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, keys.srtpProfile());

        // GStreamer to us: its SRTP authenticates and decrypts with our remote key and salt, and with nothing else.
        AesCmSrtp inbound = new AesCmSrtp(keys.remoteKey(), keys.remoteSalt(), 10);
        AesCmSrtp wrong = new AesCmSrtp(keys.localKey(), keys.localSalt(), 10);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (srtpFromGst.size() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(srtpFromGst.size() >= 10, "SRTP from GStreamer: " + srtpFromGst.size() + "\n" + gst.diagnostics());
        for (byte[] packet : srtpFromGst) {
            byte[] rtp = inbound.unprotect(packet, 0);
            assertNotNull(rtp, "an SRTP packet from GStreamer did not verify with the exported remote key");
            assertNull(wrong.unprotect(packet, 0));
            assertEquals(GstDtlsSrtp.SSRC, ssrc(rtp));
            byte[] payload = Arrays.copyOfRange(rtp, AesCmSrtp.headerLength(rtp), rtp.length);
            assertTrue(payload.length >= 80, "payload " + payload.length);
            for (byte b : payload) {
                assertEquals(ALAW_SILENCE, b, "decrypted A-law silence");
            }
        }

        // Us to GStreamer: SRTP protected with our local key comes out of its decoder, decrypted.
        AesCmSrtp outbound = new AesCmSrtp(keys.localKey(), keys.localSalt(), 10);
        InetSocketAddress gstAddress = new InetSocketAddress(LOOPBACK, GST_PORT);
        for (int seq = 1; seq <= 20; seq++) {
            byte[] srtp = outbound.protect(rtp(seq), 0);
            socket.send(new DatagramPacket(srtp, srtp.length, gstAddress));
            Thread.sleep(10);
        }
        assertTrue(gst.await(DECRYPTED_PACKET, 20, WAIT),
                "packets decrypted by GStreamer: " + gst.count(DECRYPTED_PACKET) + "\n" + gst.diagnostics());
        assertTrue(gst.count(DUMPED_PAYLOAD) >= 20 * 8, "our payload, decrypted: " + gst.count(DUMPED_PAYLOAD));
        events.assertCalls(1);
    }

    @Test
    void aGstreamerCertificateOtherThanTheExpectedOneFailsTheHandshake() throws Exception {
        GstDtlsSrtp.Identity identity = GstDtlsSrtp.Identity.rsa();
        DtlsFingerprint someoneElse = GstDtlsSrtp.Identity.rsa().fingerprint();
        Recorder events = new Recorder();
        startGst(identity, true);
        endpoint = endpoint(DtlsRole.SERVER, someoneElse, events);
        endpoint.start();
        String reason = events.awaitFailed(WAIT);
        assertTrue(reason.contains("does not match") && reason.contains(identity.fingerprint().value()), reason);
        assertEquals(DtlsEndpoint.State.FAILED, endpoint.state());
    }

    private SrtpKeys connect(DtlsRole sfuRole, GstDtlsSrtp.Identity identity, DtlsFingerprint expected,
                             Recorder events) throws Exception {
        startGst(identity, sfuRole == DtlsRole.SERVER);
        endpoint = endpoint(sfuRole, expected, events);
        endpoint.start();
        try {
            return events.awaitConnected(WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + gst.diagnostics(), e);
        }
    }

    private void startGst(GstDtlsSrtp.Identity identity, boolean gstIsClient) throws InterruptedException {
        String marks = new String(new byte[16], java.nio.charset.StandardCharsets.US_ASCII).replace('\0', (char) MARK);
        gst = GstDtlsSrtp.start(ns, identity, gstIsClient, GST_PORT, SFU_PORT, List.of(
                line -> line.contains(marks),
                line -> line.contains("fromsfu") && line.contains("chain")));
        assertTrue(gst.awaitPlaying(WAIT), gst.diagnostics());
    }

    private DtlsEndpoint endpoint(DtlsRole role, DtlsFingerprint expected, Recorder events) {
        InetSocketAddress gstAddress = new InetSocketAddress(LOOPBACK, GST_PORT);
        DtlsEndpoint e = new DtlsEndpoint("gst-interop", role, DtlsConfig.defaults(SFU_CERT), List.of(expected), d -> {
            try {
                socket.send(new DatagramPacket(d, d.length, gstAddress));
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }, events);
        receiver = Thread.ofPlatform().daemon().name("sfu-udp").start(() -> receive(e));
        return e;
    }

    /** The conductor's demultiplexing (RFC 7983) in miniature: DTLS to the endpoint, SRTP kept for the test. */
    private void receive(DtlsEndpoint e) {
        byte[] buf = new byte[2048];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException timeout) {
                continue;
            } catch (IOException closed) {
                return;
            }
            byte[] d = Arrays.copyOf(p.getData(), p.getLength());
            int first = d[0] & 0xff;
            if (first >= 20 && first <= 63) {
                e.receive(d);
            } else if (first >= 128 && first <= 191 && e.state() == DtlsEndpoint.State.CONNECTED) {
                srtpFromGst.add(d);
            }
        }
    }

    private static byte[] rtp(int seq) {
        byte[] rtp = new byte[12 + 160];
        rtp[0] = (byte) 0x80;
        rtp[1] = 8;
        rtp[2] = (byte) (seq >> 8);
        rtp[3] = (byte) seq;
        int ts = seq * 160;
        rtp[4] = (byte) (ts >>> 24);
        rtp[5] = (byte) (ts >>> 16);
        rtp[6] = (byte) (ts >>> 8);
        rtp[7] = (byte) ts;
        rtp[8] = (byte) (SFU_SSRC >>> 24);
        rtp[9] = (byte) (SFU_SSRC >>> 16);
        rtp[10] = (byte) (SFU_SSRC >>> 8);
        rtp[11] = (byte) SFU_SSRC;
        Arrays.fill(rtp, 12, rtp.length, MARK);
        return rtp;
    }

    private static int ssrc(byte[] rtp) {
        return (rtp[8] & 0xff) << 24 | (rtp[9] & 0xff) << 16 | (rtp[10] & 0xff) << 8 | (rtp[11] & 0xff);
    }
}
