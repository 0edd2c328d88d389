package io.xsfu.netlink;

import java.net.InetAddress;

/**
 * The kernel's answer to "how would you send to this destination" (RTM_GETROUTE).
 *
 * @param oif     output interface index
 * @param gateway next-hop router, or null when the destination is on-link
 * @param prefSrc the source address the kernel would pick, or null
 * @param type    RTN_* route type; only {@link #RTN_UNICAST} routes lead to a neighbour
 */
public record Route(int oif, InetAddress gateway, InetAddress prefSrc, int type) {
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BROADCAST = 3;
    public static final int RTN_ANYCAST = 4;
    public static final int RTN_MULTICAST = 5;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;

    public boolean onLink() {
        return gateway == null;
    }

    public boolean unicast() {
        return type == RTN_UNICAST;
    }

    /** The address whose MAC a frame to {@code destination} must carry: the gateway, or the destination itself. */
    public InetAddress nextHop(InetAddress destination) {
        return gateway != null ? gateway : destination;
    }
}
