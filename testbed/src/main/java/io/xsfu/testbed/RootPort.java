package io.xsfu.testbed;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The veth that connects the root network namespace (where a browser runs) to a {@link LanTopology}'s bridge. Its
 * root side gets one address in the segment's /24 and /64, which adds exactly the two connected routes; no default
 * route, no link-local address (so no fe80::/64 route either), no router advertisements accepted, no forwarding
 * from it, and no duplicate address detection. Every setting is on this interface only, so deleting it (or the lan
 * namespace that holds its peer) leaves the root namespace as it was.
 */
final class RootPort {
    static final String NAME_PREFIX = "xsfu-rt";
    /** The bridge port that is the root veth's peer (in the lan namespace). */
    static final String BRIDGE_PORT = "rt";

    private RootPort() {
    }

    /** {@code xsfu-rt} and 8 hex digits: 15 characters, the kernel's limit. */
    static String randomName() {
        return NAME_PREFIX + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    /**
     * Creates {@code name} in the root namespace with its peer {@value #BRIDGE_PORT} in {@code lan} on
     * {@code bridge}, configures the root side and brings both up.
     */
    static void create(String name, String mac, String peerMac, Netns lan, String bridge, InetAddress ipv4,
                       InetAddress ipv6) {
        Shell.run("ip", "link", "add", name, "address", mac, "type", "veth", "peer", "name", BRIDGE_PORT,
                "netns", lan.name(), "address", peerMac);
        try {
            // Before the link is up, so that nothing is learnt or announced in the meantime.
            Shell.run("sysctl", "-q", "-w",
                    "net.ipv6.conf." + name + ".accept_dad=0",
                    "net.ipv6.conf." + name + ".accept_ra=0",
                    "net.ipv6.conf." + name + ".router_solicitations=0",
                    "net.ipv4.conf." + name + ".forwarding=0",
                    // ARP only for this interface's own address, and from it: the root's other addresses stay unknown
                    // on the test segment.
                    "net.ipv4.conf." + name + ".arp_ignore=1",
                    "net.ipv4.conf." + name + ".arp_announce=2");
            Shell.run(List.of("ip", "-batch", "-"), String.join("\n",
                    "link set dev " + name + " addrgenmode none",
                    "addr add " + Addresses.text(ipv4) + "/24 dev " + name,
                    "addr add " + Addresses.text(ipv6) + "/64 dev " + name + " nodad",
                    "link set dev " + name + " up") + "\n");
            lan.ipBatch("link set " + BRIDGE_PORT + " master " + bridge + "\nlink set " + BRIDGE_PORT + " up\n");
        } catch (RuntimeException e) {
            remove(name);
            throw e;
        }
    }

    /** Deletes the veth pair from the root side; a no-op when it is already gone. */
    static void remove(String name) {
        if (Shell.tryRun(List.of("ip", "link", "show", "dev", name)).exitCode() == 0) {
            Shell.tryRun(List.of("ip", "link", "del", "dev", name));
        }
    }

    /**
     * Whether any route of the root namespace, in any table, other than a default route, overlaps
     * {@code prefix}/{@code length}: a test segment there would shadow (or be shadowed by) a real network.
     */
    static boolean overlapsRootRoutes(byte[] prefix, int length) {
        String family = prefix.length == 4 ? "-4" : "-6";
        for (String line : Shell.run("ip", family, "route", "show", "table", "all").split("\n")) {
            String dst = destination(line);
            if (dst == null) {
                continue;
            }
            int slash = dst.indexOf('/');
            byte[] other;
            try {
                other = InetAddress.getByName(slash < 0 ? dst : dst.substring(0, slash)).getAddress();
            } catch (java.net.UnknownHostException e) {
                continue;
            }
            if (other.length != prefix.length) {
                continue;
            }
            int otherLength = slash < 0 ? other.length * 8 : Integer.parseInt(dst.substring(slash + 1));
            if (samePrefix(prefix, other, Math.min(length, otherLength))) {
                return true;
            }
        }
        return false;
    }

    /** The destination of an {@code ip route} line, without its route type; null for default routes. */
    private static String destination(String line) {
        List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
        if (words.isEmpty() || words.getFirst().isEmpty()) {
            return null;
        }
        if (List.of("unicast", "local", "broadcast", "multicast", "anycast", "unreachable", "blackhole", "prohibit",
                "throw", "nat").contains(words.getFirst()) && words.size() > 1) {
            words.removeFirst();
        }
        String dst = words.getFirst();
        return dst.equals("default") ? null : dst;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
