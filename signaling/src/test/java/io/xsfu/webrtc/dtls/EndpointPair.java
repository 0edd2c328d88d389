package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Two endpoints wired back to back in memory, each with its own certificate: what one sends, the other receives.
 * Each direction passes through a filter that may drop a datagram (return null) or let it through; every datagram
 * sent is also kept, to check sizes.
 */
final class EndpointPair implements AutoCloseable {
    static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    static final Duration WAIT = Duration.ofSeconds(20);

    final DtlsEndpoint server;
    final DtlsEndpoint client;
    final Recorder serverEvents = new Recorder();
    final Recorder clientEvents = new Recorder();
    final List<byte[]> toClient = new CopyOnWriteArrayList<>();
    final List<byte[]> toServer = new CopyOnWriteArrayList<>();

    private EndpointPair(DtlsConfig serverConfig, List<DtlsFingerprint> serverExpects, UnaryOperator<byte[]> toClientFilter,
                         DtlsConfig clientConfig, List<DtlsFingerprint> clientExpects, UnaryOperator<byte[]> toServerFilter) {
        DtlsEndpoint[] peer = new DtlsEndpoint[2];
        server = new DtlsEndpoint("test-server", DtlsRole.SERVER, serverConfig, serverExpects, d -> {
            toClient.add(d);
            byte[] passed = toClientFilter.apply(d);
            if (passed != null) {
                peer[1].receive(passed);
            }
        }, serverEvents);
        client = new DtlsEndpoint("test-client", DtlsRole.CLIENT, clientConfig, clientExpects, d -> {
            toServer.add(d);
            byte[] passed = toServerFilter.apply(d);
            if (passed != null) {
                peer[0].receive(passed);
            }
        }, clientEvents);
        peer[0] = server;
        peer[1] = client;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        DtlsConfig serverConfig = DtlsConfig.defaults(SERVER_CERT);
        DtlsConfig clientConfig = DtlsConfig.defaults(CLIENT_CERT);
        List<DtlsFingerprint> serverExpects = List.of(CLIENT_CERT.fingerprint());
        List<DtlsFingerprint> clientExpects = List.of(SERVER_CERT.fingerprint());
        UnaryOperator<byte[]> toClient = UnaryOperator.identity();
        UnaryOperator<byte[]> toServer = UnaryOperator.identity();

        Builder server(UnaryOperator<DtlsConfig> change) {
            serverConfig = change.apply(serverConfig);
            return this;
        }

        Builder client(UnaryOperator<DtlsConfig> change) {
            clientConfig = change.apply(clientConfig);
            return this;
        }

        Builder serverExpects(DtlsFingerprint... fingerprints) {
            serverExpects = List.of(fingerprints);
            return this;
        }

        Builder clientExpects(DtlsFingerprint... fingerprints) {
            clientExpects = List.of(fingerprints);
            return this;
        }

        Builder toClient(UnaryOperator<byte[]> filter) {
            toClient = filter;
            return this;
        }

        Builder toServer(UnaryOperator<byte[]> filter) {
            toServer = filter;
            return this;
        }

        /** Both started: the server listens, the client sends its ClientHello. */
        EndpointPair start() {
            EndpointPair pair = new EndpointPair(serverConfig, serverExpects, toClient, clientConfig, clientExpects,
                    toServer);
            pair.server.start();
            pair.client.start();
            return pair;
        }
    }

    /** Both threads (where launched) end within the wait. */
    void assertThreadsEnd() throws InterruptedException {
        for (DtlsEndpoint e : List.of(server, client)) {
            Thread t = e.thread();
            if (t != null) {
                t.join(WAIT);
                assertFalse(t.isAlive(), e + "'s thread still runs");
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
