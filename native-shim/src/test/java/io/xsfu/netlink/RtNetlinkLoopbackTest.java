package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.sys.NativeException;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real requests to the kernel that need no privilege and change nothing: reads about the loopback interface of
 * the namespace the tests run in. The namespace tests with veths and neighbours are RtNetlinkIT (dataplane).
 */
class RtNetlinkLoopbackTest {
    private RtNetlink rt;

    @BeforeEach
    void open() {
        rt = RtNetlink.open();
    }

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void loopbackByNameAndByIndexAgree() {
        Link byName = rt.link("lo");
        assertEquals("lo", byName.name());
        assertEquals(0L, byName.mac());
        assertTrue(byName.up());
        assertTrue(byName.numRxQueues() >= 1);
        assertEquals(byName, rt.link(byName.index()));
    }

    @Test
    void aMissingInterfaceIsNoSuchDeviceWithTheRequestNamed() {
        NativeException e = assertThrows(NativeException.NoSuchDeviceException.class, () -> rt.link("xsfu-none0"));
        assertTrue(e.getMessage().contains("RTM_GETLINK"), e.getMessage());
        assertTrue(e.getMessage().contains("xsfu-none0"), e.getMessage());
    }

    @Test
    void loopbackAddressIsLocal() throws Exception {
        int lo = rt.link("lo").index();
        assertTrue(rt.addresses(lo).contains(InetAddress.getByName("127.0.0.1")));
        Route r = rt.route(InetAddress.getByName("127.0.0.1"));
        assertEquals(Route.RTN_LOCAL, r.type());
        assertEquals(lo, r.oif());
        assertFalse(r.unicast());
    }

    @Test
    void noNeighbourEntryIsNull() throws Exception {
        int lo = rt.link("lo").index();
        assertNull(rt.neighbour(lo, InetAddress.getByName("127.0.0.42")));
    }

    @Test
    void manyRequestsOnOneSocketStayInStep() throws Exception {
        int lo = rt.link("lo").index();
        for (int i = 0; i < 500; i++) {
            assertEquals(lo, rt.link(lo).index());
            assertEquals(lo, rt.route(InetAddress.getByName("127.0.0.1")).oif());
        }
    }

    @Test
    void loopbackReportsNoChannelsSoQueuesComeFromTheLink() {
        // lo has no ethtool get_channels: the count falls back to IFLA_NUM_RX_QUEUES.
        assertEquals(rt.link("lo").numRxQueues(), InterfaceQueues.rxQueueCount("lo"));
    }
}
