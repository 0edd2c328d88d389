package io.xsfu.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * IP address literals as the config file spells them. Stricter than {@link InetAddress#ofLiteral},
 * which also takes {@code 127.1}, {@code 010.0.0.1}, brackets and zone ids: a config file should
 * mean exactly what it looks like, and agree with the schema's {@code ipv4}/{@code ipv6} formats.
 */
final class IpLiterals {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final byte[] BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

    private IpLiterals() {
    }

    /**
     * @throws IllegalArgumentException naming the literal and why it is not accepted
     */
    static InetAddress parse(String literal) {
        if (literal.indexOf(':') < 0) {
            if (!DOTTED_QUAD.matcher(literal).matches()) {
                throw notALiteral(literal);
            }
            return Inet4Address.ofLiteral(literal);
        }
        if (!IPV6_CHARS.matcher(literal).matches()) {
            throw notALiteral(literal);
        }
        try {
            // An IPv4-mapped literal (::ffff:a.b.c.d) comes back as the IPv4 address it maps, which is what it means on the wire.
            return Inet6Address.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw notALiteral(literal);
        }
    }

    private static IllegalArgumentException notALiteral(String literal) {
        return new IllegalArgumentException(
                "'" + literal + "' is not an IP address literal (IPv4 dotted quad or IPv6; host names are not accepted)");
    }

    /** The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as {@code ::}). */
    static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    static String family(InetAddress address) {
        return address instanceof Inet4Address ? "IPv4" : "IPv6";
    }

    /** Why the address cannot be a unicast endpoint of a media flow, or null if it can. */
    static String specialUse(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "is the unspecified address";
        }
        return notBindable(address);
    }

    /** Why the address cannot be a local address to listen on, or null if it can (the unspecified address can). */
    static String notBindable(InetAddress address) {
        if (address.isMulticastAddress()) {
            return "is a multicast address";
        }
        if (address instanceof Inet4Address && java.util.Arrays.equals(address.getAddress(), BROADCAST)) {
            return "is the broadcast address";
        }
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return "has a zone id, which is not supported";
        }
        return null;
    }
}
