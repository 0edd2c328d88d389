package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class MessageWriterTest {
    private final Arena arena = Arena.ofAuto();

    private MessageWriter writer(int size) {
        MemorySegment buffer = arena.allocate(size);
        buffer.fill((byte) 0x5a); // garbage that padding must overwrite
        return new MessageWriter(buffer);
    }

    private static byte[] bytes(MemorySegment s, int length) {
        return s.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void attributesArePaddedWithZerosToFourBytes() {
        MessageWriter w = writer(256);
        w.begin(30, 0x0301, 0x01020304);
        int h = w.familyHeader(12);
        w.u8(h, 2).u32(h + 4, 7);
        w.attribute(1, new byte[] {10, 0, 0, 1, 9}); // 5-byte value: 9 bytes, padded to 12
        w.attributeU32(8, 0x11223344);
        int length = w.finish();

        byte[] expected = {
            // nlmsghdr: len 48, type 30, flags 0x0301, seq 0x01020304, pid 0
            48, 0, 0, 0, 30, 0, 1, 3, 4, 3, 2, 1, 0, 0, 0, 0,
            // 12-byte family header
            2, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
            // attr len 9 type 1, value, 3 zero bytes of padding
            9, 0, 1, 0, 10, 0, 0, 1, 9, 0, 0, 0,
            // attr len 8 type 8, u32
            8, 0, 8, 0, 0x44, 0x33, 0x22, 0x11};
        assertEquals(48, length);
        assertArrayEquals(expected, bytes(w.buffer(), length));
    }

    @Test
    void familyHeaderOfOddSizeIsAlignedAndZeroed() {
        MessageWriter w = writer(64);
        w.begin(1, 0, 0);
        int h = w.familyHeader(5);
        w.attributeU32(3, 1);
        int length = w.finish();
        assertEquals(16, h);
        assertEquals(16 + 8 + 8, length);
        for (int i = 0; i < 8; i++) {
            assertEquals(0, w.buffer().get(ValueLayout.JAVA_BYTE, h + i), "header byte " + i);
        }
        assertEquals(8, w.buffer().get(ValueLayout.JAVA_SHORT, h + 8));
    }

    @Test
    void stringsAreNulTerminated() {
        MessageWriter w = writer(64);
        w.begin(18, 1, 1);
        w.familyHeader(16);
        w.attributeString(3, "sfu0");
        int length = w.finish();
        byte[] b = bytes(w.buffer(), length);
        // attr at 32: len = 4 + 5 ("sfu0\0"), padded to 12
        assertEquals(9, b[32]);
        assertArrayEquals(new byte[] {'s', 'f', 'u', '0', 0, 0, 0, 0}, java.util.Arrays.copyOfRange(b, 36, 44));
        assertEquals(44, length);
    }

    @Test
    void beginStartsAFreshMessage() {
        MessageWriter w = writer(128);
        w.begin(1, 0, 1);
        w.familyHeader(16);
        w.attributeU32(1, 1);
        w.finish();
        w.begin(2, 0, 2);
        assertEquals(16, w.finish());
        assertEquals(2, w.sequence());
    }

    @Test
    void overflowingTheBufferIsAnErrorNotACorruption() {
        MessageWriter w = writer(32);
        w.begin(1, 0, 1);
        assertThrows(IllegalStateException.class, () -> w.attribute(1, new byte[20]));
    }

    @Test
    void writtenRequestsParseBackThroughTheCursors() throws Exception {
        MessageWriter w = writer(256);
        InetAddress dst = InetAddress.getByName("fd00::1:2");
        int length = RouteMessage.writeGet(w, 77, dst, 5);
        MessageCursor m = new MessageCursor().wrap(w.buffer(), length);
        assertTrue(m.next());
        assertEquals(RouteMessage.RTM_GETROUTE, m.type());
        assertEquals(77, m.sequence());
        assertEquals(NetlinkHeader.NLM_F_REQUEST, m.flags());
        assertEquals(10, w.buffer().get(ValueLayout.JAVA_BYTE, m.payloadOffset() + RouteMessage.FAMILY_OFFSET));
        assertEquals(128, w.buffer().get(ValueLayout.JAVA_BYTE, m.payloadOffset() + RouteMessage.DST_LEN_OFFSET) & 0xff);
        AttributeCursor a = new AttributeCursor().wrap(m, RouteMessage.SIZE);
        assertTrue(a.next());
        assertEquals(RouteMessage.RTA_DST, a.type());
        assertArrayEquals(dst.getAddress(), a.bytes());
        assertTrue(a.next());
        assertEquals(RouteMessage.RTA_OIF, a.type());
        assertEquals(5, a.u32());
        assertFalse(a.next());
        assertFalse(m.next());
    }

    @Test
    void probeRequestCreatesWithUseAndNeverCarriesALinkLayerAddress() throws Exception {
        MessageWriter w = writer(128);
        int length = NeighbourMessage.writeUse(w, 9, 4, InetAddress.getByName("10.1.2.3"));
        MessageCursor m = new MessageCursor().wrap(w.buffer(), length);
        assertTrue(m.next());
        assertEquals(NeighbourMessage.RTM_NEWNEIGH, m.type());
        assertEquals(NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_ACK | NetlinkHeader.NLM_F_CREATE, m.flags());
        int p = m.payloadOffset();
        assertEquals(4, w.buffer().get(ValueLayout.JAVA_INT, p + NeighbourMessage.IFINDEX_OFFSET));
        assertEquals(NeighbourMessage.NTF_USE, w.buffer().get(ValueLayout.JAVA_BYTE, p + NeighbourMessage.FLAGS_OFFSET));
        assertEquals(0, w.buffer().get(ValueLayout.JAVA_SHORT, p + NeighbourMessage.STATE_OFFSET));
        AttributeCursor a = new AttributeCursor().wrap(m, NeighbourMessage.SIZE);
        int attributes = 0;
        while (a.next()) {
            attributes++;
            assertEquals(NeighbourMessage.NDA_DST, a.type());
        }
        assertEquals(1, attributes);
    }

    @Test
    void neighbourDumpFiltersByAttributeWithAZeroHeaderIndex() {
        MessageWriter w = writer(128);
        int length = NeighbourMessage.writeDump(w, 3, 10, 7);
        MessageCursor m = new MessageCursor().wrap(w.buffer(), length);
        assertTrue(m.next());
        assertEquals(NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_DUMP, m.flags());
        assertEquals(0, w.buffer().get(ValueLayout.JAVA_INT, m.payloadOffset() + NeighbourMessage.IFINDEX_OFFSET));
        AttributeCursor a = new AttributeCursor().wrap(m, NeighbourMessage.SIZE);
        assertTrue(a.next());
        assertEquals(NeighbourMessage.NDA_IFINDEX, a.type());
        assertEquals(7, a.u32());
    }
}
