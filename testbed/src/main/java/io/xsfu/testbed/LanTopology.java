package io.xsfu.testbed;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * One Ethernet segment in namespaces: the server namespace holds a single veth ({@value #SERVER_IF}) whose
 * peer is a port of a bridge in a "lan" namespace; each client namespace holds a veth ({@value #CLIENT_IF})
 * on the same bridge. The /24 and /64 are drawn at random per instance so that concurrent runs never share
 * addresses. No default routes; neighbours are resolved by real ARP/NDP unless static entries are asked for.
 *
 * <pre>
 *  [srv ns] xsfu0 ──veth── srv ┐
 *  [c0 ns]  eth0  ──veth── c0  ├─ br0 [lan ns]
 *  [c1 ns]  eth0  ──veth── c1  ┤
 *  [root]   xsfu-rtXXXXXXXX ── rt  ┘   (only with {@link Builder#rootPort}: .250 and ::fa, for a browser)
 * </pre>
 */
public final class LanTopology implements AutoCloseable {
    public static final String SERVER_IF = "xsfu0";
    public static final String CLIENT_IF = "eth0";
    public static final String BRIDGE = "br0";
    /** The bridge port that is the server veth's peer (in the lan namespace). */
    public static final String SERVER_PORT = "srv";
    public static final int MAX_CLIENTS = 200;
    /** Host number of the root namespace's address on the segment (with {@link Builder#rootPort}). */
    public static final int ROOT_HOST = 250;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DAD_TIMEOUT = Duration.ofSeconds(5);
    /** Draws of a segment that overlaps no route of the root namespace before giving up (with a root port). */
    private static final int PREFIX_DRAWS = 50;

    /** A client host: its namespace, interface and addresses. Index 0 has host number .2. */
    public record Client(int index, Netns ns, String ifName, Inet4Address ipv4, Inet6Address ipv6, String mac,
                         String bridgePort) {
        public InetAddress address(boolean ipv6) {
            return ipv6 ? this.ipv6 : ipv4;
        }
    }

    private final Options options;
    private final List<Netns> created = new ArrayList<>();
    private byte[] v4Prefix;
    private byte[] v6Prefix;
    private final byte[] macPrefix;
    private Netns server;
    private Netns lan;
    private String rootIfName;
    private final List<Client> clients = new ArrayList<>();
    private boolean closed;

    private LanTopology(Options options) {
        this.options = options;
        drawPrefixes();
        if (options.rootPort) {
            // The segment's routes are added to the root namespace: they must not shadow (or be shadowed by) any
            // network the machine really uses, nor another topology's root port.
            int draws = 1;
            while (RootPort.overlapsRootRoutes(ipv4(0).getAddress(), 24)
                    || RootPort.overlapsRootRoutes(ipv6(0).getAddress(), 64)) {
                if (++draws > PREFIX_DRAWS) {
                    throw new IllegalStateException("no free 10.x.y.0/24 for a root port after " + PREFIX_DRAWS
                            + " draws");
                }
                drawPrefixes();
            }
        }
        // Locally administered unicast MACs: known in advance, so static neighbours need no lookup.
        this.macPrefix = new byte[4];
        RANDOM.nextBytes(macPrefix);
        macPrefix[0] = 0x02;
    }

    private void drawPrefixes() {
        byte[] r = new byte[2];
        RANDOM.nextBytes(r);
        this.v4Prefix = new byte[] {10, r[0], r[1]};
        // RFC 4193 unique local: fd + 40-bit global id + 16-bit subnet id.
        this.v6Prefix = new byte[8];
        RANDOM.nextBytes(v6Prefix);
        v6Prefix[0] = (byte) 0xfd;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A topology with {@code clients} client namespaces and the default options. */
    public static LanTopology create(int clients) {
        return builder().clients(clients).build();
    }

    private void build() {
        try {
            server = track(Netns.create("srv"));
            lan = track(Netns.create("lan"));
            for (int i = 0; i < options.clients; i++) {
                Netns ns = track(Netns.create("c" + i));
                clients.add(new Client(i, ns, CLIENT_IF, (Inet4Address) ipv4(i + 2), (Inet6Address) ipv6(i + 2),
                        mac(1, i), "c" + i));
            }
            configureSysctls();
            createLinks();
            configureBridge();
            if (options.rootPort) {
                rootIfName = RootPort.randomName();
                RootPort.create(rootIfName, rootMac(), mac(2, 1), lan, BRIDGE, rootIpv4(), rootIpv6());
                if (options.staticNeighbours) {
                    configureRootNeighbours();
                }
            }
            configureHost(server, SERVER_IF, serverIpv4(), serverIpv6(), serverMac(), peersOf(-1));
            for (Client c : clients) {
                configureHost(c.ns(), c.ifName(), c.ipv4(), c.ipv6(), c.mac(), peersOf(c.index()));
            }
            if (!options.clientChecksumOffload) {
                for (Client c : clients) {
                    Ethtool.setTxChecksum(c.ns(), c.ifName(), false);
                }
            }
            if (options.serverPeerGro) {
                Ethtool.setGro(lan, SERVER_PORT, true);
            }
            if (options.serverPeerXdp != null) {
                lan.exec("ip", "link", "set", "dev", SERVER_PORT, "xdpdrv", "obj", options.serverPeerXdp.toString(),
                        "program", options.serverPeerXdpProgram);
            }
            awaitAddressesUsable(server);
            for (Client c : clients) {
                awaitAddressesUsable(c.ns());
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private Netns track(Netns ns) {
        created.add(ns);
        return ns;
    }

    private void configureSysctls() {
        // DAD off before the veths exist, so link-local addresses are not tentative either; router
        // solicitations off because no router exists and they are noise at the server's XDP hook.
        String[] hostSysctls = {"net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.all.router_solicitations=0", "net.ipv6.conf.default.router_solicitations=0"};
        server.sysctl(hostSysctls);
        for (Client c : clients) {
            c.ns().sysctl(hostSysctls);
        }
        // The bridge only switches frames: without IPv6 it sends no MLD reports or solicitations of its own.
        lan.sysctl("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        // With br_netfilter loaded (Docker hosts load it; new namespaces then default to 1) bridged IPv4 passes
        // the IP layer's sanity checks and is dropped when malformed: the switch must deliver frames as sent.
        if (lan.tryExec("test", "-e", "/proc/sys/net/bridge/bridge-nf-call-iptables").exitCode() == 0) {
            lan.sysctl("net.bridge.bridge-nf-call-iptables=0", "net.bridge.bridge-nf-call-ip6tables=0",
                    "net.bridge.bridge-nf-call-arptables=0");
        }
    }

    private void createLinks() {
        StringBuilder batch = new StringBuilder();
        int q = options.serverRxQueues;
        // The peer gets as many TX queues as the server veth has RX queues: veth refuses native XDP when its peer
        // could transmit on a queue the XDP side does not have, and the peer's queue choice spreads the flows.
        batch.append("link add ").append(SERVER_IF).append(" netns ").append(server.name())
                .append(" address ").append(serverMac())
                .append(" numrxqueues ").append(q).append(" numtxqueues ").append(q)
                .append(" type veth peer name ").append(SERVER_PORT).append(" netns ").append(lan.name())
                .append(" address ").append(mac(2, 0))
                .append(" numtxqueues ").append(q).append(" numrxqueues ").append(q).append('\n');
        for (Client c : clients) {
            batch.append("link add ").append(c.ifName()).append(" netns ").append(c.ns().name())
                    .append(" address ").append(c.mac())
                    .append(" type veth peer name ").append(c.bridgePort()).append(" netns ").append(lan.name())
                    .append(" address ").append(mac(3, c.index())).append('\n');
        }
        Shell.run(List.of("ip", "-batch", "-"), batch.toString());
    }

    private void configureBridge() {
        StringBuilder batch = new StringBuilder();
        // STP stays off and forward_delay is 0, so ports forward as soon as they have carrier; multicast snooping
        // off so neighbour solicitations are flooded whether or not an MLD querier exists.
        batch.append("link add ").append(BRIDGE).append(" type bridge forward_delay 0 mcast_snooping 0\n");
        batch.append("link set ").append(BRIDGE).append(" up\n");
        List<String> ports = new ArrayList<>();
        ports.add(SERVER_PORT);
        for (Client c : clients) {
            ports.add(c.bridgePort());
        }
        for (String port : ports) {
            batch.append("link set ").append(port).append(" master ").append(BRIDGE).append('\n');
            batch.append("link set ").append(port).append(" up\n");
        }
        lan.ipBatch(batch.toString());
    }

    private record Neighbour(InetAddress ipv4, InetAddress ipv6, String mac) {
    }

    /** Every other host on the segment: the server (index -1), the clients and the root port if any. */
    private List<Neighbour> peersOf(int index) {
        List<Neighbour> peers = new ArrayList<>();
        if (index != -1) {
            peers.add(new Neighbour(serverIpv4(), serverIpv6(), serverMac()));
        }
        if (options.rootPort) {
            peers.add(new Neighbour(rootIpv4(), rootIpv6(), rootMac()));
        }
        for (Client c : clients) {
            if (c.index() != index) {
                peers.add(new Neighbour(c.ipv4(), c.ipv6(), c.mac()));
            }
        }
        return peers;
    }

    private void configureHost(Netns ns, String ifName, InetAddress v4, InetAddress v6, String mac,
                               List<Neighbour> peers) {
        StringBuilder batch = new StringBuilder();
        batch.append("link set ").append(ifName).append(" up\n");
        batch.append("addr add ").append(Addresses.text(v4)).append("/24 dev ").append(ifName).append('\n');
        batch.append("addr add ").append(Addresses.text(v6)).append("/64 dev ").append(ifName).append(" nodad\n");
        if (options.staticNeighbours) {
            for (Neighbour n : peers) {
                for (InetAddress ip : List.of(n.ipv4(), n.ipv6())) {
                    batch.append("neigh replace ").append(Addresses.text(ip)).append(" lladdr ").append(n.mac())
                            .append(" dev ").append(ifName).append(" nud permanent\n");
                }
            }
        }
        ns.ipBatch(batch.toString());
    }

    /** Permanent entries on the root port for the server and the clients (they go with the interface). */
    private void configureRootNeighbours() {
        StringBuilder batch = new StringBuilder();
        List<Neighbour> hosts = new ArrayList<>();
        hosts.add(new Neighbour(serverIpv4(), serverIpv6(), serverMac()));
        for (Client c : clients) {
            hosts.add(new Neighbour(c.ipv4(), c.ipv6(), c.mac()));
        }
        for (Neighbour n : hosts) {
            for (InetAddress ip : List.of(n.ipv4(), n.ipv6())) {
                batch.append("neigh replace ").append(Addresses.text(ip)).append(" lladdr ").append(n.mac())
                        .append(" dev ").append(rootIfName).append(" nud permanent\n");
            }
        }
        Shell.run(List.of("ip", "-batch", "-"), batch.toString());
    }

    /** DAD is disabled, so this normally returns at once; it guards against a kernel that ignores the sysctl. */
    private static void awaitAddressesUsable(Netns ns) {
        long deadline = System.nanoTime() + DAD_TIMEOUT.toNanos();
        while (true) {
            String tentative = ns.exec("ip", "-6", "addr", "show", "tentative").trim();
            String failed = ns.exec("ip", "-6", "addr", "show", "dadfailed").trim();
            if (!failed.isEmpty()) {
                throw new IllegalStateException("IPv6 duplicate address detection failed in " + ns + ":\n" + failed);
            }
            if (tentative.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("IPv6 addresses still tentative in " + ns + ":\n" + tentative);
            }
            sleep(20);
        }
    }

    private InetAddress ipv4(int host) {
        return address(new byte[] {v4Prefix[0], v4Prefix[1], v4Prefix[2], (byte) host});
    }

    private InetAddress ipv6(int host) {
        byte[] a = new byte[16];
        System.arraycopy(v6Prefix, 0, a, 0, 8);
        a[15] = (byte) host;
        return address(a);
    }

    /** 02:rr:rr:rr:KK:II with KK the kind (0 server, 1 client, 2 server's bridge port, 3 client's bridge port). */
    private String mac(int kind, int index) {
        byte[] m = {macPrefix[0], macPrefix[1], macPrefix[2], macPrefix[3], (byte) kind, (byte) index};
        return HexFormat.ofDelimiter(":").formatHex(m);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- accessors ------------------------------------------------------------------------------

    public Netns server() {
        return server;
    }

    public String serverIfName() {
        return SERVER_IF;
    }

    public Inet4Address serverIpv4() {
        return (Inet4Address) ipv4(1);
    }

    public Inet6Address serverIpv6() {
        return (Inet6Address) ipv6(1);
    }

    public InetAddress serverAddress(boolean ipv6) {
        return ipv6 ? serverIpv6() : serverIpv4();
    }

    public String serverMac() {
        return mac(0, 0);
    }

    public int serverRxQueues() {
        return options.serverRxQueues;
    }

    /** The namespace holding the bridge (e.g. for {@code tc netem} on a bridge port). */
    public Netns lan() {
        return lan;
    }

    public Client client(int index) {
        return clients.get(index);
    }

    public List<Client> clients() {
        return Collections.unmodifiableList(clients);
    }

    public int clientCount() {
        return clients.size();
    }

    /** Whether the root namespace is on the segment ({@link Builder#rootPort}). */
    public boolean hasRootPort() {
        return rootIfName != null;
    }

    /** The root namespace's veth on the segment, {@code xsfu-rt} and 8 hex digits. */
    public String rootIfName() {
        requireRootPort();
        return rootIfName;
    }

    /**
     * The bridge port (in {@link #lan()}) that is the root veth's peer: what it transmits goes to the root namespace,
     * so a {@link RateLimit} there, on one UDP port, limits what one browser in the root namespace receives.
     */
    public String rootBridgePort() {
        requireRootPort();
        return RootPort.BRIDGE_PORT;
    }

    /** The root namespace's address on the segment: host {@value #ROOT_HOST} of the /24. */
    public Inet4Address rootIpv4() {
        return (Inet4Address) ipv4(ROOT_HOST);
    }

    /** The root namespace's address on the segment: {@code ::fa} ({@value #ROOT_HOST}) of the /64. */
    public Inet6Address rootIpv6() {
        return (Inet6Address) ipv6(ROOT_HOST);
    }

    public InetAddress rootAddress(boolean ipv6) {
        return ipv6 ? rootIpv6() : rootIpv4();
    }

    public String rootMac() {
        return mac(4, 0);
    }

    private void requireRootPort() {
        if (rootIfName == null) {
            throw new IllegalStateException("this topology has no root port (LanTopology.Builder.rootPort)");
        }
    }

    /** "10.x.y.0/24". */
    public String ipv4Subnet() {
        return Addresses.text(ipv4(0)) + "/24";
    }

    /** "fdxx:xxxx:xxxx:xxxx::/64". */
    public String ipv6Subnet() {
        return Addresses.text(ipv6(0)) + "/64";
    }

    /** Names of every namespace this topology created (server, lan, clients). */
    public List<String> namespaceNames() {
        return created.stream().map(Netns::name).toList();
    }

    /**
     * Deletes every namespace, which removes the veths (the root port's too), the bridge and any XDP program
     * attached there.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rootIfName != null) {
            RootPort.remove(rootIfName);
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            created.get(i).close();
        }
    }

    @Override
    public String toString() {
        return "LanTopology[server " + server + " " + Addresses.text(serverIpv4()) + " "
                + Addresses.text(serverIpv6()) + ", " + clients.size() + " clients"
                + (rootIfName == null ? "" : ", root port " + rootIfName) + "]";
    }

    private record Options(int clients, int serverRxQueues, boolean staticNeighbours, boolean clientChecksumOffload,
                           boolean serverPeerGro, java.nio.file.Path serverPeerXdp, String serverPeerXdpProgram,
                           boolean rootPort) {
    }

    public static final class Builder {
        private int clients = 2;
        private int serverRxQueues = 1;
        private boolean staticNeighbours;
        private boolean clientChecksumOffload;
        private boolean serverPeerGro;
        private java.nio.file.Path serverPeerXdp;
        private String serverPeerXdpProgram;
        private boolean rootPort;

        private Builder() {
        }

        public Builder clients(int n) {
            if (n < 0 || n > MAX_CLIENTS) {
                throw new IllegalArgumentException("clients must be 0.." + MAX_CLIENTS + ": " + n);
            }
            this.clients = n;
            return this;
        }

        /**
         * RX queues of the server veth (default 1; the kernel would otherwise give a veth one per CPU and an AF_XDP
         * socket bound to queue 0 would miss the flows hashed to the others).
         */
        public Builder serverRxQueues(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("serverRxQueues must be 1..64: " + n);
            }
            this.serverRxQueues = n;
            return this;
        }

        /** Permanent neighbour entries on every host for every other host (default off: real ARP/NDP). */
        public Builder staticNeighbours(boolean on) {
            this.staticNeighbours = on;
            return this;
        }

        /**
         * Keep the clients' veth TX checksum offload (default off, so their UDP checksums are complete on the
         * wire as a real NIC would deliver them; see {@link Ethtool#setTxChecksum}).
         */
        public Builder clientChecksumOffload(boolean on) {
            this.clientChecksumOffload = on;
            return this;
        }

        /**
         * GRO, hence NAPI, on the bridge-side peer of the server veth (default off, the kernel's default). With it
         * the peer accepts frames redirected into {@value #SERVER_IF} by another device's XDP program
         * (ndo_xdp_xmit). It is not enough for XDP_TX out of {@value #SERVER_IF}: veth only schedules the peer's
         * NAPI for XDP_TX when the peer runs an XDP program (see {@link #serverPeerXdp}). Frames an AF_XDP socket
         * transmits take the ordinary path and need neither.
         */
        public Builder serverPeerGro(boolean on) {
            this.serverPeerGro = on;
            return this;
        }

        /**
         * Attaches an XDP program (by object file and function name, e.g. one that returns XDP_PASS) to the
         * bridge-side peer of the server veth in native mode, which XDP_TX from {@value #SERVER_IF} requires.
         */
        public Builder serverPeerXdp(java.nio.file.Path objectFile, String program) {
            this.serverPeerXdp = objectFile;
            this.serverPeerXdpProgram = program;
            return this;
        }

        /**
         * Connects the root namespace to the bridge (default off) with a veth {@code xsfu-rtXXXXXXXX} whose root side
         * has host {@value #ROOT_HOST} of the segment in both families, for a browser that must run in the root
         * namespace. The segment is then drawn so that it overlaps no route the root namespace already has. The root
         * namespace gains the /24 and /64 connected routes of that interface and nothing else: no default route, no
         * link-local address, no router advertisements, no forwarding; the veth goes with {@link #close()} or with
         * the lan namespace. Traffic from the root namespace to the segment's addresses goes over this veth; the
         * root namespace itself must send nowhere else.
         */
        public Builder rootPort(boolean on) {
            this.rootPort = on;
            return this;
        }

        public LanTopology build() {
            LanTopology t = new LanTopology(new Options(clients, serverRxQueues, staticNeighbours,
                    clientChecksumOffload, serverPeerGro, serverPeerXdp, serverPeerXdpProgram, rootPort));
            t.build();
            return t;
        }
    }
}
