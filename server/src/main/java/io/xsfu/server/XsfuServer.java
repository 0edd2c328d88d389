package io.xsfu.server;

import io.xsfu.forward.HandshakeQueue;
import io.xsfu.webrtc.WebRtcConductor;
import io.xsfu.webrtc.dtls.DtlsCertificate;
import io.xsfu.webrtc.dtls.DtlsConfig;

import io.xsfu.config.ConfigError;
import io.xsfu.config.ConfigException;
import io.xsfu.config.ConfigPaths;
import io.xsfu.config.SignalingFilesCheck;
import io.xsfu.config.SignalingLimits;
import io.xsfu.config.SignalingSettings;
import io.xsfu.config.XsfuConfig;
import io.xsfu.forward.Backend;
import io.xsfu.forward.Command;
import io.xsfu.forward.Forwarder;
import io.xsfu.forward.ForwardingAgent;
import io.xsfu.forward.NextHopRequests;
import io.xsfu.forward.SocketBackend;
import io.xsfu.forward.SourceAddresses;
import io.xsfu.forward.XskBackend;
import io.xsfu.metrics.CountersFile;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.neigh.NextHopResolver;
import io.xsfu.netlink.InterfaceQueues;
import io.xsfu.netlink.Link;
import io.xsfu.netlink.RtNetlink;
import io.xsfu.route.Endpoint;
import io.xsfu.route.RoutingTable;
import io.xsfu.sfu.LayerController;
import io.xsfu.sfu.Rooms;
import io.xsfu.signaling.CounterSource;
import io.xsfu.signaling.SignalingConfig;
import io.xsfu.signaling.SignalingServer;
import io.xsfu.sfu.SfuControl;
import io.xsfu.route.Transport;
import io.xsfu.steer.SteeringProgram;
import io.xsfu.steer.XdpMode;
import io.xsfu.sys.NativeException;
import io.xsfu.xsk.BindMode;
import io.xsfu.xsk.XskSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;

/**
 * Wires one media server from a validated config, in the calling thread's network namespace:
 * counters file, interface checks, routing table, backend (XDP program + AF_XDP sockets, or UDP sockets),
 * neighbour resolver, and the forwarding agent on its own thread. {@link #close()} undoes all of it in
 * reverse order and is safe to call from a shutdown hook, more than once.
 */
