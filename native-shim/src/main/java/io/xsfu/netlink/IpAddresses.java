package io.xsfu.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Conversions between kernel address bytes and {@link InetAddress}, keeping IPv6 scopes where they matter. */
final class IpAddresses {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    private IpAddresses() {
    }

    static int family(InetAddress address) {
        return address instanceof Inet4Address ? AF_INET : AF_INET6;
    }

    static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    /**
     * 4 or 16 address bytes as an InetAddress. A link-local IPv6 address only means something on one link,
     * so it carries {@code ifindex} as its scope; other addresses carry none.
     */
    static InetAddress fromBytes(byte[] bytes, int ifindex) {
        try {
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes);
            }
            if (bytes.length == 16) {
                boolean linkLocal = (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
                if (linkLocal && ifindex > 0) {
                    return Inet6Address.getByAddress(null, bytes, ifindex);
                }
                // Not InetAddress.getByAddress: that turns an IPv4-mapped address into an Inet4Address.
                return Inet6Address.getByAddress(null, bytes, -1);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        throw new NetlinkProtocolException("address of " + bytes.length + " bytes");
    }

    /** The scope (interface index) of a link-local IPv6 address, 0 if it has none or is not one. */
    static int scope(InetAddress address) {
        return address instanceof Inet6Address v6 && v6.isLinkLocalAddress() ? v6.getScopeId() : 0;
    }
}
