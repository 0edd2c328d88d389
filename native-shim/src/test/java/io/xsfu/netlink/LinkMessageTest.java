package io.xsfu.netlink;

import io.xsfu.net.MacAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class LinkMessageTest {
    private final Arena arena = Arena.ofAuto();

    private static Link decode(Arena arena, byte[] body) {
        Datagram d = new Datagram().message(LinkMessage.RTM_NEWLINK, 0, 1, body);
        MessageCursor m = new MessageCursor().wrap(d.segment(arena), d.bytes().length);
        assertTrue(m.next());
        return LinkMessage.decode(m, new AttributeCursor());
    }

    @Test
    void decodesTheFieldsXsfuNeedsAndSkipsTheRest() {
        byte[] body = Datagram.body()
                .u8(0).u8(0).u16(1).u32(7).u32(LinkMessage.IFF_UP | LinkMessage.IFF_RUNNING | 0x1000).u32(0)
                .attrString(LinkMessage.IFLA_IFNAME, "sfu")
                .attr(LinkMessage.IFLA_ADDRESS, new byte[] {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30})
                .attr(0x8000 | 18, new byte[12]) // IFLA_LINKINFO, nested: ignored
                .attrU32(LinkMessage.IFLA_MTU, 9000)
                .attrU32(LinkMessage.IFLA_NUM_TX_QUEUES, 4)
                .attrU32(LinkMessage.IFLA_NUM_RX_QUEUES, 2)
                .attrU32(LinkMessage.IFLA_LINK, 9)
                .build();
        Link link = decode(arena, body);
        assertEquals(new Link(7, "sfu", 0x02005e102030L, 9000, true, true, 2, 4, 9), link);
    }

    @Test
    void aLinkWithoutEthernetAddressHasNone() {
        byte[] body = Datagram.body().u8(0).u8(0).u16(65534).u32(3).u32(0).u32(0)
                .attrString(LinkMessage.IFLA_IFNAME, "tun0")
                .attr(LinkMessage.IFLA_ADDRESS, new byte[0])
                .build();
        Link link = decode(arena, body);
        assertEquals(MacAddress.NONE, link.mac());
        assertFalse(link.up());
        assertEquals(0, link.linkIndex());
    }

    @Test
    void aTruncatedFamilyHeaderIsAProtocolError() {
        assertThrows(NetlinkProtocolException.class, () -> decode(arena, new byte[8]));
    }
}
