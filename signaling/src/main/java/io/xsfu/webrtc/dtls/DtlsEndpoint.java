package io.xsfu.webrtc.dtls;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * One DTLS 1.2 association of one WebRTC transport, as server or client, ending in SRTP keys.
 *
 * <p>The conductor feeds it every DTLS datagram (first byte 20..63, RFC 7983) that arrives on the transport's
 * nominated tuple with {@link #receive}, which only queues; BouncyCastle's blocking handshake runs on a thread of
 * the association's own (from {@link DtlsConfig#threads()}, virtual by default) and sends through the {@link Link}.
 * The handshake is bounded by {@link DtlsConfig#handshakeTimeout()}: a client's from {@link #start()}, a server's
 * from the first handshake datagram the peer sends (a server otherwise waits for a peer that ICE has not yet
 * brought). Once connected the thread stays, parked, to answer a peer that retransmits its last flight and to see
 * its close_notify; {@link #close()} ends it.
 *
 * <p>Exactly one of {@link Listener#onConnected} or {@link Listener#onFailed} is called, on the association's
 * thread; {@link Listener#onClosed} may follow a connection. {@link Link#send} is called on that thread too, and
 * on the caller's in {@link #close()} (for close_notify).
 */
public final class DtlsEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DtlsEndpoint.class.getName());
    private static final int FIRST_DTLS_BYTE = 20;
    private static final int LAST_DTLS_BYTE = 63;
    private static final int HANDSHAKE_CONTENT_TYPE = 22;

    /** Where the association's datagrams go: to the peer, from the transport's port. Must be thread-safe. */
    @FunctionalInterface
    public interface Link {
        void send(byte[] datagram);
    }

    public interface Listener {
        /** The handshake completed, the peer's certificate matched its fingerprint: the transport's SRTP keys. */
        void onConnected(SrtpKeys keys);

        /** The handshake failed or timed out, or the connected association ended with a fatal alert. */
        void onFailed(String reason);

        /** The peer closed the connected association (close_notify). */
        default void onClosed() {
        }
    }

    public enum State {
        /** Made, not started: datagrams are queued but not read. */
        NEW,
        /** A started server waiting for the peer's first handshake datagram. */
        LISTENING,
        HANDSHAKING,
        CONNECTED,
        FAILED,
        CLOSED
    }

    private final String name;
    private final DtlsRole role;
    private final DtlsConfig config;
    private final Listener listener;
    private final DtlsSrtpPolicy policy;
    private final QueuedDatagramTransport transport;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile DTLSTransport established;
    private volatile Thread thread;

    /**
     * @param name               for log lines (the transport's id)
     * @param remoteFingerprints the remote SDP's {@code a=fingerprint}s; the peer's certificate must match one
     */
    public DtlsEndpoint(String name, DtlsRole role, DtlsConfig config, List<DtlsFingerprint> remoteFingerprints,
                        Link link, Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.role = Objects.requireNonNull(role, "role");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.policy = new DtlsSrtpPolicy(config, role, remoteFingerprints);
        this.transport = new QueuedDatagramTransport(Objects.requireNonNull(link, "link"), config.maxDatagramSize(),
                config.inboundQueueCapacity());
    }

    /** A client sends its ClientHello now; a server waits for one. Only the first call does anything. */
    public void start() {
        if (role == DtlsRole.CLIENT) {
            if (state.compareAndSet(State.NEW, State.HANDSHAKING)) {
                launch();
            }
        } else if (state.compareAndSet(State.NEW, State.LISTENING) && !transport.isEmpty()) {
            listenerSawHandshake();
        }
    }

    /**
     * Hands a datagram received from the peer to the association; it is queued, never processed on the caller's
     * thread. False when it was dropped: not DTLS (RFC 7983), too long, a record no cipher suite of ours can
     * produce ({@link DtlsRecords}), the queue full, or the association over.
     * The array must not be changed afterwards.
     */
    public boolean receive(byte[] datagram) {
        State s = state.get();
        if (s == State.FAILED || s == State.CLOSED || !isDtls(datagram) || !DtlsRecords.plausible(datagram)
                || !transport.offer(datagram)) {
            dropped.incrementAndGet();
            return false;
        }
        received.incrementAndGet();
        if (s == State.LISTENING && (datagram[0] & 0xff) == HANDSHAKE_CONTENT_TYPE) {
            listenerSawHandshake();
        }
        return true;
    }

    /** Ends the association: close_notify to a connected peer, the thread stopped. No listener call follows. */
    @Override
    public void close() {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return;
        }
        DTLSTransport dtls = established;
        if (dtls != null && before == State.CONNECTED) {
            try {
                dtls.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "DTLS " + name + ": close_notify not sent: " + e);
            }
        }
        transport.close();
        if (before != State.FAILED) {
            LOG.log(System.Logger.Level.INFO, () -> "DTLS " + name + ": closed (was " + before + ")");
        }
    }

    public State state() {
        return state.get();
    }

    public DtlsRole role() {
        return role;
    }

    /** Datagrams accepted by {@link #receive}. */
    public long datagramsReceived() {
        return received.get();
    }

    /** Datagrams {@link #receive} refused. */
    public long datagramsDropped() {
        return dropped.get();
    }

    /** Datagrams handed to the {@link Link}. */
    public long datagramsSent() {
        return transport.sent();
    }

    /** The association's thread once launched, for tests that check it ends. */
    Thread thread() {
        return thread;
    }

    private static boolean isDtls(byte[] datagram) {
        return datagram != null && datagram.length > 0 && datagram.length <= QueuedDatagramTransport.RECEIVE_LIMIT
                && (datagram[0] & 0xff) >= FIRST_DTLS_BYTE && (datagram[0] & 0xff) <= LAST_DTLS_BYTE;
    }

    private void listenerSawHandshake() {
        if (state.compareAndSet(State.LISTENING, State.HANDSHAKING)) {
            launch();
        }
    }

    private void launch() {
        transport.startDeadline(config.handshakeTimeout());
        try {
            Thread t = config.threads().newThread(this::run);
            if (t == null) {
                finishFailed("the thread factory refused a thread for the handshake");
                return;
            }
            thread = t;
            t.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            finishFailed("no thread for the handshake: " + e);
        }
    }

    private void run() {
        long startNanos = System.nanoTime();
        DTLSTransport dtls;
        try {
            if (role == DtlsRole.SERVER) {
                DtlsSrtpServer server = new DtlsSrtpServer(policy);
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE has already proven the peer's address; a cookie exchange would only cost a round trip.
                protocol.setVerifyRequests(false);
                dtls = protocol.accept(server, transport);
            } else {
                DtlsSrtpClient client = new DtlsSrtpClient(policy);
                dtls = new DTLSClientProtocol().connect(client, transport);
            }
        } catch (IOException | RuntimeException e) {
            if (state.get() != State.CLOSED) {
                finishFailed(reason(e));
            }
            return;
        }
        SrtpKeys keys = policy.keys();
        if (keys == null) {
            closeQuietly(dtls);
            finishFailed("the handshake completed without SRTP keys");
            return;
        }
        transport.clearDeadline();
        established = dtls;
        if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
            closeQuietly(dtls);
            return;
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, () -> "DTLS " + name + ": connected as " + role + ", "
                + keys.srtpProfile().rfcName() + ", in " + millis + " ms");
        notify(() -> listener.onConnected(keys));
        drain(dtls);
    }

    /**
     * Reads the connected association until it ends: BouncyCastle answers a retransmitted final flight and handles
     * alerts while it reads; application data (there is none in DTLS-SRTP without data channels) is discarded.
     */
    private void drain(DTLSTransport dtls) {
        byte[] buf = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        String error = null;
        try {
            while (state.get() == State.CONNECTED) {
                int n = dtls.receive(buf, 0, buf.length, 0);
                if (n < 0 && transport.isClosed()) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            error = reason(e);
        }
        if (policy.closeNotifyReceived()) {
            if (state.compareAndSet(State.CONNECTED, State.CLOSED)) {
                transport.close();
                LOG.log(System.Logger.Level.INFO, () -> "DTLS " + name + ": closed by the peer");
                notify(listener::onClosed);
            }
        } else if (state.get() == State.CONNECTED) {
            finishFailed(error != null ? error : "the association ended");
        }
    }

    private void finishFailed(String reason) {
        State before = state.get();
        if (before == State.CLOSED || before == State.FAILED || !state.compareAndSet(before, State.FAILED)) {
            return;
        }
        transport.close();
        LOG.log(System.Logger.Level.INFO, () -> "DTLS " + name + ": failed as " + role + ": " + reason);
        notify(() -> listener.onFailed(reason));
    }

    private String reason(Throwable e) {
        String ours = policy.failure();
        if (ours != null) {
            return ours;
        }
        if (e instanceof TlsTimeoutException) {
            return "DTLS handshake timed out after " + config.handshakeTimeout().toMillis() + " ms";
        }
        if (e instanceof TlsFatalAlertReceived r) {
            return "the peer sent a fatal alert: " + AlertDescription.getText(r.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert a) {
            return "DTLS failed with alert " + AlertDescription.getText(a.getAlertDescription())
                    + (a.getCause() != null ? " (" + a.getCause() + ")" : "");
        }
        return "DTLS failed: " + e;
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "DTLS " + name + ": listener threw", e);
        }
    }

    private static void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException e) {
            // Closing after a close() raced the handshake's end: nothing is waiting for this.
        }
    }

    @Override
    public String toString() {
        return "DtlsEndpoint[" + name + ", " + role + ", " + state.get() + "]";
    }
}
