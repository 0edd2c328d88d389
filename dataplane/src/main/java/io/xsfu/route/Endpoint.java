package io.xsfu.route;

import io.xsfu.packet.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The remote side of a transport: where its packets come from and where copies go, plus the MAC of the
 * next hop toward it. Fixed endpoints are known from the config; comedia endpoints are learned from the
 * first valid packet. Mutable, owned by the forwarding agent (single writer, single reader).
 *
 * <p>Addresses are kept as primitives so that matching a received packet allocates nothing: IPv4 as an
 * int, IPv6 as two longs (big-endian halves).
 */
public final class Endpoint {
    /** No MAC known (yet): copies are dropped and counted, never sent to a guessed address. */
    public static final long MAC_UNRESOLVED = -1L;

    private int ipVersion; // 0 = not known yet
    private int v4;
    private long v6Hi;
    private long v6Lo;
    private int port;
    private InetAddress inet;
    private long nextHopMac = MAC_UNRESOLVED;
    private long resolveRequestedAtNanos = Long.MIN_VALUE;

    /** A comedia endpoint, learned later. */
    public static Endpoint unknown() {
        return new Endpoint();
    }

    public static Endpoint fixed(InetSocketAddress address) {
        Endpoint e = new Endpoint();
        e.setFrom(address.getAddress(), address.getPort());
        return e;
    }

    public boolean known() {
        return ipVersion != 0;
    }

    public boolean matches(int ipVersion, int v4, long v6Hi, long v6Lo, int port) {
        if (this.ipVersion != ipVersion || this.port != port) {
            return false;
        }
        return ipVersion == 4 ? this.v4 == v4 : this.v6Hi == v6Hi && this.v6Lo == v6Lo;
    }

    /** Learns the endpoint from a packet's source (comedia); a state change, so allocating the InetAddress is fine. */
    public void learn(int ipVersion, int v4, long v6Hi, long v6Lo, int port) {
        this.ipVersion = ipVersion;
        this.v4 = v4;
        this.v6Hi = v6Hi;
        this.v6Lo = v6Lo;
        this.port = port;
        this.inet = toInet(ipVersion, v4, v6Hi, v6Lo);
        this.nextHopMac = MAC_UNRESOLVED;
        this.resolveRequestedAtNanos = Long.MIN_VALUE;
    }

    /** Forgets the address (ICE consent lost): copies are dropped as remote_not_learned until set again. */
    public void forget() {
        this.ipVersion = 0;
        this.v4 = 0;
        this.v6Hi = 0;
        this.v6Lo = 0;
        this.port = 0;
        this.inet = null;
        this.nextHopMac = MAC_UNRESOLVED;
        this.resolveRequestedAtNanos = Long.MIN_VALUE;
    }

    /** Copies what was learned or resolved from the same participant's endpoint in a previous routing table. */
    public void inheritFrom(Endpoint previous) {
        if (previous.known() && (!known() || sameAddress(previous))) {
            learn(previous.ipVersion, previous.v4, previous.v6Hi, previous.v6Lo, previous.port);
            this.nextHopMac = previous.nextHopMac;
        }
    }

    private boolean sameAddress(Endpoint o) {
        return matches(o.ipVersion, o.v4, o.v6Hi, o.v6Lo, o.port);
    }

    private void setFrom(InetAddress address, int port) {
        if (address instanceof Inet4Address a4) {
            learn(4, IpAddresses.toInt(a4), 0, 0, port);
        } else {
            Inet6Address a6 = (Inet6Address) address;
            learn(6, 0, IpAddresses.high(a6), IpAddresses.low(a6), port);
        }
        this.inet = address;
    }

    static InetAddress toInet(int ipVersion, int v4, long hi, long lo) {
        return ipVersion == 4 ? IpAddresses.ipv4(v4) : IpAddresses.ipv6(hi, lo);
    }

    public int ipVersion() {
        return ipVersion;
    }

    public int v4() {
        return v4;
    }

    public long v6Hi() {
        return v6Hi;
    }

    public long v6Lo() {
        return v6Lo;
    }

    public int port() {
        return port;
    }

    /** The address as an object, for the resolver and logs (never built per packet). */
    public InetAddress inet() {
        return inet;
    }

    public long nextHopMac() {
        return nextHopMac;
    }

    public void nextHopMac(long mac) {
        this.nextHopMac = mac;
    }

    /** True when a resolution request is due (first time, or {@code retryNanos} after the last one). */
    public boolean resolveDue(long nowNanos, long retryNanos) {
        return resolveRequestedAtNanos == Long.MIN_VALUE || nowNanos - resolveRequestedAtNanos >= retryNanos;
    }

    public void resolveRequested(long nowNanos) {
        this.resolveRequestedAtNanos = nowNanos;
    }

    @Override
    public String toString() {
        if (!known()) {
            return "(not learned yet)";
        }
        return (ipVersion == 6 ? "[" + inet.getHostAddress() + "]" : inet.getHostAddress()) + ":" + port;
    }
}
