package io.xsfu.signaling;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A remote's address as a client may give it: an IPv4 dotted quad or an IPv6 literal, never a host name
 * (resolving one would block the control thread and let a client make the server query DNS).
 */
final class IpLiteral {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {
    }

    static Optional<InetAddress> parse(String literal) {
        try {
            if (DOTTED_QUAD.matcher(literal).matches()) {
                return Optional.of(Inet4Address.ofLiteral(literal));
            }
            if (IPV6_CHARS.matcher(literal).matches()) {
                return Optional.of(Inet6Address.ofLiteral(literal));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Why media cannot be sent to {@code address}, or null if it can. */
    static String unusable(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "is the unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "is a multicast address";
        }
        if (address instanceof Inet4Address && address.getHostAddress().equals("255.255.255.255")) {
            return "is the broadcast address";
        }
        return null;
    }
}
