package io.xsfu.neigh;

import static io.xsfu.neigh.TwoHosts.CLI_IF;
import static io.xsfu.neigh.TwoHosts.SFU_IF;
import static io.xsfu.neigh.TwoHosts.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.net.MacAddress;
import io.xsfu.netlink.Neighbour;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resolver in the sfu namespace against a real peer: no static neighbour entries, every MAC learnt by ARP
 * or NDP that the resolver makes the kernel send.
 */
class NextHopResolverIT {
    private static final Duration REFRESH = Duration.ofMillis(250);

    private TwoHosts hosts;
    private NextHopResolver resolver;
    private final Reports reports = new Reports();

    @BeforeEach
    void topology() {
        hosts = TwoHosts.create();
    }

    @AfterEach
    void cleanUp() {
        try {
            if (resolver != null) {
                resolver.close();
            }
        } finally {
            hosts.close();
        }
    }

    private NextHopResolver start(NextHopResolver.Listener listener) throws Exception {
        resolver = hosts.sfu.call(() -> new NextHopResolver(SFU_IF, listener, REFRESH));
        resolver.start();
        return resolver;
    }

    /** Every report for {@code destination} was either "unresolved" or one of the {@code allowed} MACs. */
    private void assertNeverGuessed(InetAddress destination, long... allowed) {
        for (Reports.Report r : reports.of(destination)) {
            boolean ok = r.mac() == MacAddress.NONE;
            for (long mac : allowed) {
                ok |= r.mac() == mac;
            }
            assertTrue(ok, "unexpected MAC in " + reports.of(destination));
        }
    }

    @Test
    void resolvesOnLinkAndGatewayDestinationsOfBothFamiliesToThePeersMac() throws Exception {
        hosts.routeBehindCli();
        long cliMac = hosts.cliMac();
        start(reports);
        List<InetAddress> destinations = List.of(ip(hosts.v4(2)), ip(hosts.v6(2)), ip(hosts.remoteV4(9)),
                ip(hosts.remoteV6(9)));
        for (InetAddress d : destinations) {
            assertTrue(resolver.request(d));
        }
        for (InetAddress d : destinations) {
            Reports.Report r = reports.await(d, cliMac, 5_000);
            assertNotNull(r, () -> d + " not resolved: " + reports);
            assertTrue((r.state() & Neighbour.NUD_VALID) != 0, r::toString);
            assertNeverGuessed(d, cliMac);
        }
        // Steady state: a resolved MAC is reported once, not again at every refresh.
        Thread.sleep(4 * REFRESH.toMillis());
        for (InetAddress d : destinations) {
            assertEquals(1, reports.of(d).stream().filter(r -> r.mac() == cliMac).count(), reports::toString);
        }
    }

    @Test
    void anAbsentHostIsUnresolvedUntilItAppears() throws Exception {
        InetAddress absent = ip(hosts.v4(50));
        start(reports);
        assertTrue(resolver.request(absent));
        Reports.Report first = reports.await(absent, MacAddress.NONE, 2_000);
        assertNotNull(first, reports::toString);
        // Long enough for the kernel to fail and the resolver to try again (INCOMPLETE takes 3 s to FAIL).
        Thread.sleep(4_000);
        assertEquals(MacAddress.NONE, reports.last(absent).mac(), reports::toString);
        String arp = hosts.sfu.exec("ip", "neigh", "show", "dev", SFU_IF, "to", hosts.v4(50));
        assertTrue(arp.contains("INCOMPLETE") || arp.contains("FAILED"), arp);

        hosts.cli.addAddress(CLI_IF, hosts.v4(50) + "/24");
        assertNotNull(reports.await(absent, hosts.cliMac(), 5_000), reports::toString);
        assertNeverGuessed(absent, hosts.cliMac());
    }

