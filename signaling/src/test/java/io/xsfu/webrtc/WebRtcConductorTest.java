package io.xsfu.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.forward.Command;
import io.xsfu.forward.HandshakeQueue;
import io.xsfu.packet.DropReason;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.stun.HmacSha1;
import io.xsfu.stun.StunMessage;
import io.xsfu.stun.StunWriter;
import io.xsfu.webrtc.dtls.DtlsCertificate;
import io.xsfu.webrtc.dtls.DtlsConfig;
import io.xsfu.webrtc.dtls.DtlsEndpoint;
import io.xsfu.webrtc.dtls.DtlsFingerprint;
import io.xsfu.webrtc.dtls.DtlsRole;
import io.xsfu.webrtc.dtls.SrtpKeys;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conductor between a real ICE client (STUN checks built with our writer, as a browser sends them) and a real
 * DTLS client (BouncyCastle, the other side of the association), with the agent played by this test: the
 * handshake queue filled as the agent fills it, the agent's commands collected and delivered.
 */
class WebRtcConductorTest {
    private static final int PORT = 40000;
    private static final String REMOTE_UFRAG = "brws";
    private static final String REMOTE_PWD = "browserpasswordbrowserpassword";
    private static final InetSocketAddress BROWSER = new InetSocketAddress(InetAddress.ofLiteral("10.9.0.2"), 50123);
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();

