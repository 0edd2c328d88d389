package io.xsfu.neigh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.netlink.MacAddress;
import io.xsfu.sys.NativeException;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What needs no namespace: the request queue and the loopback interface of the test's own namespace (read,
 * never changed). Resolution against a real peer is NextHopResolverIT.
 */
class NextHopResolverTest {

    @Test
    void requestsAreRefusedOnlyWhenTheQueueIsFull() throws Exception {
        try (NextHopResolver r = new NextHopResolver("lo", (d, m, s) -> { }, Duration.ofSeconds(1))) {
            InetAddress d = InetAddress.getByName("127.0.0.1");
            int accepted = 0;
            while (r.request(d)) {
                accepted++;
                assertTrue(accepted <= 1024, "queue is bounded");
            }
            assertEquals(1024, accepted);
            assertFalse(r.request(d));
        }
    }

    @Test
    void anUnknownInterfaceFailsAtConstruction() {
        assertThrows(NativeException.NoSuchDeviceException.class,
                () -> new NextHopResolver("xsfu-none0", (d, m, s) -> { }, Duration.ofSeconds(1)));
    }

    @Test
    void aNonPositiveRefreshIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new NextHopResolver("lo", (d, m, s) -> { }, Duration.ZERO));
    }

    @Test
    void aLocalDestinationHasNoNextHop() throws Exception {
        Reports reports = new Reports();
        InetAddress local = InetAddress.getByName("127.0.0.1");
        try (NextHopResolver r = new NextHopResolver("lo", reports, Duration.ofMillis(100))) {
            r.start();
            assertTrue(r.request(local));
            Reports.Report report = reports.await(local, MacAddress.NONE, 2_000);
            assertNotNull(report, reports::toString);
            assertEquals(0, report.state());
        }
    }
}
