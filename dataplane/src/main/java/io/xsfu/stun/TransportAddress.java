package io.xsfu.stun;

import io.xsfu.packet.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * An IP address and UDP port (RFC 8489's "transport address"), mutable and primitive so that the source of each
 * datagram can be passed without allocating: IPv4 as an int, IPv6 as two longs (big-endian halves), the same
 * forms as {@link io.xsfu.route.Endpoint}. The owner sets it per datagram; whoever keeps one copies it.
 */
public final class TransportAddress {
    public static final int IPV4 = 4;
    public static final int IPV6 = 6;

    private int ipVersion;
    private int v4;
    private long v6Hi;
    private long v6Lo;
    private int port;

    public static TransportAddress of(InetSocketAddress address) {
        TransportAddress a = new TransportAddress();
        if (address.getAddress() instanceof Inet4Address v4) {
            return a.ipv4(IpAddresses.toInt(v4), address.getPort());
        }
        Inet6Address v6 = (Inet6Address) address.getAddress();
        return a.ipv6(IpAddresses.high(v6), IpAddresses.low(v6), address.getPort());
    }

    public TransportAddress ipv4(int address, int port) {
        return set(IPV4, address, 0, 0, port);
    }

    public TransportAddress ipv6(long high, long low, int port) {
        return set(IPV6, 0, high, low, port);
    }

    /** The fields as {@link io.xsfu.packet.ParsedPacket} and {@code Endpoint} hold them; the unused family's are ignored. */
    public TransportAddress set(int ipVersion, int v4, long v6Hi, long v6Lo, int port) {
        this.ipVersion = ipVersion;
        this.v4 = ipVersion == IPV4 ? v4 : 0;
        this.v6Hi = ipVersion == IPV6 ? v6Hi : 0;
        this.v6Lo = ipVersion == IPV6 ? v6Lo : 0;
        this.port = port & 0xFFFF;
        return this;
    }

    public TransportAddress set(TransportAddress other) {
        return set(other.ipVersion, other.v4, other.v6Hi, other.v6Lo, other.port);
    }

    public boolean matches(TransportAddress o) {
        return ipVersion == o.ipVersion && port == o.port && v4 == o.v4 && v6Hi == o.v6Hi && v6Lo == o.v6Lo;
    }

    /** 4, 6, or 0 before anything was set. */
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

    /** Control path (logs, commands to the agent): allocates. */
    public InetSocketAddress toInetSocketAddress() {
        return switch (ipVersion) {
            case IPV4 -> new InetSocketAddress(IpAddresses.ipv4(v4), port);
            case IPV6 -> new InetSocketAddress(IpAddresses.ipv6(v6Hi, v6Lo), port);
            default -> throw new IllegalStateException("no address set");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportAddress a && matches(a);
    }

    @Override
    public int hashCode() {
        return (((ipVersion * 31 + v4) * 31 + Long.hashCode(v6Hi)) * 31 + Long.hashCode(v6Lo)) * 31 + port;
    }

    @Override
    public String toString() {
        return switch (ipVersion) {
            case IPV4 -> IpAddresses.formatIpv4(v4) + ":" + port;
            case IPV6 -> "[" + IpAddresses.ipv6(v6Hi, v6Lo).getHostAddress() + "]:" + port;
            default -> "(none)";
        };
    }
}
