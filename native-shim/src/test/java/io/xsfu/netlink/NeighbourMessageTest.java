package io.xsfu.netlink;

import io.xsfu.net.MacAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NeighbourMessageTest {
    private final Arena arena = Arena.ofAuto();

    private Neighbour decode(byte[] body) {
        Datagram d = new Datagram().message(NeighbourMessage.RTM_NEWNEIGH, 0, 1, body);
        MessageCursor m = new MessageCursor().wrap(d.segment(arena), d.bytes().length);
        assertTrue(m.next());
        return NeighbourMessage.decode(m, new AttributeCursor());
    }

    private static Datagram.Body ndmsg(int family, int ifindex, int state) {
        return Datagram.body().u8(family).u8(0).u16(0).u32(ifindex).u16(state).u8(0).u8(1);
    }

    private static byte[] cacheinfo(int confirmedTicks) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(confirmedTicks).putInt(5).putInt(6).putInt(1).array();
    }

    @Test
    void aReachableEntryHasItsMacAndConfirmationAge() throws Exception {
        Neighbour n = decode(ndmsg(2, 4, Neighbour.NUD_REACHABLE)
                .attr(NeighbourMessage.NDA_DST, new byte[] {10, 0, 0, 2})
                .attr(NeighbourMessage.NDA_LLADDR, new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, 1, 2, 3})
                .attrU32(4, 0) // NDA_PROBES: ignored
                .attr(NeighbourMessage.NDA_CACHEINFO, cacheinfo(250))
                .build());
        assertEquals(InetAddress.getByName("10.0.0.2"), n.ip());
        assertEquals(4, n.ifindex());
        assertEquals(0xaabbcc010203L, n.mac());
        assertEquals(2500, n.confirmedAgoMillis());
        assertTrue(n.isUsable());
        assertFalse(n.isStatic());
    }

    @Test
    void anIncompleteEntryHasNoMacAndIsNotUsable() throws Exception {
        Neighbour n = decode(ndmsg(10, 4, Neighbour.NUD_INCOMPLETE)
                .attr(NeighbourMessage.NDA_DST, InetAddress.getByName("fd00::9").getAddress()).build());
        assertEquals(MacAddress.NONE, n.mac());
        assertEquals(-1, n.confirmedAgoMillis());
        assertFalse(n.isUsable());
    }

    @Test
    void aStaticEntryIsUsableAndStatic() {
        Neighbour n = decode(ndmsg(2, 4, Neighbour.NUD_PERMANENT)
                .attr(NeighbourMessage.NDA_DST, new byte[] {10, 0, 0, 3})
                .attr(NeighbourMessage.NDA_LLADDR, new byte[] {2, 0, 0, 0, 0, 3}).build());
        assertTrue(n.isUsable());
        assertTrue(n.isStatic());
        assertEquals("PERMANENT", n.stateName());
    }

    @Test
    void anEntryWithoutDestinationIsSkipped() {
        assertNull(decode(ndmsg(2, 4, Neighbour.NUD_REACHABLE).build()));
    }

    @Test
    void stateNamesListEveryBit() {
        assertEquals("NONE", Neighbour.stateName(0));
        assertEquals("REACHABLE|PROBE", Neighbour.stateName(Neighbour.NUD_REACHABLE | Neighbour.NUD_PROBE));
    }
}
