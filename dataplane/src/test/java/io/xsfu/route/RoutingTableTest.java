package io.xsfu.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static InetSocketAddress remote(int port) {
        return new InetSocketAddress("10.0.0.2", port);
    }

    private static String[] ids(Transport[] ts) {
        return Arrays.stream(ts).map(Transport::participantId).toArray(String[]::new);
    }

    @Test
    void everyReceiverGetsEveryOtherSenderByDefault() {
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("r", "a", 40000, null, true, true, null)
                .participant("r", "b", 40001, remote(5002), true, true, null)
                .participant("r", "c", 40002, remote(5003), false, true, null)
                .build();
        assertArrayEquals(new String[] {"b", "c"}, ids(t.byLocalPort(40000).subscribers()));
        assertArrayEquals(new String[] {"a", "c"}, ids(t.byLocalPort(40001).subscribers()));
        assertEquals(0, t.byLocalPort(40002).subscribers().length, "c does not send");
        assertTrue(t.byLocalPort(40000).comedia());
        assertTrue(t.byLocalPort(40001).remote().known());
    }

    @Test
    void explicitSubscriptionsAndRoomsAreRespected() {
        RoutingTable t = RoutingTable.builder(40000, 40099)
                .participant("r1", "pub1", 40000, null, true, false, null)
                .participant("r1", "pub2", 40001, null, true, false, null)
                .participant("r1", "sub1", 40010, remote(6000), false, true, List.of("pub1"))
                .participant("r1", "sub2", 40011, remote(6001), false, true, List.of("pub2", "pub1"))
                .participant("r2", "other", 40020, remote(6002), false, true, null)
                .build();
        assertArrayEquals(new String[] {"sub1", "sub2"}, ids(t.byLocalPort(40000).subscribers()));
        assertArrayEquals(new String[] {"sub2"}, ids(t.byLocalPort(40001).subscribers()));
        assertEquals(5, t.transports().size());
    }

    @Test
    void lookupOutsideTheRangeOrOnAFreePortFindsNothing() {
        RoutingTable t = RoutingTable.builder(40000, 40009).participant("r", "a", 40005, null, true, true, null).build();
        assertNull(t.byLocalPort(39999));
        assertNull(t.byLocalPort(40010));
        assertNull(t.byLocalPort(40004));
        assertEquals("r/a", t.byLocalPort(40005).key());
    }

    @Test
    void inconsistentInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009)
                .participant("r", "a", 40000, null, true, true, null)
                .participant("s", "b", 40000, null, true, true, null).build());
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009)
                .participant("r", "a", 40010, null, true, true, null));
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40000, 40009)
                .participant("r", "a", 40000, null, true, true, null)
                .participant("r", "a", 40001, null, true, true, null));
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.builder(40010, 40000));
    }
}