    @Test
    void aChangedMacIsReportedWithinAFewRefreshPeriods() throws Exception {
        InetAddress v4 = ip(hosts.v4(2));
        InetAddress v6 = ip(hosts.v6(2));
        long oldMac = hosts.cliMac();
        start(reports);
        resolver.request(v4);
        resolver.request(v6);
        assertNotNull(reports.await(v4, oldMac, 5_000), reports::toString);
        assertNotNull(reports.await(v6, oldMac, 5_000), reports::toString);

        long newMac = hosts.changeCliMac();
        long changedAt = System.nanoTime();
        // Bound: verification after 5 refreshes (1.25 s) + the kernel's 3 unanswered unicast probes (3 s) +
        // re-resolution; 12 s leaves room for a loaded machine.
        Reports.Report r4 = reports.await(v4, newMac, 12_000);
        Reports.Report r6 = reports.await(v6, newMac, 12_000);
        assertNotNull(r4, reports::toString);
        assertNotNull(r6, reports::toString);
        System.out.printf("MAC change noticed after %d ms (IPv4), %d ms (IPv6)%n",
                (r4.atNanos() - changedAt) / 1_000_000, (r6.atNanos() - changedAt) / 1_000_000);
        assertNeverGuessed(v4, oldMac, newMac);
        assertNeverGuessed(v6, oldMac, newMac);
    }

    @Test
    void destinationsNotBehindTheSfuInterfaceAreUnresolved() throws Exception {
        // Another interface in the sfu namespace (a second veth pair, both ends there): its subnet is routed
        // there, not through the SFU's interface.
        hosts.sfu.exec("ip", "link", "add", "other0", "type", "veth", "peer", "name", "other1");
        hosts.sfu.exec("ip", "addr", "add", "10.234." + hosts.octet + ".1/24", "dev", "other0");
        hosts.sfu.exec("ip", "link", "set", "other0", "up");
        InetAddress elsewhere = ip("10.234." + hosts.octet + ".9");
        InetAddress noRoute = ip("10.235." + hosts.octet + ".9");
        InetAddress self = ip(hosts.v4(1));
        start(reports);
        for (InetAddress d : List.of(elsewhere, noRoute, self)) {
            assertTrue(resolver.request(d));
        }
        for (InetAddress d : List.of(elsewhere, noRoute, self)) {
            Reports.Report r = reports.await(d, MacAddress.NONE, 2_000);
            assertNotNull(r, () -> d + ": " + reports);
            assertEquals(0, r.state());
        }
        Thread.sleep(3 * REFRESH.toMillis());
        for (InetAddress d : List.of(elsewhere, noRoute, self)) {
            assertEquals(1, reports.of(d).size(), reports::toString);
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheResolver() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start((destination, mac, state) -> {
            calls.incrementAndGet();
            reports.onNextHop(destination, mac, state);
            throw new IllegalStateException("listener bug");
        });
        resolver.request(ip(hosts.v4(2)));
        assertNotNull(reports.await(ip(hosts.v4(2)), hosts.cliMac(), 5_000), reports::toString);
        resolver.request(ip(hosts.v6(2)));
        assertNotNull(reports.await(ip(hosts.v6(2)), hosts.cliMac(), 5_000), reports::toString);
        assertTrue(calls.get() >= 2);
    }

    @Test
    void aReleasedDestinationIsReportedAfreshWhenRequestedAgain() throws Exception {
        InetAddress d = ip(hosts.v4(2));
        start(reports);
        resolver.request(d);
        assertNotNull(reports.await(d, hosts.cliMac(), 5_000));
        int before = reports.of(d).size();
        assertTrue(resolver.release(d));
        Thread.sleep(100);
        assertTrue(resolver.request(d));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (reports.of(d).size() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(hosts.cliMac(), reports.last(d).mac(), reports::toString);
        assertTrue(reports.of(d).size() > before, reports::toString);
    }

    @Test
    void aRepeatedRequestForAWatchedDestinationIsAnsweredAgain() throws Exception {
        // A second endpoint at the same address (or an answer the agent could not take) asks again.
        InetAddress d = ip(hosts.v4(2));
        start(reports);
        resolver.request(d);
        assertNotNull(reports.await(d, hosts.cliMac(), 5_000));
        int before = reports.of(d).size();
        assertTrue(resolver.request(d));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (reports.of(d).size() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(before + 1, reports.of(d).size(), reports::toString);
        assertEquals(hosts.cliMac(), reports.last(d).mac());
    }
}
