package io.xsfu.neigh;

import static io.xsfu.neigh.TwoHosts.CLI_IF;
import static io.xsfu.neigh.TwoHosts.SFU_IF;
import static io.xsfu.neigh.TwoHosts.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.netlink.InterfaceQueues;
import io.xsfu.netlink.Link;
import io.xsfu.net.MacAddress;
import io.xsfu.netlink.Neighbour;
import io.xsfu.netlink.Route;
import io.xsfu.netlink.RtNetlink;
import io.xsfu.netlink.RtNetlinkMonitor;
import io.xsfu.sys.Errno;
import io.xsfu.sys.NativeException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RtNetlink against a real kernel, in two fresh namespaces joined by a veth pair (io.xsfu.netlink lives in
 * native-shim, which cannot depend on the testbed; its namespace tests live here, next to their user).
 * Every netlink call runs on a thread inside the sfu namespace.
 */
class RtNetlinkIT {
    private TwoHosts hosts;

    @BeforeEach
    void topology() {
        hosts = TwoHosts.create();
    }

    @AfterEach
    void cleanUp() {
        hosts.close();
    }

    private <T> T inSfu(RtCall<T> call) throws Exception {
        return hosts.sfu.call(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                return call.apply(rt);
            }
        });
    }

    @FunctionalInterface
    interface RtCall<T> {
        T apply(RtNetlink rt) throws Exception;
    }

    /** Polls the neighbour entry until {@code done} holds, for up to {@code millis}; returns the last one. */
    private static Neighbour awaitNeighbour(RtNetlink rt, int ifindex, InetAddress ip, long millis,
                                            Predicate<Neighbour> done) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        Neighbour n = rt.neighbour(ifindex, ip);
        while ((n == null || !done.test(n)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            n = rt.neighbour(ifindex, ip);
        }
        return n;
    }

    @Test
    void linkReportsTheVethsMacMtuAndQueues() throws Exception {
        hosts.sfu.exec("ip", "link", "set", SFU_IF, "mtu", "1400");
        long mac = hosts.sfuMac();
        Link[] links = inSfu(rt -> {
            Link byName = rt.link(SFU_IF);
            return new Link[] {byName, rt.link(byName.index())};
        });
        Link link = links[0];
        assertEquals(SFU_IF, link.name());
        assertEquals(mac, link.mac());
        assertEquals(1400, link.mtu());
        assertTrue(link.up());
        assertTrue(link.running());
        assertEquals(2, link.numRxQueues());
        assertTrue(link.linkIndex() > 0, "a veth names its peer");
        assertEquals(link, links[1]);
        assertEquals(2, (int) hosts.sfu.call(() -> InterfaceQueues.rxQueueCount(SFU_IF)));
        assertEquals(1, (int) hosts.cli.call(() -> InterfaceQueues.rxQueueCount(CLI_IF)));
    }

    @Test
    void addressesAreThoseOfTheInterfaceOnly() throws Exception {
        List<InetAddress> addresses = inSfu(rt -> rt.addresses(rt.link(SFU_IF).index()));
        int index = inSfu(rt -> rt.link(SFU_IF).index());
        assertTrue(addresses.contains(ip(hosts.v4(1))), addresses::toString);
        assertTrue(addresses.contains(ip(hosts.v6(1))), addresses::toString);
        assertFalse(addresses.contains(ip(hosts.v4(2))), addresses::toString);
        assertFalse(addresses.contains(ip("127.0.0.1")), "loopback's address is not sfu's");
        Inet6Address linkLocal = addresses.stream().filter(a -> a.isLinkLocalAddress())
                .map(a -> assertInstanceOf(Inet6Address.class, a)).findFirst().orElseThrow();
        assertEquals(index, linkLocal.getScopeId());
        assertEquals(3, addresses.size(), addresses::toString);
    }

    @Test
    void routesOnLinkAndThroughAGateway() throws Exception {
        hosts.routeBehindCli();
        inSfu(rt -> {
            int sfu = rt.link(SFU_IF).index();
            Route onLink4 = rt.route(ip(hosts.v4(2)));
            assertEquals(new Route(sfu, null, ip(hosts.v4(1)), Route.RTN_UNICAST), onLink4);
            Route onLink6 = rt.route(ip(hosts.v6(2)));
            assertEquals(new Route(sfu, null, ip(hosts.v6(1)), Route.RTN_UNICAST), onLink6);
            Route remote4 = rt.route(ip(hosts.remoteV4(7)));
            assertEquals(new Route(sfu, ip(hosts.v4(2)), ip(hosts.v4(1)), Route.RTN_UNICAST), remote4);
            assertEquals(ip(hosts.v4(2)), remote4.nextHop(ip(hosts.remoteV4(7))));
            Route remote6 = rt.route(ip(hosts.remoteV6(7)));
            assertEquals(sfu, remote6.oif());
            assertEquals(ip(hosts.v6(2)), remote6.gateway());
            Route own = rt.route(ip(hosts.v4(1)));
            assertEquals(Route.RTN_LOCAL, own.type());
            NativeException none = assertThrows(NativeException.class, () -> rt.route(ip("10.233.0.1")));
            assertEquals(Errno.ENETUNREACH, none.errno());
            assertTrue(none.getMessage().contains("RTM_GETROUTE(10.233.0.1)"), none.getMessage());
            return null;
        });
    }

    @Test
    void probeResolvesByRealArpAndNdp() throws Exception {
        long cliMac = hosts.cliMac();
        for (String peer : List.of(hosts.v4(2), hosts.v6(2))) {
            Neighbour n = inSfu(rt -> {
                int sfu = rt.link(SFU_IF).index();
                assertNull(rt.neighbour(sfu, ip(peer)), "no entry before the probe");
                rt.probe(sfu, ip(peer));
                return awaitNeighbour(rt, sfu, ip(peer), 3_000, Neighbour::isUsable);
            });
            assertNotNull(n);
            assertEquals(cliMac, n.mac(), peer);
            assertEquals(Neighbour.NUD_REACHABLE, n.state(), peer);
            // The request reached cli: it learnt sfu's MAC from it (for NDP, under sfu's link-local source).
            String learnt = hosts.cli.exec("ip", peer.contains(":") ? "-6" : "-4", "neigh", "show", "dev", CLI_IF);
            assertTrue(learnt.contains(MacAddress.format(hosts.sfuMac())), learnt);
        }
        List<Neighbour> v4 = inSfu(rt -> rt.neighbours(rt.link(SFU_IF).index(), 2));
        assertTrue(v4.stream().anyMatch(n -> n.ip().equals(ip(hosts.v4(2))) && n.mac() == cliMac), v4::toString);
        List<Neighbour> v6 = inSfu(rt -> rt.neighbours(rt.link(SFU_IF).index(), 10));
        assertTrue(v6.stream().anyMatch(n -> n.ip().equals(ip(hosts.v6(2))) && n.mac() == cliMac), v6::toString);
    }

    @Test
    void probingAnAbsentHostEndsInFailedWithoutAnAddress() throws Exception {
        Neighbour[] seen = inSfu(rt -> {
            int sfu = rt.link(SFU_IF).index();
            rt.probe(sfu, ip(hosts.v4(50)));
            Neighbour first = rt.neighbour(sfu, ip(hosts.v4(50)));
            Neighbour last = awaitNeighbour(rt, sfu, ip(hosts.v4(50)), 6_000, n -> n.state() == Neighbour.NUD_FAILED);
            return new Neighbour[] {first, last};
        });
        assertEquals(Neighbour.NUD_INCOMPLETE, seen[0].state());
        assertEquals(MacAddress.NONE, seen[0].mac());
        assertEquals(Neighbour.NUD_FAILED, seen[1].state());
        assertFalse(seen[1].isUsable());
    }

    @Test
    void probeAndVerifyLeaveAStaticEntryAlone() throws Exception {
        String stat = hosts.v4(60);
        hosts.sfu.exec("ip", "neigh", "add", stat, "lladdr", "02:00:00:00:00:60", "nud", "permanent", "dev", SFU_IF);
        Neighbour after = inSfu(rt -> {
            int sfu = rt.link(SFU_IF).index();
            rt.probe(sfu, ip(stat));
            assertFalse(rt.verify(sfu, ip(stat)));
            return rt.neighbour(sfu, ip(stat));
        });
        assertEquals(Neighbour.NUD_PERMANENT, after.state());
        assertEquals(0x02_00_00_00_00_60L, after.mac());
    }

    @Test
    void verifyNoticesAChangedMacAndProbeLearnsTheNewOne() throws Exception {
        InetAddress peer = ip(hosts.v4(2));
        long oldMac = hosts.cliMac();
        inSfu(rt -> {
            int sfu = rt.link(SFU_IF).index();
            assertFalse(rt.verify(sfu, peer), "nothing to verify before resolution");
            rt.probe(sfu, peer);
            assertEquals(oldMac, awaitNeighbour(rt, sfu, peer, 3_000, Neighbour::isUsable).mac());
            // A healthy neighbour answers the unicast probe and is confirmed again.
            Thread.sleep(300);
            assertTrue(rt.verify(sfu, peer));
            Neighbour confirmed = awaitNeighbour(rt, sfu, peer, 3_000, n -> n.state() == Neighbour.NUD_REACHABLE);
            assertEquals(oldMac, confirmed.mac());
            assertTrue(confirmed.confirmedAgoMillis() < 300, confirmed::toString);
            return null;
        });
        long newMac = hosts.changeCliMac();
        inSfu(rt -> {
            int sfu = rt.link(SFU_IF).index();
            assertEquals(oldMac, rt.neighbour(sfu, peer).mac(), "the kernel cannot know yet");
            assertTrue(rt.verify(sfu, peer));
            // Unicast probes to the old MAC go unanswered: ucast_solicit (3) x retrans_time (1 s).
            Neighbour failed = awaitNeighbour(rt, sfu, peer, 6_000, n -> n.state() == Neighbour.NUD_FAILED);
            assertEquals(Neighbour.NUD_FAILED, failed.state());
            rt.probe(sfu, peer);
            assertEquals(newMac, awaitNeighbour(rt, sfu, peer, 3_000, Neighbour::isUsable).mac());
            return null;
        });
    }

    @Test
    void monitorSeesTheNeighbourResolve() throws Exception {
        List<Neighbour> events = hosts.sfu.call(() -> {
            List<Neighbour> seen = new ArrayList<>();
            try (RtNetlink rt = RtNetlink.open();
                 RtNetlinkMonitor monitor = RtNetlinkMonitor.open(RtNetlinkMonitor.NEIGHBOURS)) {
                int sfu = rt.link(SFU_IF).index();
                rt.probe(sfu, ip(hosts.v4(2)));
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (seen.stream().noneMatch(Neighbour::isUsable) && System.nanoTime() < deadline) {
                    monitor.await(100);
                    monitor.drain(new RtNetlinkMonitor.Listener() {
                        @Override
                        public void onNeighbour(Neighbour neighbour, boolean deleted) {
                            seen.add(neighbour);
                        }

                        @Override
                        public void onRouteChange() {
                        }

                        @Override
                        public void onLinkChange(int ifindex) {
                        }

                        @Override
                        public void onOverrun() {
                        }
                    });
                }
            }
            return seen;
        });
        assertTrue(events.stream().anyMatch(n -> n.ip().equals(ip(hosts.v4(2))) && n.mac() == hosts.cliMac()
                && n.state() == Neighbour.NUD_REACHABLE), events::toString);
    }
}
