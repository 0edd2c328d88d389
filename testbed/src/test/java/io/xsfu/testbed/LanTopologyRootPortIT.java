package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The root namespace on a test segment: reachability, and the exact footprint it leaves in the root's routing. */
class LanTopologyRootPortIT {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    @BeforeAll
    static void removeOrphans() {
        Netns.deleteOrphans();
    }

    @Test
    void rootReachesTheServerOverItsVethAndOnlyTheConnectedRoutesAreAdded() throws Exception {
        Set<String> mainV4Before = routes("-4", "main");
        Set<String> mainV6Before = routes("-6", "main");
        Set<String> allBefore = allRoutes();
        String name;
        try (LanTopology t = LanTopology.builder().clients(1).rootPort(true).build()) {
            name = t.rootIfName();
            assertTrue(name.matches("xsfu-rt[0-9a-f]{8}") && name.length() <= 15, name);
            assertTrue(t.hasRootPort());
            assertEquals(LanTopology.ROOT_HOST, t.rootIpv4().getAddress()[3] & 0xff);
            assertEquals(LanTopology.ROOT_HOST, t.rootIpv6().getAddress()[15] & 0xff);

            String addr = Shell.run("ip", "-o", "addr", "show", "dev", name);
            assertTrue(addr.contains("inet " + Addresses.text(t.rootIpv4()) + "/24"), addr);
            assertTrue(addr.contains("inet6 " + Addresses.text(t.rootIpv6()) + "/64"), addr);
            assertFalse(addr.contains("fe80"), "no link-local address: " + addr);
            assertEquals(t.rootMac(), Shell.run("cat", "/sys/class/net/" + name + "/address").trim());

            // Main tables: exactly the two connected routes of the root port were added, nothing removed.
            Set<String> addedV4 = difference(routes("-4", "main"), mainV4Before);
            Set<String> addedV6 = difference(routes("-6", "main"), mainV6Before);
            assertEquals(Set.of(t.ipv4Subnet() + " dev " + name + " proto kernel scope link src "
                    + Addresses.text(t.rootIpv4())), addedV4);
            assertEquals(1, addedV6.size(), addedV6.toString());
            assertTrue(addedV6.iterator().next().startsWith(t.ipv6Subnet() + " dev " + name + " proto kernel"),
                    addedV6.toString());
            assertTrue(difference(mainV4Before, routes("-4", "main")).isEmpty());
            assertTrue(difference(mainV6Before, routes("-6", "main")).isEmpty());
            // Every table (local, broadcast and multicast entries included): whatever was added is on the root port.
            Set<String> addedAll = difference(allRoutes(), allBefore);
            for (String r : addedAll) {
                assertTrue(r.contains(" dev " + name + " ") || r.endsWith(" dev " + name), r);
                assertFalse(r.startsWith("default"), r);
            }
            assertTrue(difference(allBefore, allRoutes()).isEmpty(), "nothing of the root namespace went away");

            // The root namespace reaches the server in both families: ICMP, UDP both ways, and TCP (HTTP).
            for (boolean v6 : new boolean[] {false, true}) {
                assertTrue(t.serverAddress(v6).isReachable((int) PING_TIMEOUT.toMillis()), "root -> server v6=" + v6);
                assertTrue(Ping.reachable(t.server(), t.rootAddress(v6), PING_TIMEOUT), "server -> root v6=" + v6);
                assertTrue(Ping.reachable(t.client(0).ns(), t.rootAddress(v6), PING_TIMEOUT), "client -> root v6=" + v6);
            }
            try (UdpReceiver atServer = UdpReceiver.open(t.server(), 5000);
                 DatagramSocket inRoot = new DatagramSocket(new InetSocketAddress(t.rootIpv4(), 0));
                 UdpSender fromServer = UdpSender.open(t.server(), 5001)) {
                inRoot.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, new InetSocketAddress(t.serverIpv4(), 5000)));
                assertTrue(atServer.awaitCount(1, Duration.ofSeconds(3)));
                assertEquals(new InetSocketAddress(t.rootIpv4(), inRoot.getLocalPort()),
                        atServer.packets().getFirst().source());
                fromServer.send(new byte[] {9}, new InetSocketAddress(t.rootIpv4(), inRoot.getLocalPort()));
                inRoot.setSoTimeout(3000);
                DatagramPacket back = new DatagramPacket(new byte[16], 16);
                inRoot.receive(back);
                assertEquals(t.serverIpv4(), back.getAddress());
            }
            try (PageServer pages = PageServer.on(t.server(), t.serverIpv4());
                 HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
                String url = pages.add("/hello", "text/plain", "from the server namespace".getBytes(StandardCharsets.UTF_8));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("from the server namespace", r.body());
            }
            // The segment is not routed beyond the root port: the root namespace forwards nothing from it.
            assertEquals("0", Shell.run("sysctl", "-n", "net.ipv4.conf." + name + ".forwarding").trim());
            assertEquals("0", Shell.run("sysctl", "-n", "net.ipv6.conf." + name + ".accept_ra").trim());
        }
        assertFalse(Shell.tryRun(List.of("ip", "link", "show", "dev", name)).exitCode() == 0, name + " removed");
        assertEquals(mainV4Before, routes("-4", "main"));
        assertEquals(mainV6Before, routes("-6", "main"));
        assertEquals(allBefore, allRoutes());
    }

    @Test
    void deletingTheLanNamespaceRemovesTheRootPort() throws InterruptedException {
        try (LanTopology t = LanTopology.builder().clients(0).rootPort(true).build()) {
            String name = t.rootIfName();
            assertEquals(0, Shell.tryRun(List.of("ip", "link", "show", "dev", name)).exitCode());
            // What a shutdown hook or Netns.deleteOrphans() does when the test could not close the topology.
            Shell.run("ip", "netns", "del", t.lan().name());
            // The kernel dismantles a deleted namespace asynchronously (its cleanup work queue).
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Shell.tryRun(List.of("ip", "link", "show", "dev", name)).exitCode() == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Shell.tryRun(List.of("ip", "link", "show", "dev", name)).exitCode() != 0, name + " still exists");
        }
    }

    @Test
    void staticNeighboursIncludeTheRootPortAndNoRootPortByDefault() {
        try (LanTopology t = LanTopology.builder().clients(1).rootPort(true).staticNeighbours(true).build()) {
            String rootNeigh = Shell.run("ip", "neigh", "show", "dev", t.rootIfName());
            assertTrue(rootNeigh.contains(Addresses.text(t.serverIpv4()) + " lladdr " + t.serverMac() + " PERMANENT"),
                    rootNeigh);
            assertTrue(rootNeigh.contains(Addresses.text(t.client(0).ipv6()) + " lladdr " + t.client(0).mac()
                    + " PERMANENT"), rootNeigh);
            String serverNeigh = t.server().exec("ip", "neigh", "show", "dev", t.serverIfName());
            assertTrue(serverNeigh.contains(Addresses.text(t.rootIpv4()) + " lladdr " + t.rootMac() + " PERMANENT"),
                    serverNeigh);
        }
        try (LanTopology t = LanTopology.create(1)) {
            assertFalse(t.hasRootPort());
            assertThrows(IllegalStateException.class, t::rootIfName);
        }
    }

    @Test
    void chromiumInTheRootNamespaceLoadsAPageFromTheServerNamespaceAndGathersTheRootPortAddress() {
        try (LanTopology t = LanTopology.builder().clients(0).rootPort(true).build();
             PageServer pages = PageServer.on(t.server(), t.serverIpv4());
             ChromiumBrowser browser = ChromiumBrowser.builder().secureOrigin(pages.origin()).start()) {
            String url = pages.add("/gather.html", "text/html; charset=utf-8", GATHER_PAGE.getBytes(StandardCharsets.UTF_8));
            browser.open(url);
            assertEquals(true, browser.script("return window.isSecureContext && !!navigator.mediaDevices"),
                    "getUserMedia is available to the SFU's origin");
            browser.awaitTrue("window.gathered !== undefined", Duration.ofSeconds(10));
            @SuppressWarnings("unchecked")
            List<String> addresses = new ArrayList<>(browser.script(List.class,
                    "return window.gathered.map(a => a.replace(/^\\[|\\]$/g, ''))"));
            assertTrue(addresses.contains(Addresses.text(t.rootIpv4())), addresses.toString());
            assertTrue(addresses.contains(Addresses.text(t.rootIpv6())), addresses.toString());
        }
    }

    /** Host candidates of a data-channel offer: gathering only binds sockets, it sends nothing (no STUN server). */
    private static final String GATHER_PAGE = """
            <!DOCTYPE html><title>gather</title><script>
            (async () => {
              const pc = new RTCPeerConnection();
              const found = [];
              pc.onicecandidate = e => {
                if (e.candidate && e.candidate.address) found.push(e.candidate.address);
                if (!e.candidate) window.gathered = found;
              };
              pc.createDataChannel('x');
              await pc.setLocalDescription();
            })();
            </script>
            """;

    private static Set<String> routes(String family, String table) {
        Set<String> lines = new LinkedHashSet<>();
        Shell.run("ip", family, "route", "show", "table", table).lines().map(String::trim)
                .filter(l -> !l.isEmpty()).forEach(lines::add);
        return lines;
    }

    private static Set<String> allRoutes() {
        Set<String> all = new LinkedHashSet<>(routes("-4", "all"));
        all.addAll(routes("-6", "all"));
        return all;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new LinkedHashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
