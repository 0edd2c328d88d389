package io.xsfu.webrtc;

import io.xsfu.forward.Command;
import io.xsfu.forward.HandshakeQueue;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.stun.CandidatePair;
import io.xsfu.packet.DropReason;
import io.xsfu.stun.IceLiteResponder;
import io.xsfu.stun.TransportAddress;
import io.xsfu.webrtc.dtls.DtlsConfig;
import io.xsfu.webrtc.dtls.DtlsEndpoint;
import io.xsfu.webrtc.dtls.DtlsFingerprint;
import io.xsfu.webrtc.dtls.DtlsRole;
import io.xsfu.webrtc.dtls.SrtpKeys;
import java.lang.foreign.MemorySegment;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The control side of WebRTC transports: ICE-lite and DTLS-SRTP, on one thread of its own ("xsfu-webrtc").
 *
 * <p>The forwarding agent copies every STUN and DTLS datagram that arrives on a WebRTC transport's port into the
 * {@link HandshakeQueue}; this thread drains it. STUN Binding requests go to the transport's
 * {@link IceLiteResponder}, whose responses go back to the agent as {@link Command.SendHandshake}; a nomination
 * becomes {@link Command.SetRemote} (media is accepted from, and sent to, that address only), a lost consent
 * (RFC 7675: no valid check for 30 s) {@code SetRemote(null)}. DTLS records from an address that passed an ICE
 * check go to the transport's {@link DtlsEndpoint} (BouncyCastle, its own short-lived handshake thread); its
 * records go out the same way, and the exported keys become {@link Command.SetSrtp}: two {@link SrtpSession}s
 * that belong to the agent from then on.
 *
 * <p>A transport that does not connect (ICE and DTLS) within the connect timeout of its first negotiation, or whose
 * DTLS handshake fails (a wrong certificate fingerprint, a fatal alert), is reported through {@link Events#failed};
 * signaling then releases it. Nothing here ever blocks the agent: everything it is given is copied, every
 * command it is sent is queued (a full queue is a counted drop).
 *
 * <p>{@link #open}, {@link #negotiated} and {@link #close} may be called from any thread (signaling's control
 * thread): they queue tasks that this thread runs in order.
 */
public final class WebRtcConductor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebRtcConductor.class.getName());
    /** How long a transport may take from its first negotiation to connected SRTP. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int DRAIN_LIMIT = 64;
    static final String EVENTS = "xsfu_webrtc_events_total";
    /** The counters file's type id of these counters (after the dataplane's). */
    public static final int TYPE_WEBRTC = 5;
    private static final int MAX_RESPONSE = 1280;
    private static final long TIMER_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** What becomes of a transport; called on the conductor's or a DTLS handshake thread, never the agent's. */
    public interface Events {
        /** DTLS completed: SRTP keys were handed to the agent. */
        default void connected(String room, String participant, int port, String srtpProfile) {
        }

        /** ICE or DTLS failed (or timed out): the transport should be released. */
        void failed(String room, String participant, int port, String reason);
    }

    /** The SFU's side of one transport, as signaling puts it in createTransport's result and in the answer. */
    public record LocalCredentials(String ufrag, String pwd, DtlsFingerprint fingerprint) {
    }

    private final HandshakeQueue queue;
    private final Predicate<Command> agent;
    private final DtlsConfig dtls;
    private volatile Events events;
    private final long connectTimeoutNanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Transport> byPort = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final HandshakeQueue.Handler onDatagram = this::onDatagram;
    private final byte[] responseBytes = new byte[MAX_RESPONSE];
    private final MemorySegment response = MemorySegment.ofArray(responseBytes);
    private final Thread thread;
    private volatile boolean running = true;
    private long nextTimer;

    final AtomicCounter stunResponses;
    final AtomicCounter stunDropped;
    final AtomicCounter dtlsDatagrams;
    final AtomicCounter dtlsDropped;
    final AtomicCounter unknownPort;
    final AtomicCounter commandsDropped;
    final AtomicCounter nominations;
    final AtomicCounter consentLost;
    final AtomicCounter connectedCount;
    final AtomicCounter failedCount;

    /** Per WebRTC transport; its fields are the conductor thread's unless marked volatile. */
    private final class Transport {
        final String room;
        final String participant;
        final int port;
        final String localUfrag;
        final String localPwd;
        IceLiteResponder ice;
        DtlsEndpoint dtlsEndpoint;
        DtlsRole role;
        long negotiatedAt;
        boolean consentReported;
        volatile InetSocketAddress dtlsPeer;
        volatile boolean connected;
        volatile boolean over;

        Transport(String room, String participant, int port, String localUfrag, String localPwd) {
            this.room = room;
            this.participant = participant;
            this.port = port;
            this.localUfrag = localUfrag;
            this.localPwd = localPwd;
        }

        String name() {
            return room + "/" + participant + ":" + port;
        }

        void sendDtls(byte[] datagram) {
            InetSocketAddress to = dtlsPeer;
            if (to == null || over) {
                dtlsDropped.incrementRelease();
                return;
            }
            command(new Command.SendHandshake(port, to, datagram));
        }
    }

    public WebRtcConductor(HandshakeQueue queue, Predicate<Command> agent, DtlsConfig dtls, Events events,
                           CountersManager counters) {
        this(queue, agent, dtls, events, counters, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Where reports go from now on (signaling, once it runs). */
    public void events(Events value) {
        this.events = Objects.requireNonNull(value, "events");
    }

    /** Reports that only log: until signaling takes over. */
    public static final Events LOG_ONLY = (room, participant, port, reason) ->
            LOG.log(System.Logger.Level.WARNING, "{0}/{1}:{2} failed: {3}", room, participant, Integer.toString(port), reason);

    /** {@code counters}: where its {@code xsfu_webrtc_events_total} counters live (the server's counters file). */
    public WebRtcConductor(HandshakeQueue queue, Predicate<Command> agent, DtlsConfig dtls, Events events,
                           CountersManager counters, Duration connectTimeout) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.dtls = Objects.requireNonNull(dtls, "dtls");
        this.events = Objects.requireNonNull(events, "events");
        if (!connectTimeout.isPositive()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeoutNanos = connectTimeout.toNanos();
        stunResponses = counters.newCounter(EVENTS + "{event=\"stun_response\"}", TYPE_WEBRTC);
        stunDropped = counters.newCounter(EVENTS + "{event=\"stun_dropped\"}", TYPE_WEBRTC);
        dtlsDatagrams = counters.newCounter(EVENTS + "{event=\"dtls_datagram\"}", TYPE_WEBRTC);
        dtlsDropped = counters.newCounter(EVENTS + "{event=\"dtls_dropped\"}", TYPE_WEBRTC);
        unknownPort = counters.newCounter(EVENTS + "{event=\"unknown_transport\"}", TYPE_WEBRTC);
        commandsDropped = counters.newCounter(EVENTS + "{event=\"command_dropped\"}", TYPE_WEBRTC);
        nominations = counters.newCounter(EVENTS + "{event=\"nomination\"}", TYPE_WEBRTC);
        consentLost = counters.newCounter(EVENTS + "{event=\"consent_lost\"}", TYPE_WEBRTC);
        connectedCount = counters.newCounter(EVENTS + "{event=\"connected\"}", TYPE_WEBRTC);
        failedCount = counters.newCounter(EVENTS + "{event=\"failed\"}", TYPE_WEBRTC);
        this.thread = new Thread(this::run, "xsfu-webrtc");
        thread.setDaemon(true);
        thread.start();
    }

    /** The certificate's fingerprint every answer carries. */
    public DtlsFingerprint fingerprint() {
        return dtls.certificate().fingerprint();
    }

    /** A WebRTC transport on {@code port}: fresh ICE credentials; nothing is answered until it is negotiated. */
    public LocalCredentials open(String room, String participant, int port) {
        String ufrag = randomIceString(8);
        String pwd = randomIceString(24);
        Transport t = new Transport(room, participant, port, ufrag, pwd);
        tasks.add(() -> {
            Transport previous = byPort.put(port, t);
            if (previous != null) {
                end(previous);
            }
        });
        return new LocalCredentials(ufrag, pwd, fingerprint());
    }

    /**
     * The offer of {@code port}'s transport was answered: the remote ICE ufrag (checks must carry it), the remote
     * certificate's fingerprints and the role DTLS takes here. The first call starts ICE and DTLS; later ones
     * (renegotiations) change the remote ufrag only (an ICE restart); the DTLS association stays.
     */
    public void negotiated(int port, String remoteUfrag, List<DtlsFingerprint> remoteFingerprints, DtlsRole role) {
        List<DtlsFingerprint> fingerprints = List.copyOf(remoteFingerprints);
        tasks.add(() -> {
            Transport t = byPort.get(port);
            if (t == null || t.over) {
                return;
            }
            if (t.ice != null) {
                t.ice.credentials(t.localUfrag, t.localPwd, remoteUfrag);
                return;
            }
            t.ice = new IceLiteResponder(t.localUfrag, t.localPwd, remoteUfrag);
            t.role = role;
            t.negotiatedAt = System.nanoTime();
            t.dtlsEndpoint = new DtlsEndpoint(t.name(), role, dtls, fingerprints, t::sendDtls, new DtlsEndpoint.Listener() {
                @Override
                public void onConnected(SrtpKeys keys) {
                    connected(t, keys);
                }

                @Override
                public void onFailed(String reason) {
                    tasks.add(() -> fail(t, "DTLS: " + reason));
                }

                @Override
                public void onClosed() {
                    LOG.log(System.Logger.Level.INFO, "{0}: the peer closed DTLS", t.name());
                }
            });
            if (role == DtlsRole.SERVER) {
                t.dtlsEndpoint.start();
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: negotiated, DTLS {1}", t.name(), role);
        });
    }

    /** The transport is gone (closed by signaling): its DTLS association ends, its datagrams are dropped. */
    public void close(int port) {
        tasks.add(() -> {
            Transport t = byPort.remove(port);
            if (t != null) {
                end(t);
            }
        });
    }

    /** Every transport of the participant is gone (it left the room). */
    public void close(String room, String participant) {
        tasks.add(() -> byPort.values().removeIf(t -> {
            if (t.room.equals(room) && t.participant.equals(participant)) {
                end(t);
                return true;
            }
            return false;
        }));
    }

    /** Transports known (opened and not closed), for metrics. */
    public int transports() {
        return byPort.size();
    }

    /** Counter values by label (as in the counters file). */
    public Map<String, Long> counters() {
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        for (AtomicCounter c : List.of(stunResponses, stunDropped, dtlsDatagrams, dtlsDropped, unknownPort, commandsDropped, nominations, consentLost, connectedCount, failedCount)) {
            values.put(c.label(), c.get());
        }
        return values;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byPort.values().forEach(this::end);
        byPort.clear();
    }

    // ---- the conductor thread ---------------------------------------------------------------------

    private void run() {
        while (running) {
            int work = 0;
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                    work++;
                }
                work += queue.drain(onDatagram, DRAIN_LIMIT);
                long now = System.nanoTime();
                if (now - nextTimer >= 0) {
                    nextTimer = now + TIMER_PERIOD_NANOS;
                    timers(now);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "webrtc conductor: " + e, e);
            }
            if (work == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void onDatagram(int localPort, InetSocketAddress from, byte[] data) {
        Transport t = byPort.get(localPort);
        if (t == null || t.over) {
            unknownPort.incrementRelease();
            return;
        }
        int first = data.length == 0 ? -1 : data[0] & 0xff;
        if (first >= 0 && first <= 3) {
            onStun(t, from, data);
        } else if (first >= 20 && first <= 63) {
            onDtls(t, from, data);
        } else {
            unknownPort.incrementRelease();
        }
    }

    private void onStun(Transport t, InetSocketAddress from, byte[] data) {
        if (t.ice == null) {
            stunDropped.incrementRelease(); // before the answer the peer cannot know our credentials
            return;
        }
        long now = System.nanoTime();
        IceLiteResponder.Outcome outcome = t.ice.handle(MemorySegment.ofArray(data), 0, data.length,
                TransportAddress.of(from), now, response, 0, MAX_RESPONSE);
        if (outcome.responseLength() > 0) {
            byte[] bytes = Arrays.copyOf(responseBytes, outcome.responseLength());
            if (command(new Command.SendHandshake(t.port, from, bytes))) {
                stunResponses.incrementRelease();
            }
        }
        if (outcome.reason() != DropReason.OK) {
            stunDropped.incrementRelease();
        }
        if (outcome.selectionChanged()) {
            CandidatePair selected = t.ice.selected();
            InetSocketAddress remote = selected.remote().toInetSocketAddress();
            nominations.incrementRelease();
            t.consentReported = false;
            command(new Command.SetRemote(t.port, remote));
            LOG.log(System.Logger.Level.INFO, "{0}: ICE selected {1}", t.name(), remote);
            if (t.dtlsPeer == null) {
                t.dtlsPeer = remote;
            }
            if (t.role == DtlsRole.CLIENT && t.dtlsEndpoint != null) {
                t.dtlsEndpoint.start();
            }
        }
    }

    private void onDtls(Transport t, InetSocketAddress from, byte[] data) {
        if (t.dtlsEndpoint == null || !checked(t, from)) {
            dtlsDropped.incrementRelease(); // DTLS from an address that never passed an ICE check
            return;
        }
        t.dtlsPeer = from;
        if (t.dtlsEndpoint.receive(data)) {
            dtlsDatagrams.incrementRelease();
        } else {
            dtlsDropped.incrementRelease();
        }
    }

    private static boolean checked(Transport t, InetSocketAddress from) {
        TransportAddress address = TransportAddress.of(from);
        for (int i = 0; i < t.ice.pairCount(); i++) {
            if (t.ice.pair(i).remoteMatches(address)) {
                return true;
            }
        }
        return false;
    }

    private void timers(long now) {
        for (Transport t : byPort.values()) {
            if (t.over || t.ice == null) {
                continue;
            }
            if (!t.connected && now - t.negotiatedAt > connectTimeoutNanos) {
                fail(t, (t.ice.selected() == null ? "ICE" : "DTLS") + ": not connected within "
                        + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms of the negotiation");
            } else if (!t.consentReported && t.ice.consentExpired(now)) {
                t.consentReported = true;
                consentLost.incrementRelease();
                command(new Command.SetRemote(t.port, null));
                LOG.log(System.Logger.Level.WARNING, "{0}: ICE consent expired (no check for 30 s): sending stops",
                        t.name());
            }
        }
    }

    /** On the DTLS handshake thread. */
    private void connected(Transport t, SrtpKeys keys) {
        if (t.over) {
            return;
        }
        io.xsfu.srtp.SrtpProfile profile = io.xsfu.srtp.SrtpProfile.ofId(keys.profile());
        SrtpSession inbound = new SrtpSession(profile, keys.remoteKey(), keys.remoteSalt());
        SrtpSession outbound = new SrtpSession(profile, keys.localKey(), keys.localSalt());
        if (!command(new Command.SetSrtp(t.port, inbound, outbound))) {
            tasks.add(() -> fail(t, "the agent's command queue was full when the SRTP keys were ready"));
            return;
        }
        t.connected = true;
        connectedCount.incrementRelease();
        LOG.log(System.Logger.Level.INFO, "{0}: DTLS connected, {1}", t.name(), profile);
        events.connected(t.room, t.participant, t.port, profile.name());
    }

    private void fail(Transport t, String reason) {
        if (t.over) {
            return;
        }
        failedCount.incrementRelease();
        LOG.log(System.Logger.Level.WARNING, "{0}: {1}", t.name(), reason);
        end(t);
        byPort.remove(t.port, t);
        events.failed(t.room, t.participant, t.port, reason);
    }

    private void end(Transport t) {
        if (t.dtlsEndpoint != null) {
            t.dtlsEndpoint.close(); // a connected peer gets close_notify
        }
        t.over = true;
    }

    private boolean command(Command c) {
        if (agent.test(c)) {
            return true;
        }
        commandsDropped.incrementRelease();
        return false;
    }

    private String randomIceString(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }
}