public final class XsfuServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(XsfuServer.class.getName());
    /** Room for the fixed counters plus several thousand participants and streams. */
    static final int MAX_COUNTERS = 16 * 1024;
    static final int MAX_ROOMS = 1000;
    static final int MAX_PARTICIPANTS_PER_ROOM = 100;

    private final XsfuConfig config;
    private final Runnable onFatal;
    private Backend backend;
    private Rooms rooms;
    private SignalingServer signaling;
    private LayerController layers;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private CountersFile countersFile;
    private DataplaneCounters counters;
    private SteeringProgram steering;
    private List<XskSocket> sockets = List.of();
    private NextHopResolver resolver;
    private ForwardingAgent agent;
    private AgentRunner runner;
    private ScheduledExecutorService control;
    private KernelStats kernelStats;
    private WebRtcConductor webrtc;
    /** STUN and DTLS on their way to the conductor: room for hundreds of handshakes' flights at once. */
    static final int HANDSHAKE_QUEUE_BYTES = 1 << 20;
    private volatile boolean closed;
    private boolean agentDeathReported;
    private final java.util.Set<InetAddress> unresolvedFixed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final Duration NEXT_HOP_WAIT = Duration.ofSeconds(2);

    private XsfuServer(XsfuConfig config, Runnable onFatal) {
        this.config = config;
        this.onFatal = onFatal;
    }

    /** Starts the server; on any failure everything already set up is torn down before the exception leaves. */
    public static XsfuServer start(XsfuConfig config) {
        return start(config, () -> { });
    }

    /**
     * As {@link #start(XsfuConfig)}; {@code onFatal} runs (on the control thread) if the forwarding agent
     * stops unexpectedly, so that the process can exit instead of looking alive with nobody reading the rings.
     */
    public static XsfuServer start(XsfuConfig config, Runnable onFatal) {
        XsfuServer server = new XsfuServer(config, onFatal);
        try {
            server.doStart();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void doStart() {
        var media = config.media();
        Link link;
        int mtu;
        long mac;
        try (RtNetlink netlink = RtNetlink.open()) {
            try {
                link = netlink.link(media.interfaceName());
            } catch (NativeException.NoSuchDeviceException e) {
                throw new ConfigException("interface check", List.of(new ConfigError("$.media.interface",
                        "no interface named '" + media.interfaceName() + "' in this network namespace")));
            }
            List<InetAddress> assigned = netlink.addresses(link.index());
            List<ConfigError> errors = new ArrayList<>();
            for (int i = 0; i < media.addresses().size(); i++) {
                InetAddress a = media.addresses().get(i);
                if (!assigned.contains(a)) {
                    errors.add(new ConfigError("$.media.addresses[" + i + "]", a.getHostAddress()
                            + " is not assigned to " + media.interfaceName() + " (it has " + assigned + ")"));
                }
            }
            if (!errors.isEmpty()) {
                throw new ConfigException("interface check", errors);
            }
            mtu = link.mtu();
            mac = link.mac();
        }

        countersFile = CountersFile.create(config.counters().directory(), MAX_COUNTERS);
        toClose.add(countersFile);
        counters = new DataplaneCounters(countersFile.manager());
        int maxRooms = config.signaling().map(sig -> sig.limits().maxRooms()).orElse(MAX_ROOMS);
        int maxPerRoom = config.signaling().map(sig -> sig.limits().maxParticipantsPerRoom()).orElse(MAX_PARTICIPANTS_PER_ROOM);
        rooms = new Rooms(config, maxRooms, maxPerRoom, next -> offer(new Command.ApplyRoutingTable(next)));
        RoutingTable table = rooms.table();
        for (Transport t : table.transports()) {
            if (!t.comedia() && t.receives()) {
                unresolvedFixed.add(t.remote().inet());
            }
        }

        NextHopRequests nextHops = NextHopRequests.NONE;
        var afxdp = config.afxdp();
        switch (config.backend()) {
            case AFXDP -> {
                steering = SteeringProgram.attach(media.interfaceName(), XdpMode.valueOf(afxdp.xdpMode().name()));
                steering.configure(media.portMin(), media.portMax(), media.addresses());
                int queues = InterfaceQueues.rxQueueCount(media.interfaceName());
                List<XskSocket> opened = new ArrayList<>();
                try {
                    for (int q = 0; q < queues; q++) {
                        opened.add(XskSocket.open(link.index(), q, new XskSocket.Options(afxdp.framesPerQueue(),
                                afxdp.frameSize(), afxdp.ringSize(), BindMode.valueOf(afxdp.bindMode().name()),
                                afxdp.needWakeup())));
                    }
                } catch (RuntimeException e) {
                    opened.forEach(XskSocket::close);
                    throw e;
                }
                sockets = List.copyOf(opened);
                backend = new XskBackend(sockets, SourceAddresses.of(mac, media.addresses()), mtu,
                        config.agent().batchSize(), counters);
                resolver = new NextHopResolver(media.interfaceName(), (destination, nextHopMac, state) -> {
                    offer(new Command.NextHopResolved(destination, nextHopMac));
                    if (nextHopMac != Endpoint.MAC_UNRESOLVED) {
                        unresolvedFixed.remove(destination);
                    }
                }, Duration.ofSeconds(1));
                resolver.start();
                nextHops = resolver::request;
            }
            case SOCKET -> {
                List<Integer> ports = table.transports().stream().map(t -> t.localPort()).toList();
                backend = new SocketBackend(media.addresses(), media.portMin(), media.portMax(), ports,
                        config.socket().batchSize(), config.socket().receiveBufferBytes(),
                        config.socket().sendBufferBytes(), counters);
            }
            default -> throw new IllegalStateException("unknown backend " + config.backend());
        }
        kernelStats = new KernelStats(countersFile.manager(), steering, sockets);

        Forwarder forwarder = new Forwarder(counters, nextHops, table);
        if (config.signaling().isPresent()) {
            // WebRTC transports come through signaling: their STUN and DTLS go to the conductor.
            HandshakeQueue handshakes = new HandshakeQueue(HANDSHAKE_QUEUE_BYTES);
            forwarder.handshakes(handshakes);
            webrtc = new WebRtcConductor(handshakes, this::offer, DtlsConfig.defaults(DtlsCertificate.generate()),
                    WebRtcConductor.LOG_ONLY, countersFile.manager());
        }
        agent = new ForwardingAgent(backend, forwarder);
        runner = new AgentRunner(IdleStrategies.of(config.agent().idleStrategy()),
                t -> LOG.log(System.Logger.Level.ERROR, "forwarding agent error (counted, the loop continues)", t),
                countersFile.manager().newCounter("xsfu_agent_errors_total", DataplaneCounters.TYPE_DATAPLANE),
                agent);
        // Sockets go into the XSKMAP only now: until the agent runs, media keeps going to the kernel.
        AgentRunner.startOnThread(runner);
        if (steering != null) {
            for (XskSocket s : sockets) {
                steering.registerSocket(s.queueId(), s.fd());
            }
        }
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xsfu-control");
            t.setDaemon(true);
            return t;
        });
        control.scheduleAtFixedRate(this::everySecond, 0, 1, TimeUnit.SECONDS);
        // Simulcast: which encoding each subscriber gets, from its bandwidth estimate (the agent only obeys).
        layers = new LayerController(rooms::table, countersFile.manager(), this::offer, rooms::preferredLayers);
        control.scheduleAtFixedRate(() -> layers.tick(System.nanoTime()), LayerController.INTERVAL_NANOS,
                LayerController.INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        if (resolver != null) {
            awaitFixedNextHops();
        }
        if (config.signaling().isPresent()) {
            startSignaling(config.signaling().get());
        }
        LOG.log(System.Logger.Level.INFO, "xsfu serving on {0} {1} ports {2}-{3}, backend {4}{5}, {6} participants, counters in {7}",
                media.interfaceName(), media.addresses().stream().map(InetAddress::getHostAddress).toList(),
                Integer.toString(media.portMin()), Integer.toString(media.portMax()), backend.name(),
                steering == null ? "" : " (XDP " + steering.attachMode() + ", " + sockets.size() + " queue(s)"
                        + (sockets.stream().anyMatch(XskSocket::zeroCopy) ? ", zero-copy)" : ", copy mode)"),
                table.transports().size(), countersFile.path());
    }

    private void startSignaling(SignalingSettings s) {
        SignalingLimits l = s.limits();
        SignalingConfig sc = new SignalingConfig(s.listen().addressLiteral(), s.listen().port(),
                SignalingFilesCheck.tokenKey(s, "config"), s.tls().map(SignalingSettings.Tls::certificate).orElse(null),
                s.tls().map(SignalingSettings.Tls::privateKey).orElse(null), l.maxMessageBytes(), l.requestsPerSecond(),
                l.maxParticipantsPerRoom(), l.maxRooms(), l.gracePeriodSeconds(), l.statsIntervalSeconds());
        try {
            signaling = SignalingServer.start(sc, rooms, CounterSource.of(countersFile.manager()), webrtc);
            SignalingServer started = signaling;
            layers.activeSpeakers(started::activeSpeaker);
        } catch (IllegalStateException e) {
            throw new ConfigException("signaling", List.of(new ConfigError(ConfigPaths.SIGNALING_LISTEN,
                    "cannot start the signaling endpoint: " + e.getMessage())));
        }
        LOG.log(System.Logger.Level.INFO, "signaling on {0}://{1}:{2}/ws", sc.tls() ? "wss" : "ws",
                s.listen().addressLiteral(), Integer.toString(signaling.port()));
    }

    /** The signaling endpoint, if the config has one. */
    public SignalingServer signaling() {
        return signaling;
    }

    /** Control thread, once a second: kernel counters, and a watch on the agent thread. */
    private void everySecond() {
        try {
            kernelStats.poll();
            Thread agentThread = runner.thread();
            if (!closed && agentThread != null && !agentThread.isAlive() && !agentDeathReported) {
                agentDeathReported = true;
                LOG.log(System.Logger.Level.ERROR, "the forwarding agent stopped unexpectedly; stopping the server");
                onFatal.run();
            }
        } catch (Throwable t) {
            // A scheduled task that throws is silently cancelled: log instead, and keep the schedule.
            LOG.log(System.Logger.Level.WARNING, "control task: " + t, t);
        }
    }

    /**
     * Gives the resolver a moment to find the next hops of fixed remotes before declaring the server ready,
     * so the first media packets are not dropped as next_hop_unresolved. A host that does not answer only
     * delays the start by {@link #NEXT_HOP_WAIT}; its copies are dropped and counted until it does.
     */
    private void awaitFixedNextHops() {
        long deadline = System.nanoTime() + NEXT_HOP_WAIT.toNanos();
        while (!unresolvedFixed.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (InetAddress a : unresolvedFixed) {
            LOG.log(System.Logger.Level.WARNING, "next hop toward {0} is not resolved yet: copies to it are dropped "
                    + "(next_hop_unresolved) until it is", a.getHostAddress());
        }
    }

    private boolean offer(Command command) {
        ForwardingAgent a = agent;
        if (a != null && !a.offer(command)) {
            LOG.log(System.Logger.Level.WARNING, "agent command queue full, dropped {0}", command);
            return false;
        }
        return a != null;
    }

    /** The run-time control API signaling drives. */
    public SfuControl control() {
        return rooms;
    }

    public Path countersPath() {
        return countersFile.path();
    }

    public DataplaneCounters counters() {
        return counters;
    }

    public List<XskSocket> sockets() {
        return sockets;
    }

    /** The WebRTC conductor (ICE-lite, DTLS), when signaling runs; else null. */
    public WebRtcConductor webrtc() {
        return webrtc;
    }

    public SteeringProgram steering() {
        return steering;
    }

    /**
     * Stops steering first (media goes back to the kernel), then the agent (which drains TX and closes the
     * sockets), the resolver, the XDP program, and last the counters file. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (signaling != null) {
            // Participants are told first; their leaving publishes tables the agent still applies.
            quietly(signaling::close);
        }
        if (webrtc != null) {
            quietly(webrtc::close);
        }
        if (control != null) {
            control.shutdownNow();
            quietly(() -> control.awaitTermination(2, TimeUnit.SECONDS));
        }
        if (steering != null) {
            for (XskSocket s : sockets) {
                quietly(() -> steering.unregisterSocket(s.queueId()));
            }
        }
        if (runner != null) {
            quietly(runner::close); // the agent's onClose drains and closes the backend
        } else if (backend != null) {
            quietly(backend::close);
        } else {
            sockets.forEach(s -> quietly(s::close));
        }
        if (resolver != null) {
            quietly(resolver::close);
        }
        if (steering != null) {
            quietly(steering::close);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            AutoCloseable c = toClose.get(i);
            quietly(c::close);
        }
        LOG.log(System.Logger.Level.INFO, "xsfu stopped");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void quietly(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "during shutdown: " + e.getMessage(), e);
        }
    }
}
