package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class AttributeCursorTest {
    private final Arena arena = Arena.ofAuto();

    private AttributeCursor over(byte[] attributes) {
        MemorySegment s = new Datagram().raw(attributes).segment(arena);
        return new AttributeCursor().wrap(s, 0, attributes.length);
    }

    @Test
    void readsValuesOfEveryWidthAcrossPadding() {
        byte[] attrs = Datagram.body()
                .attr(1, new byte[] {7})                  // u8, 3 bytes of padding
                .attr(2, new byte[] {0x34, 0x12})         // u16, 2 bytes of padding
                .attrU32(3, 0xdeadbeef)
                .attrString(4, "veth0")
                .attr(5, new byte[] {1, 2, 3, 4, 5, 6})
                .build();
        AttributeCursor a = over(attrs);
        assertTrue(a.next());
        assertEquals(7, a.u8());
        assertTrue(a.next());
        assertEquals(0x1234, a.u16());
        assertTrue(a.next());
        assertEquals(0xdeadbeef, a.u32());
        assertTrue(a.next());
        assertEquals("veth0", a.string());
        assertTrue(a.next());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, a.bytes());
        assertFalse(a.next());
    }

    @Test
    void nestedAndByteOrderFlagsAreNotPartOfTheType() {
        byte[] attrs = Datagram.body().attr(0x8000 | 26, new byte[4]).attr(0x4000 | 3, new byte[4]).build();
        AttributeCursor a = over(attrs);
        assertTrue(a.next());
        assertEquals(26, a.type());
        assertTrue(a.nested());
        assertTrue(a.next());
        assertEquals(3, a.type());
        assertFalse(a.nested());
    }

    @Test
    void anAttributeRunningPastItsMessageIsAProtocolError() {
        byte[] attrs = Datagram.body().attrU32(1, 1).build();
        attrs[0] = 12; // claims 12 bytes, 8 present
        assertThrows(NetlinkProtocolException.class, () -> over(attrs).next());
    }

    @Test
    void anAttributeShorterThanItsHeaderIsAProtocolError() {
        byte[] attrs = {2, 0, 1, 0};
        assertThrows(NetlinkProtocolException.class, () -> over(attrs).next());
    }

    @Test
    void aValueTooShortForItsWidthIsAProtocolError() {
        AttributeCursor a = over(Datagram.body().attr(1, new byte[] {1, 2}).build());
        assertTrue(a.next());
        assertThrows(NetlinkProtocolException.class, a::u32);
    }

    @Test
    void slackAfterTheLastAttributeEndsTheWalk() {
        byte[] attrs = Datagram.body().attrU32(1, 5).bytes(new byte[] {0, 0}).build();
        AttributeCursor a = over(attrs);
        assertTrue(a.next());
        assertFalse(a.next());
    }

    @Test
    void aStringWithoutTerminatorEndsAtItsLength() {
        AttributeCursor a = over(Datagram.body().attr(3, new byte[] {'e', 't', 'h'}).build());
        assertTrue(a.next());
        assertEquals("eth", a.string());
    }
}
