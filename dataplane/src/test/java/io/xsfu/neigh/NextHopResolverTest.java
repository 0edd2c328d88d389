package io.xsfu.neigh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.net.MacAddress;
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
    void requestAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        InetAddress d = InetAddress.getByName("127.0.0.1");
        try (NextHopResolver r = new NextHopResolver("lo", (dest, m, s) -> { }, Duration.ofSeconds(1))) {
            for (int i = 0; i < 100; i++) {
                r.request(d); // warm-up: class loading and the first calls may allocate
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            int accepted = 0;
            for (int i = 0; i < 2_000; i++) {
                accepted += r.request(d) ? 1 : 0; // accepted until full, then refused: both paths
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(1024 - 100, accepted);
            assertEquals(0, allocated, "bytes allocated by 2000 requests");
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
