package io.xsfu.webrtc.dtls;

import static io.xsfu.webrtc.dtls.EndpointPair.CLIENT_CERT;
import static io.xsfu.webrtc.dtls.EndpointPair.SERVER_CERT;
import static io.xsfu.webrtc.dtls.EndpointPair.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsEndpointTest {
    private static final DtlsFingerprint STRANGER = DtlsCertificate.generate().fingerprint();

    /** Either endpoint may be the SFU: the SFU answers passive (server) by default, active (client) when asked. */
    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void handshakeExportsKeysThatAgreeCrosswise(DtlsRole sfuRole) throws Exception {
        try (EndpointPair pair = EndpointPair.builder().start()) {
            DtlsEndpoint sfu = sfuRole == DtlsRole.SERVER ? pair.server : pair.client;
            Recorder sfuEvents = sfuRole == DtlsRole.SERVER ? pair.serverEvents : pair.clientEvents;
            Recorder browserEvents = sfuRole == DtlsRole.SERVER ? pair.clientEvents : pair.serverEvents;
            SrtpKeys mine = sfuEvents.awaitConnected(WAIT);
            SrtpKeys theirs = browserEvents.awaitConnected(WAIT);

            assertEquals(sfuRole, sfu.role());
            assertEquals(DtlsEndpoint.State.CONNECTED, sfu.state());
            assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, mine.srtpProfile(), "the first of both lists");
            assertEquals(mine.profile(), theirs.profile());
            assertArrayEquals(mine.localKey(), theirs.remoteKey());
            assertArrayEquals(mine.localSalt(), theirs.remoteSalt());
            assertArrayEquals(mine.remoteKey(), theirs.localKey());
            assertArrayEquals(mine.remoteSalt(), theirs.localSalt());
            assertFalse(Arrays.equals(mine.localKey(), mine.remoteKey()), "each direction has its own key");
            assertFalse(Arrays.equals(mine.localKey(), new byte[16]));
            sfuEvents.assertCalls(1);
            browserEvents.assertCalls(1);
        }
    }

    @Test
    void everyAssociationHasItsOwnKeys() throws Exception {
        SrtpKeys first;
        try (EndpointPair pair = EndpointPair.builder().start()) {
            first = pair.serverEvents.awaitConnected(WAIT);
        }
        try (EndpointPair pair = EndpointPair.builder().start()) {
            SrtpKeys second = pair.serverEvents.awaitConnected(WAIT);
            assertFalse(Arrays.equals(first.localKey(), second.localKey()));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void eachProfileIsNegotiatedWhenItIsTheOnlyOneOffered(SrtpProfile profile) throws Exception {
        try (EndpointPair pair = EndpointPair.builder().client(c -> c.withProfiles(List.of(profile))).start()) {
            SrtpKeys server = pair.serverEvents.awaitConnected(WAIT);
            SrtpKeys client = pair.clientEvents.awaitConnected(WAIT);
            assertEquals(profile.id(), server.profile());
            assertEquals(profile.id(), client.profile());
            assertEquals(profile.keyLength(), server.localKey().length);
            assertEquals(profile.saltLength(), server.localSalt().length);
            assertArrayEquals(server.localSalt(), client.remoteSalt());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void eachProfileIsNegotiatedWhenItIsTheOnlyOneTheServerAccepts(SrtpProfile profile) throws Exception {
        try (EndpointPair pair = EndpointPair.builder().server(c -> c.withProfiles(List.of(profile))).start()) {
            assertEquals(profile.id(), pair.clientEvents.awaitConnected(WAIT).profile());
            assertEquals(profile.id(), pair.serverEvents.awaitConnected(WAIT).profile());
        }
    }

    @Test
    void theServersPreferenceWins() throws Exception {
        // As Chromium offers: GCM first. The server (the SFU) picks its own first choice.
        List<SrtpProfile> browser = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_32,
                SrtpProfile.AES128_CM_HMAC_SHA1_80);
        try (EndpointPair pair = EndpointPair.builder().client(c -> c.withProfiles(browser)).start()) {
            assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, pair.clientEvents.awaitConnected(WAIT).srtpProfile());
        }
    }

    @Test
    void noCommonProfileFailsBothSides() throws Exception {
        try (EndpointPair pair = EndpointPair.builder()
                .server(c -> c.withProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)))
                .client(c -> c.withProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM))).start()) {
            String server = pair.serverEvents.awaitFailed(WAIT);
            assertTrue(server.contains("no common SRTP profile"), server);
            assertTrue(server.contains("0x0007"), server);
            String client = pair.clientEvents.awaitFailed(WAIT);
            assertTrue(client.contains("handshake_failure"), client);
            pair.assertThreadsEnd();
        }
    }

    @Test
    void aClientCertificateNotMatchingTheOfferFailsTheServer() throws Exception {
        try (EndpointPair pair = EndpointPair.builder().serverExpects(STRANGER).start()) {
            String server = pair.serverEvents.awaitFailed(WAIT);
            assertTrue(server.contains("does not match"), server);
            assertTrue(server.contains(CLIENT_CERT.fingerprint().value()), "names what came: " + server);
            assertTrue(server.contains(STRANGER.value()), "names what was expected: " + server);
            String client = pair.clientEvents.awaitFailed(WAIT);
            assertTrue(client.contains("bad_certificate"), client);
            assertEquals(DtlsEndpoint.State.FAILED, pair.server.state());
            pair.serverEvents.assertCalls(1);
            pair.assertThreadsEnd();
        }
    }

    @Test
    void aServerCertificateNotMatchingTheAnswerFailsTheClient() throws Exception {
        try (EndpointPair pair = EndpointPair.builder().clientExpects(STRANGER).start()) {
            String client = pair.clientEvents.awaitFailed(WAIT);
            assertTrue(client.contains("does not match"), client);
            assertTrue(client.contains(SERVER_CERT.fingerprint().value()), client);
            String server = pair.serverEvents.awaitFailed(WAIT);
            assertTrue(server.contains("bad_certificate"), server);
            pair.assertThreadsEnd();
        }
    }

    @Test
    void otherHashesAndSeveralFingerprintsAreAccepted() throws Exception {
        try (EndpointPair pair = EndpointPair.builder()
                .serverExpects(STRANGER, new DtlsFingerprint("md5", "00:11"), CLIENT_CERT.fingerprint("sha-512"))
                .clientExpects(SERVER_CERT.fingerprint("sha-1")).start()) {
            pair.serverEvents.awaitConnected(WAIT);
            pair.clientEvents.awaitConnected(WAIT);
        }
    }

    @Test
    void aClientThatHearsNothingTimesOut() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        Recorder events = new Recorder();
        DtlsConfig config = DtlsConfig.defaults(CLIENT_CERT).withHandshakeTimeout(Duration.ofMillis(700));
        try (DtlsEndpoint client = new DtlsEndpoint("void", DtlsRole.CLIENT, config,
                List.of(SERVER_CERT.fingerprint()), d -> sent.incrementAndGet(), events)) {
            long start = System.nanoTime();
            client.start();
            String reason = events.awaitFailed(WAIT);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(reason.contains("timed out after 700 ms"), reason);
            assertTrue(millis >= 600 && millis < 5_000, "failed after " + millis + " ms");
            assertTrue(sent.get() >= 1, "sent its ClientHello");
            assertEquals(DtlsEndpoint.State.FAILED, client.state());
            client.thread().join(WAIT);
            assertFalse(client.thread().isAlive());
            assertFalse(client.receive(new byte[] {22, (byte) 0xfe, (byte) 0xfd}), "nothing is taken after failing");
            events.assertCalls(1);
        }
    }

    @Test
    void aServerWhoseAnswersAreLostTimesOut() throws Exception {
        try (EndpointPair pair = EndpointPair.builder()
                .server(c -> c.withHandshakeTimeout(Duration.ofMillis(800)))
                .toClient(d -> null).start()) {
            String reason = pair.serverEvents.awaitFailed(WAIT);
            assertTrue(reason.contains("timed out after 800 ms"), reason);
        }
    }

    @Test
    void aListeningServerDoesNotTimeOutBeforeThePeerSpeaks() throws Exception {
        Recorder events = new Recorder();
        DtlsConfig config = DtlsConfig.defaults(SERVER_CERT).withHandshakeTimeout(Duration.ofMillis(200));
        try (DtlsEndpoint server = new DtlsEndpoint("idle", DtlsRole.SERVER, config,
                List.of(CLIENT_CERT.fingerprint()), d -> { }, events)) {
            server.start();
            Thread.sleep(600);
            assertEquals(DtlsEndpoint.State.LISTENING, server.state());
            events.assertCalls(0);
        }
    }

    @Test
    void datagramsThatAreNotDtlsAreRefusedAndCounted() {
        try (DtlsEndpoint server = new DtlsEndpoint("refuse", DtlsRole.SERVER, DtlsConfig.defaults(SERVER_CERT),
                List.of(CLIENT_CERT.fingerprint()), d -> { }, new Recorder())) {
            server.start();
            assertFalse(server.receive(new byte[0]));
            assertFalse(server.receive(new byte[] {0, 1, 0, 0}), "STUN");
            assertFalse(server.receive(new byte[] {(byte) 0x80, 96, 0, 1}), "RTP");
            assertFalse(server.receive(new byte[] {64, 0, 0}), "above the DTLS range");
            assertFalse(server.receive(new byte[] {19, 0, 0}), "below the DTLS range");
            byte[] huge = new byte[QueuedDatagramTransport.RECEIVE_LIMIT + 1];
            huge[0] = 22;
            assertFalse(server.receive(huge));
            assertEquals(6, server.datagramsDropped());
            assertEquals(0, server.datagramsReceived());
            assertEquals(DtlsEndpoint.State.LISTENING, server.state());
        }
    }

    /** Junk that fails the record layer's checks (bad header, version, epoch or MAC) is skipped by both ends. */
    @Test
    void garbageInterleavedWithTheHandshakeIsIgnored() throws Exception {
        Random random = new Random(7);
        AtomicInteger junk = new AtomicInteger();
        DtlsEndpoint[] target = new DtlsEndpoint[1];
        try (EndpointPair pair = EndpointPair.builder()
                .toClient(d -> {
                    injectGarbage(target[0] == null ? null : target[0], random, junk);
                    return d;
                })
                .toServer(d -> d).start()) {
            target[0] = pair.server;
            for (int i = 0; i < 50; i++) {
                injectGarbage(pair.client, random, junk);
                injectGarbage(pair.server, random, junk);
            }
            SrtpKeys server = pair.serverEvents.awaitConnected(WAIT);
            SrtpKeys client = pair.clientEvents.awaitConnected(WAIT);
            assertArrayEquals(server.localKey(), client.remoteKey());
            for (int i = 0; i < 50; i++) {
                injectGarbage(pair.client, random, junk);
                injectGarbage(pair.server, random, junk);
            }
            Thread.sleep(200);
            assertEquals(DtlsEndpoint.State.CONNECTED, pair.server.state());
            assertEquals(DtlsEndpoint.State.CONNECTED, pair.client.state());
            pair.serverEvents.assertCalls(1);
            pair.clientEvents.assertCalls(1);
            assertTrue(junk.get() >= 200);
        }
    }

    /** Handshake records with random bodies reach the handshake layer: the server ends, once, without a leak. */
    @Test
    void aServerFedForgedHandshakeRecordsFailsCleanly() throws Exception {
        Random random = new Random(11);
        Recorder events = new Recorder();
        DtlsConfig config = DtlsConfig.defaults(SERVER_CERT).withHandshakeTimeout(Duration.ofSeconds(2));
        try (DtlsEndpoint server = new DtlsEndpoint("forged", DtlsRole.SERVER, config,
                List.of(CLIENT_CERT.fingerprint()), d -> { }, events)) {
            server.start();
            for (int i = 0; i < 40; i++) {
                byte[] body = new byte[12 + random.nextInt(100)];
                random.nextBytes(body);
                body[0] = 1; // client_hello
                server.receive(record(22, 0, i, body));
            }
            String reason = events.awaitFailed(WAIT);
            assertNotNull(reason);
            server.thread().join(WAIT);
            assertFalse(server.thread().isAlive());
            assertEquals(DtlsEndpoint.State.FAILED, server.state());
            events.assertCalls(1);
        }
    }

    /** The first ClientHello and parts of the server's first flight are lost: both ends send them again. */
    @Test
    void lostFlightsAreRetransmitted() throws Exception {
        AtomicInteger toClient = new AtomicInteger();
        AtomicInteger toServer = new AtomicInteger();
        try (EndpointPair pair = EndpointPair.builder()
                .toServer(d -> toServer.incrementAndGet() == 1 ? null : d)
                .toClient(d -> {
                    int n = toClient.incrementAndGet();
                    return n == 1 || n == 3 ? null : d;
                }).start()) {
            SrtpKeys server = pair.serverEvents.awaitConnected(WAIT);
            SrtpKeys client = pair.clientEvents.awaitConnected(WAIT);
            assertArrayEquals(server.localKey(), client.remoteKey());
            assertEquals(pair.toServer.get(0).length, pair.toServer.get(1).length, "the ClientHello again");
        }
    }

    /**
     * The server's final flight (ChangeCipherSpec, Finished) is lost once: the server is connected already, so it
     * is the association's thread, reading after the handshake, that answers the client's retransmission.
     */
    @Test
    void aLostFinalFlightIsResentByTheConnectedServer() throws Exception {
        AtomicInteger dropped = new AtomicInteger();
        try (EndpointPair pair = EndpointPair.builder()
                .toClient(d -> (d[0] == 20 || epoch(d) == 1) && dropped.getAndIncrement() < 2 ? null : d).start()) {
            pair.serverEvents.awaitConnected(WAIT);
            SrtpKeys client = pair.clientEvents.awaitConnected(WAIT);
            assertArrayEquals(pair.serverEvents.connected.get().localKey(), client.remoteKey());
            assertTrue(dropped.get() >= 2, "the final flight was lost once");
            assertTrue(pair.toClient.stream().filter(d -> d[0] == 20).count() >= 2, "and sent again");
        }
    }

    private static int epoch(byte[] d) {
        return d.length < 5 ? -1 : (d[3] & 0xff) << 8 | (d[4] & 0xff);
    }

    @Test
    void datagramsFitTheConfiguredSize() throws Exception {
        try (EndpointPair pair = EndpointPair.builder().server(c -> c.withMaxDatagramSize(300))
                .client(c -> c.withMaxDatagramSize(300)).start()) {
            pair.serverEvents.awaitConnected(WAIT);
            pair.clientEvents.awaitConnected(WAIT);
            for (byte[] d : pair.toClient) {
                assertTrue(d.length <= 300, "server sent " + d.length);
            }
            for (byte[] d : pair.toServer) {
                assertTrue(d.length <= 300, "client sent " + d.length);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void closeSendsCloseNotifyAndThePeerReportsClosed(DtlsRole closer) throws Exception {
        try (EndpointPair pair = EndpointPair.builder().start()) {
            pair.serverEvents.awaitConnected(WAIT);
            pair.clientEvents.awaitConnected(WAIT);
            DtlsEndpoint closing = closer == DtlsRole.SERVER ? pair.server : pair.client;
            DtlsEndpoint other = closer == DtlsRole.SERVER ? pair.client : pair.server;
            Recorder closingEvents = closer == DtlsRole.SERVER ? pair.serverEvents : pair.clientEvents;
            Recorder otherEvents = closer == DtlsRole.SERVER ? pair.clientEvents : pair.serverEvents;
            closing.close();
            otherEvents.awaitClosed(WAIT);
            assertEquals(DtlsEndpoint.State.CLOSED, other.state());
            assertEquals(DtlsEndpoint.State.CLOSED, closing.state());
            pair.assertThreadsEnd();
            closingEvents.assertCalls(1);
            otherEvents.assertCalls(2);
        }
    }

    @Test
    void closingDuringTheHandshakeStopsQuietly() throws Exception {
        try (EndpointPair pair = EndpointPair.builder().toClient(d -> null).start()) {
            while (pair.server.state() != DtlsEndpoint.State.HANDSHAKING) {
                Thread.sleep(5);
            }
            pair.server.close();
            pair.client.close();
            pair.assertThreadsEnd();
            Thread.sleep(100);
            pair.serverEvents.assertCalls(0);
            pair.clientEvents.assertCalls(0);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheAssociation() throws Exception {
        Recorder events = new Recorder();
        DtlsEndpoint.Listener throwing = new DtlsEndpoint.Listener() {
            @Override
            public void onConnected(SrtpKeys keys) {
                events.onConnected(keys);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onFailed(String reason) {
                events.onFailed(reason);
            }
        };
        DtlsEndpoint[] peer = new DtlsEndpoint[2];
        Recorder serverEvents = new Recorder();
        peer[0] = new DtlsEndpoint("s", DtlsRole.SERVER, DtlsConfig.defaults(SERVER_CERT),
                List.of(CLIENT_CERT.fingerprint()), d -> peer[1].receive(d), serverEvents);
        peer[1] = new DtlsEndpoint("c", DtlsRole.CLIENT, DtlsConfig.defaults(CLIENT_CERT),
                List.of(SERVER_CERT.fingerprint()), d -> peer[0].receive(d), throwing);
        try {
            peer[0].start();
            peer[1].start();
            events.awaitConnected(WAIT);
            serverEvents.awaitConnected(WAIT);
            Thread.sleep(100);
            assertEquals(DtlsEndpoint.State.CONNECTED, peer[1].state());
        } finally {
            peer[1].close();
            peer[0].close();
        }
    }

    private static void injectGarbage(DtlsEndpoint target, Random random, AtomicInteger count) {
        if (target == null) {
            return;
        }
        byte[] g;
        switch (random.nextInt(4)) {
            case 0 -> {
                g = new byte[1 + random.nextInt(300)];
                random.nextBytes(g);
                g[0] = (byte) (20 + random.nextInt(44));
            }
            case 1 -> {
                byte[] body = new byte[1 + random.nextInt(200)];
                random.nextBytes(body);
                g = record(23, 1, random.nextInt(1000), body); // application data under a key nobody has
            }
            case 2 -> {
                byte[] body = new byte[1 + random.nextInt(200)];
                random.nextBytes(body);
                g = record(30 + random.nextInt(30), 0, random.nextInt(1000), body); // no such content type
            }
            default -> {
                g = new byte[random.nextInt(13)]; // shorter than a record header
                random.nextBytes(g);
                if (g.length > 0) {
                    g[0] = 22;
                }
            }
        }
        target.receive(g);
        count.incrementAndGet();
    }

    /** A DTLS 1.2 record: type, version FEFD, epoch, 48-bit sequence number, length, body. */
    static byte[] record(int type, int epoch, long seq, byte[] body) {
        byte[] r = new byte[13 + body.length];
        r[0] = (byte) type;
        r[1] = (byte) 0xfe;
        r[2] = (byte) 0xfd;
        r[3] = (byte) (epoch >> 8);
        r[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            r[5 + i] = (byte) (seq >> (8 * (5 - i)));
        }
        r[11] = (byte) (body.length >> 8);
        r[12] = (byte) body.length;
        System.arraycopy(body, 0, r, 13, body.length);
        return r;
    }
}
