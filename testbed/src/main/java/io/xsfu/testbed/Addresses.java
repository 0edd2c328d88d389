package io.xsfu.testbed;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Text forms of addresses as iproute2 and GStreamer print them. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * The canonical text (RFC 5952 for IPv6: the longest run of two or more zero groups as "::"), which the JDK
     * does not produce ({@code fd00:0:0:0:0:0:0:1}); IPv4 unchanged.
     */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /** Refuses a local address and a remote endpoint of different families (a UDP socket has one). */
    static void requireSameFamily(InetAddress local, java.net.InetSocketAddress remote) {
        if ((local instanceof java.net.Inet6Address) != (remote.getAddress() instanceof java.net.Inet6Address)) {
            throw new IllegalArgumentException("local and remote must be of one family: " + local + ", " + remote);
        }
    }
}