    private final HandshakeQueue queue = new HandshakeQueue(1 << 16);
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> connected = new CompletableFuture<>();
    private final CountersManager counters = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]),
            new UnsafeBuffer(new byte[16 * 1024]));
    private final ParsedPacket parsed = new ParsedPacket();
    private volatile Predicate<Command> deliver = c -> true;
    private WebRtcConductor conductor;

    private final WebRtcConductor.Events events = new WebRtcConductor.Events() {
        @Override
        public void connected(String room, String participant, int port, String srtpProfile) {
            connected.complete(srtpProfile);
        }

        @Override
        public void failed(String room, String participant, int port, String reason) {
            failures.add(reason);
        }
    };

    /** Opens alice's transport and waits until the conductor thread has it (its tasks run between drains). */
    private WebRtcConductor.LocalCredentials open(WebRtcConductor c) throws InterruptedException {
        WebRtcConductor.LocalCredentials local = c.open("r", "alice", PORT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.transports() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return local;
    }

    private WebRtcConductor conductor(Duration connectTimeout) {
        conductor = new WebRtcConductor(queue, c -> {
            commands.add(c);
            return deliver.test(c);
        }, DtlsConfig.defaults(SERVER_CERT), events, counters, connectTimeout);
        return conductor;
    }

    @AfterEach
    void close() {
        if (conductor != null) {
            conductor.close();
        }
    }

    @Test
    void answersAValidCheckAndSelectsTheNominatedAddress() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.SERVER);
        arrive(PORT, BROWSER, check(local, true, local.pwd()));

        Command.SendHandshake response = await(Command.SendHandshake.class);
        assertEquals(BROWSER, response.to());
        StunMessage m = new StunMessage().wrap(MemorySegment.ofArray(response.data()), 0, response.data().length);
        assertEquals(DropReason.OK, m.validate());
        assertEquals(StunMessage.BINDING_SUCCESS, m.messageType());
        Command.SetRemote selected = await(Command.SetRemote.class);
        assertEquals(new Command.SetRemote(PORT, BROWSER), selected);
        assertEquals(1L, c.counters().get("xsfu_webrtc_events_total{event=\"nomination\"}"));
    }

    @Test
    void aCheckWithTheWrongPasswordIsDroppedAndCounted() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.SERVER);
        arrive(PORT, BROWSER, check(local, true, "notthepasswordnotthepassword"));
        awaitCounter(c, "stun_dropped", 1);
        assertTrue(commands.stream().noneMatch(Command.SetRemote.class::isInstance), commands.toString());
    }

    @Test
    void checksBeforeTheNegotiationAndDatagramsForUnknownPortsAreCounted() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        arrive(PORT, BROWSER, check(local, true, local.pwd()));
        arrive(PORT + 1, BROWSER, check(local, true, local.pwd()));
        awaitCounter(c, "stun_dropped", 1);
        awaitCounter(c, "unknown_transport", 1);
        assertEquals(List.of(), commands);
    }

    @Test
    void dtlsFromAnAddressThatNeverPassedAnIceCheckIsDropped() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.SERVER);
        byte[] clientHello = new byte[64];
        clientHello[0] = 22;
        arrive(PORT, BROWSER, clientHello);
        awaitCounter(c, "dtls_dropped", 1);
        assertEquals(List.of(), commands);
    }

    @Test
    void iceThenDtlsGiveTheAgentSrtpSessionsThatMatchThePeers() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.SERVER);
        CompletableFuture<SrtpKeys> clientKeys = new CompletableFuture<>();
        try (DtlsEndpoint browser = browserDtls(local.fingerprint(), clientKeys)) {
            arrive(PORT, BROWSER, check(local, true, local.pwd()));
            await(Command.SetRemote.class);
            browser.start();
            String profileName = connected.get(20, TimeUnit.SECONDS);
            SrtpKeys keys = clientKeys.get(20, TimeUnit.SECONDS);
            assertEquals(io.xsfu.srtp.SrtpProfile.ofId(keys.profile()).name(), profileName);
            Command.SetSrtp srtp = await(Command.SetSrtp.class);
            assertEquals(PORT, srtp.localPort());

            // The browser's SRTP is what the agent's inbound session opens, and the other way round.
            io.xsfu.srtp.SrtpProfile profile = io.xsfu.srtp.SrtpProfile.ofId(keys.profile());
            byte[] packet = rtp(1234, 7);
            MemorySegment s = MemorySegment.ofArray(packet);
            int sealed = new SrtpSession(profile, keys.localKey(), keys.localSalt()).protectRtp(s, 0, 40, packet.length);
            assertEquals(40, srtp.inbound().unprotectRtp(s, 0, sealed));
            byte[] back = rtp(99, 1);
            MemorySegment b = MemorySegment.ofArray(back);
            int sent = srtp.outbound().protectRtp(b, 0, 40, back.length);
            assertEquals(40, new SrtpSession(profile, keys.remoteKey(), keys.remoteSalt()).unprotectRtp(b, 0, sent));
            assertEquals(1L, c.counters().get("xsfu_webrtc_events_total{event=\"connected\"}"));
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void whenTheOfferIsPassiveTheSfuIsTheDtlsClientOnceIcePicksAPair() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.CLIENT);
        CompletableFuture<SrtpKeys> browserKeys = new CompletableFuture<>();
        try (DtlsEndpoint browser = browserDtls(DtlsRole.SERVER, local.fingerprint(), browserKeys)) {
            browser.start();
            Thread.sleep(200);
            assertTrue(commands.isEmpty(), "no ClientHello before ICE selected a pair: " + commands);
            arrive(PORT, BROWSER, check(local, true, local.pwd()));
            connected.get(20, TimeUnit.SECONDS);
            SrtpKeys keys = browserKeys.get(20, TimeUnit.SECONDS);
            Command.SetSrtp srtp = await(Command.SetSrtp.class);
            byte[] packet = rtp(4321, 9);
            MemorySegment s = MemorySegment.ofArray(packet);
            io.xsfu.srtp.SrtpProfile profile = io.xsfu.srtp.SrtpProfile.ofId(keys.profile());
            int sealed = new SrtpSession(profile, keys.localKey(), keys.localSalt()).protectRtp(s, 0, 40, packet.length);
            assertEquals(40, srtp.inbound().unprotectRtp(s, 0, sealed));
        }
    }

    @Test
    void aCertificateThatDoesNotMatchTheOfferedFingerprintFailsTheTransport() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        // The offer claimed another certificate than the one the browser presents.
        c.negotiated(PORT, REMOTE_UFRAG, List.of(DtlsCertificate.generate().fingerprint()), DtlsRole.SERVER);
        CompletableFuture<SrtpKeys> clientKeys = new CompletableFuture<>();
        try (DtlsEndpoint browser = browserDtls(local.fingerprint(), clientKeys)) {
            arrive(PORT, BROWSER, check(local, true, local.pwd()));
            await(Command.SetRemote.class);
            browser.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (failures.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.getFirst().startsWith("DTLS"), failures.toString());
            assertTrue(commands.stream().noneMatch(Command.SetSrtp.class::isInstance), "no keys: " + commands);
            assertEquals(1L, c.counters().get("xsfu_webrtc_events_total{event=\"failed\"}"));
            assertEquals(0, c.transports(), "the failed transport is forgotten");
        }
    }

    @Test
    void aTransportThatNeverConnectsFailsAfterTheConnectTimeout() throws Exception {
        WebRtcConductor c = conductor(Duration.ofMillis(300));
        open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.SERVER);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("ICE: not connected within 300 ms of the negotiation"), failures);
    }

    @Test
    void closingAParticipantForgetsItsTransport() throws Exception {
        WebRtcConductor c = conductor(Duration.ofSeconds(30));
        WebRtcConductor.LocalCredentials local = open(c);
        c.negotiated(PORT, REMOTE_UFRAG, List.of(CLIENT_CERT.fingerprint()), DtlsRole.SERVER);
        c.close("r", "alice");
        arrive(PORT, BROWSER, check(local, true, local.pwd()));
        awaitCounter(c, "unknown_transport", 1);
        assertEquals(0, c.transports());
        assertNull(commands.stream().filter(Command.SetRemote.class::isInstance).findFirst().orElse(null));
    }

    // ---- the other side -----------------------------------------------------------------------

    /** The browser's DTLS client: what it sends goes through the queue, what the conductor sends comes back. */
    private DtlsEndpoint browserDtls(DtlsFingerprint serverFingerprint, CompletableFuture<SrtpKeys> keys) {
        return browserDtls(DtlsRole.CLIENT, serverFingerprint, keys);
    }

    private DtlsEndpoint browserDtls(DtlsRole role, DtlsFingerprint serverFingerprint,
                                     CompletableFuture<SrtpKeys> keys) {
        DtlsEndpoint[] self = new DtlsEndpoint[1];
        deliver = c -> {
            if (c instanceof Command.SendHandshake h && (h.data()[0] & 0xff) >= 20 && (h.data()[0] & 0xff) <= 63) {
                self[0].receive(h.data());
            }
            return true;
        };
        self[0] = new DtlsEndpoint("browser", role, DtlsConfig.defaults(CLIENT_CERT),
                List.of(serverFingerprint), datagram -> arrive(PORT, BROWSER, datagram), new DtlsEndpoint.Listener() {
                    @Override
                    public void onConnected(SrtpKeys k) {
                        keys.complete(k);
                    }

                    @Override
                    public void onFailed(String reason) {
                        keys.completeExceptionally(new IllegalStateException(reason));
                    }
                });
        return self[0];
    }

    /** As the agent hands a datagram over: parsed from its source address, copied into the queue. */
    private synchronized void arrive(int port, InetSocketAddress from, byte[] datagram) {
        byte[] v4 = from.getAddress().getAddress();
        int src = ((v4[0] & 0xff) << 24) | ((v4[1] & 0xff) << 16) | ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        MemorySegment segment = java.lang.foreign.Arena.ofAuto().allocate(datagram.length);
        MemorySegment.copy(MemorySegment.ofArray(datagram), 0, segment, 0, datagram.length);
        PacketParser.parseDatagram(segment, 0, datagram.length, 4, src, 0, 0, from.getPort(), port, parsed, false);
        assertTrue(queue.offer(parsed), "queue full");
    }

    private static byte[] check(WebRtcConductor.LocalCredentials local, boolean nominate, String pwd) {
        byte[] out = new byte[512];
        StunWriter w = new StunWriter().wrap(MemorySegment.ofArray(out), 0, out.length);
        int length = w.bindingRequest(0x1234, 0x5678L, (local.ufrag() + ":" + REMOTE_UFRAG)
                .getBytes(StandardCharsets.US_ASCII), 0x6e0001ffL, true, 42L, nominate, HmacSha1.ofPassword(pwd));
        assertTrue(length > 0);
        return java.util.Arrays.copyOf(out, length);
    }

    private static byte[] rtp(int ssrc, int seq) {
        byte[] p = new byte[40 + 64];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < 40; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    private <T extends Command> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Command c : commands) {
                if (type.isInstance(c)) {
                    return type.cast(c);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + type.getSimpleName() + " among " + commands);
    }

    private static void awaitCounter(WebRtcConductor c, String event, long value) throws InterruptedException {
        String key = "xsfu_webrtc_events_total{event=\"" + event + "\"}";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !Long.valueOf(value).equals(c.counters().get(key))) {
            Thread.sleep(5);
        }
        assertNotNull(c.counters().get(key), c.counters().toString());
        assertEquals(value, c.counters().get(key), c.counters().toString());
    }
}
