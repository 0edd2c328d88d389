package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressMessageTest {
    private final Arena arena = Arena.ofAuto();

    private InetAddress decode(byte[] body) {
        Datagram d = new Datagram().message(AddressMessage.RTM_NEWADDR, NetlinkHeader.NLM_F_MULTI, 1, body);
        MessageCursor m = new MessageCursor().wrap(d.segment(arena), d.bytes().length);
        assertTrue(m.next());
        return AddressMessage.decodeAddress(m, new AttributeCursor());
    }

    @Test
    void prefersTheLocalAddressOverThePeerOfAPointToPointLink() throws Exception {
        byte[] body = Datagram.body().bytes(new byte[] {2, 32, 0, 0}).u32(4)
                .attr(AddressMessage.IFA_ADDRESS, new byte[] {10, 9, 9, 9})
                .attr(AddressMessage.IFA_LOCAL, new byte[] {10, 0, 0, 1})
                .build();
        assertEquals(InetAddress.getByName("10.0.0.1"), decode(body));
    }

    @Test
    void ipv6HasOnlyTheAddressAttribute() throws Exception {
        byte[] ip = InetAddress.getByName("fd00:1::5").getAddress();
        byte[] body = Datagram.body().bytes(new byte[] {10, 64, 0, 0}).u32(4)
                .attr(AddressMessage.IFA_ADDRESS, ip).build();
        InetAddress a = decode(body);
        assertEquals(InetAddress.getByName("fd00:1::5"), a);
        assertEquals(0, ((Inet6Address) a).getScopeId());
    }

    @Test
    void linkLocalAddressesCarryTheirInterfaceAsScope() throws Exception {
        byte[] ip = InetAddress.getByName("fe80::1").getAddress();
        byte[] body = Datagram.body().bytes(new byte[] {10, 64, 0, (byte) 253}).u32(6)
                .attr(AddressMessage.IFA_ADDRESS, ip).build();
        Inet6Address a = assertInstanceOf(Inet6Address.class, decode(body));
        assertEquals(6, a.getScopeId());
    }

    @Test
    void aMessageWithoutAddressYieldsNothing() {
        assertNull(decode(Datagram.body().bytes(new byte[] {2, 24, 0, 0}).u32(1).build()));
    }
}
