package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanTopologyIT {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    @BeforeAll
    static void removeOrphans() {
        Netns.deleteOrphans();
    }

    @Test
    void clientsAndServerReachEachOtherOverIpv4AndIpv6WithRealNeighbourDiscovery() throws Exception {
        List<String> names;
        try (LanTopology t = LanTopology.create(2)) {
            names = t.namespaceNames();
            assertEquals(4, names.size());
            assertTrue(Netns.list().containsAll(names), "namespaces exist: " + names);
            String neighboursBefore = t.server().exec("ip", "neigh", "show", "dev", t.serverIfName());
            assertEquals("", neighboursBefore.trim(), "no static neighbour entries by default");

            for (LanTopology.Client c : t.clients()) {
                for (boolean v6 : new boolean[] {false, true}) {
                    assertTrue(Ping.reachable(c.ns(), t.serverAddress(v6), PING_TIMEOUT), c + " -> server v6=" + v6);
                    assertTrue(Ping.reachable(t.server(), c.address(v6), PING_TIMEOUT), "server -> " + c + " v6=" + v6);
                }
            }
            for (boolean v6 : new boolean[] {false, true}) {
                assertTrue(Ping.reachable(t.client(0).ns(), t.client(1).address(v6), PING_TIMEOUT), "c0 -> c1 v6=" + v6);
            }

            String learned = t.server().exec("ip", "neigh", "show", "dev", t.serverIfName());
            for (LanTopology.Client c : t.clients()) {
                assertTrue(learned.contains(Addresses.text(c.ipv4()) + " lladdr " + c.mac()), learned);
                assertTrue(learned.contains(Addresses.text(c.ipv6()) + " lladdr " + c.mac()), learned);
            }
            assertFalse(learned.contains("PERMANENT"), learned);
            assertTrue(learned.contains("REACHABLE") || learned.contains("STALE") || learned.contains("DELAY"), learned);
        }
        Set<String> after = new HashSet<>(Netns.list());
        for (String n : names) {
            assertFalse(after.contains(n), n + " still exists after close");
        }
    }

    @Test
    void addressesMacsAndRoutesAreAsAdvertised() {
        try (LanTopology t = LanTopology.create(3)) {
            String srv = t.server().exec("ip", "-o", "addr", "show", "dev", t.serverIfName());
            assertTrue(srv.contains("inet " + Addresses.text(t.serverIpv4()) + "/24"), srv);
            assertTrue(srv.contains("inet6 " + Addresses.text(t.serverIpv6()) + "/64"), srv);
            assertFalse(srv.contains("tentative"), srv);
            assertEquals(t.serverMac(), t.server().mac(t.serverIfName()));
            assertTrue(Addresses.text(t.serverIpv4()).endsWith(".1"));
            assertTrue(t.ipv4Subnet().startsWith("10.") && t.ipv4Subnet().endsWith(".0/24"), t.ipv4Subnet());
            assertTrue(t.ipv6Subnet().startsWith("fd") && t.ipv6Subnet().endsWith("::/64"), t.ipv6Subnet());

            for (LanTopology.Client c : t.clients()) {
                assertEquals(c.mac(), c.ns().mac(c.ifName()));
                byte[] v4 = c.ipv4().getAddress();
                assertEquals(c.index() + 2, v4[3] & 0xff);
                byte[] v6 = c.ipv6().getAddress();
                assertEquals(c.index() + 2, v6[15] & 0xff);
                String out = c.ns().exec("ip", "-o", "addr", "show", "dev", c.ifName());
                assertFalse(out.contains("tentative"), out);
                assertFalse(Ethtool.txChecksum(c.ns(), c.ifName()), "client TX checksum offload is off");
            }
            assertFalse(Ethtool.gro(t.lan(), LanTopology.SERVER_PORT), "the server veth's peer keeps the kernel default");
            for (Netns ns : List.of(t.server(), t.client(0).ns())) {
                assertEquals("", ns.exec("ip", "route", "show", "default").trim());
                assertEquals("", ns.exec("ip", "-6", "route", "show", "default").trim());
            }
            assertEquals("1", rxQueues(t));
            String bridgePorts = t.lan().exec("ip", "-o", "link", "show", "master", LanTopology.BRIDGE);
            for (String port : List.of("srv", "c0", "c1", "c2")) {
                assertTrue(bridgePorts.contains(" " + port + "@"), bridgePorts);
            }
        }
    }

    @Test
    void staticNeighboursAndSeveralServerQueuesOnRequest() throws Exception {
        try (LanTopology t = LanTopology.builder().clients(2).staticNeighbours(true).serverRxQueues(4).build()) {
            String neigh = t.server().exec("ip", "neigh", "show", "dev", t.serverIfName());
            for (LanTopology.Client c : t.clients()) {
                assertTrue(neigh.contains(Addresses.text(c.ipv4()) + " lladdr " + c.mac() + " PERMANENT"), neigh);
                assertTrue(neigh.contains(Addresses.text(c.ipv6()) + " lladdr " + c.mac() + " PERMANENT"), neigh);
            }
            String clientNeigh = t.client(1).ns().exec("ip", "neigh", "show");
            assertTrue(clientNeigh.contains(Addresses.text(t.serverIpv4()) + " dev eth0 lladdr " + t.serverMac()),
                    clientNeigh);
            assertTrue(clientNeigh.contains(Addresses.text(t.client(0).ipv6()) + " dev eth0 lladdr " + t.client(0).mac()),
                    clientNeigh);
            assertEquals("4", rxQueues(t));
            assertTrue(Ping.reachable(t.client(0).ns(), t.serverIpv6(), PING_TIMEOUT));
        }
    }

    @Test
    void udpCrossesTheSegmentFromAFixedSourcePortInBothFamilies() throws Exception {
        try (LanTopology t = LanTopology.create(1);
             UdpReceiver atServer = UdpReceiver.open(t.server(), 5000);
             UdpReceiver atClient = UdpReceiver.open(t.client(0).ns(), 6000);
             UdpSender fromClient = UdpSender.open(t.client(0).ns(), 40000);
             UdpSender fromServer = UdpSender.open(t.server(), 5001)) {
            LanTopology.Client c = t.client(0);
            fromClient.send(new byte[] {1, 2, 3}, new InetSocketAddress(t.serverIpv4(), 5000));
            fromClient.send(new byte[] {4, 5}, new InetSocketAddress(t.serverIpv6(), 5000));
            fromServer.send(new byte[] {6}, new InetSocketAddress(c.ipv4(), 6000));
            fromServer.send(new byte[] {7}, new InetSocketAddress(c.ipv6(), 6000));
            assertTrue(atServer.awaitCount(2, Duration.ofSeconds(3)));
            assertTrue(atClient.awaitCount(2, Duration.ofSeconds(3)));

            Set<InetSocketAddress> serverSaw = new HashSet<>();
            atServer.packets().forEach(p -> serverSaw.add(p.source()));
            assertEquals(Set.of(new InetSocketAddress(c.ipv4(), 40000), new InetSocketAddress(c.ipv6(), 40000)),
                    serverSaw);
            assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), boxed(atServer.packets(
                    p -> p.source().getAddress().equals(c.ipv4())).getFirst().payload()));
            Set<InetAddress> clientSaw = new HashSet<>();
            atClient.packets().forEach(p -> clientSaw.add(p.source().getAddress()));
            assertEquals(Set.of(t.serverIpv4(), t.serverIpv6()), clientSaw);
        }
    }

    @Test
    void clientUdpChecksumsAreCompleteOnTheWireUnlessOffloadIsKept() throws Exception {
        for (boolean offload : new boolean[] {false, true}) {
            try (LanTopology t = LanTopology.builder().clients(1).clientChecksumOffload(offload).build();
                 PacketCapture capture = PacketCapture.start(t.server(), t.serverIfName(),
                         PacketCapture.fromMac(t.client(0).mac()).and(f -> f.length > 42 && f[23] == 17));
                 UdpSender s = UdpSender.open(t.client(0).ns(), 40000)) {
                s.send(new byte[] {1, 2, 3, 4, 5}, new InetSocketAddress(t.serverIpv4(), 5000));
                assertTrue(capture.awaitCount(1, Duration.ofSeconds(3)));
                byte[] f = capture.frames().getFirst();
                int stored = Bytes.getShort(f, 40);
                Bytes.putShort(f, 40, 0);
                int computed = Checksums.udpIpv4(t.client(0).ipv4().getAddress(), t.serverIpv4().getAddress(), f, 34,
                        Bytes.getShort(f, 38));
                if (offload) {
                    // CHECKSUM_PARTIAL: only the pseudo-header sum is in the field, which XDP would see as is.
                    assertNotEquals(computed, stored, "offloaded checksum is left incomplete");
                } else {
                    assertEquals(computed, stored, "complete checksum as a real NIC would deliver");
                }
            }
        }
    }

    @Test
    void concurrentTopologiesAreIsolated() throws Exception {
        try (LanTopology a = LanTopology.create(1); LanTopology b = LanTopology.create(1)) {
            assertNotEquals(a.server().name(), b.server().name());
            assertTrue(Ping.reachable(a.client(0).ns(), a.serverIpv4(), PING_TIMEOUT));
            assertTrue(Ping.reachable(b.client(0).ns(), b.serverIpv4(), PING_TIMEOUT));
            if (!a.ipv4Subnet().equals(b.ipv4Subnet())) {
                // Different segments: a's client cannot reach b's server even though both namespaces exist.
                assertFalse(Ping.reachable(a.client(0).ns(), b.serverIpv4(), Duration.ofMillis(300)));
            }
        }
    }

    private static String rxQueues(LanTopology t) {
        return String.valueOf(t.server().exec("ls", "/sys/class/net/" + t.serverIfName() + "/queues").lines()
                .filter(l -> l.startsWith("rx-")).count());
    }

    private static List<Byte> boxed(byte[] b) {
        java.util.ArrayList<Byte> l = new java.util.ArrayList<>();
        for (byte x : b) {
            l.add(x);
        }
        return l;
    }
}
