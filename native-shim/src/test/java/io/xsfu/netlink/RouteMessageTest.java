package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RouteMessageTest {
    private final Arena arena = Arena.ofAuto();

    private Route decode(byte[] body) {
        Datagram d = new Datagram().message(RouteMessage.RTM_NEWROUTE, 0, 1, body);
        MessageCursor m = new MessageCursor().wrap(d.segment(arena), d.bytes().length);
        assertTrue(m.next());
        return RouteMessage.decode(m, new AttributeCursor());
    }

    private static Datagram.Body rtmsg(int family, int type) {
        // family, dst_len, src_len, tos, table, protocol, scope, type, flags
        return Datagram.body().bytes(new byte[] {(byte) family, 32, 0, 0, (byte) 254, 2, 0, (byte) type}).u32(0x200);
    }

    @Test
    void anOnLinkRouteHasNoGateway() throws Exception {
        Route r = decode(rtmsg(2, Route.RTN_UNICAST)
                .attr(RouteMessage.RTA_DST, new byte[] {10, 0, 0, 2})
                .attrU32(RouteMessage.RTA_OIF, 3)
                .attr(RouteMessage.RTA_PREFSRC, new byte[] {10, 0, 0, 1})
                .build());
        assertEquals(3, r.oif());
        assertTrue(r.onLink());
        assertTrue(r.unicast());
        assertEquals(InetAddress.getByName("10.0.0.1"), r.prefSrc());
        InetAddress dst = InetAddress.getByName("10.0.0.2");
        assertEquals(dst, r.nextHop(dst));
    }

    @Test
    void aGatewayIsTheNextHop() throws Exception {
        Route r = decode(rtmsg(2, Route.RTN_UNICAST)
                .attrU32(RouteMessage.RTA_OIF, 3)
                .attr(RouteMessage.RTA_GATEWAY, new byte[] {10, 0, 0, (byte) 254})
                .build());
        assertFalse(r.onLink());
        assertEquals(InetAddress.getByName("10.0.0.254"), r.nextHop(InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void aLinkLocalIpv6GatewayIsScopedToTheOutputInterface() throws Exception {
        Route r = decode(rtmsg(10, Route.RTN_UNICAST)
                .attrU32(RouteMessage.RTA_OIF, 5)
                .attr(RouteMessage.RTA_GATEWAY, InetAddress.getByName("fe80::1").getAddress())
                .build());
        assertEquals(5, ((Inet6Address) r.gateway()).getScopeId());
    }

    @Test
    void anIpv4RouteViaAnIpv6GatewayReadsRtaVia() throws Exception {
        byte[] v6 = InetAddress.getByName("fe80::2").getAddress();
        byte[] via = new byte[18];
        via[0] = 10; // AF_INET6, little-endian u16
        System.arraycopy(v6, 0, via, 2, 16);
        Route r = decode(rtmsg(2, Route.RTN_UNICAST).attrU32(RouteMessage.RTA_OIF, 2)
                .attr(RouteMessage.RTA_VIA, via).build());
        assertEquals(InetAddress.getByName("fe80::2"), r.gateway());
    }

    @Test
    void aMalformedViaIsAProtocolError() {
        byte[] via = {2, 0, 10, 0}; // AF_INET but only two address bytes
        assertThrows(NetlinkProtocolException.class,
                () -> decode(rtmsg(2, Route.RTN_UNICAST).attr(RouteMessage.RTA_VIA, via).build()));
    }

    @Test
    void aLocalRouteIsNotUnicast() {
        Route r = decode(rtmsg(2, Route.RTN_LOCAL).attrU32(RouteMessage.RTA_OIF, 1).build());
        assertFalse(r.unicast());
        assertNull(r.gateway());
    }
}
