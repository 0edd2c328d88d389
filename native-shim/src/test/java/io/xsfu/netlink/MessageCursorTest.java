package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCursorTest {
    private final Arena arena = Arena.ofAuto();

    @Test
    void walksAMultipartDumpUpToDone() {
        byte[] addr = Datagram.body().bytes(new byte[] {2, 24, 0, 0}).u32(3)
                .attr(AddressMessage.IFA_LOCAL, new byte[] {10, 0, 0, 1}).build();
        Datagram d = new Datagram()
                .message(AddressMessage.RTM_NEWADDR, NetlinkHeader.NLM_F_MULTI, 42, addr)
                .message(AddressMessage.RTM_NEWADDR, NetlinkHeader.NLM_F_MULTI, 42, addr)
                .message(NetlinkHeader.NLMSG_DONE, NetlinkHeader.NLM_F_MULTI, 42, new byte[4]);
        MemorySegment s = d.segment(arena);
        List<int[]> seen = Datagram.typesAndSequences(s, d.bytes().length);
        assertEquals(3, seen.size());
        assertEquals(AddressMessage.RTM_NEWADDR, seen.get(0)[0]);
        assertEquals(AddressMessage.RTM_NEWADDR, seen.get(1)[0]);
        assertEquals(NetlinkHeader.NLMSG_DONE, seen.get(2)[0]);
        seen.forEach(m -> assertEquals(42, m[1]));
    }

    @Test
    void messagesOfUnalignedLengthAreFollowedAtTheAlignedOffset() {
        byte[] odd = {1, 2, 3, 4, 5}; // message length 21, next message at 24
        Datagram d = new Datagram()
                .message(100, 0, 1, odd)
                .message(101, 0, 2, new byte[0]);
        MemorySegment s = d.segment(arena);
        MessageCursor c = new MessageCursor().wrap(s, d.bytes().length);
        assertTrue(c.next());
        assertEquals(21, c.length());
        assertEquals(5, c.payloadLength());
        assertTrue(c.next());
        assertEquals(24, c.offset());
        assertEquals(101, c.type());
        assertFalse(c.next());
    }

    @Test
    void theLastMessageNeedNotBePadded() {
        Datagram d = new Datagram().message(100, 0, 1, new byte[] {1, 2, 3}, false);
        MessageCursor c = new MessageCursor().wrap(d.segment(arena), 19);
        assertTrue(c.next());
        assertEquals(19, c.length());
        assertFalse(c.next());
    }

    @Test
    void aLengthPastTheDatagramIsAProtocolError() {
        Datagram d = new Datagram().message(100, 0, 1, new byte[8]);
        MemorySegment s = d.segment(arena);
        MessageCursor c = new MessageCursor().wrap(s, 20); // cut inside the message
        assertThrows(NetlinkProtocolException.class, c::next);
    }

    @Test
    void aLengthShorterThanTheHeaderIsAProtocolError() {
        byte[] bad = new Datagram().message(100, 0, 1, new byte[0]).bytes();
        bad[0] = 8;
        MemorySegment s = new Datagram().raw(bad).segment(arena);
        assertThrows(NetlinkProtocolException.class, () -> new MessageCursor().wrap(s, bad.length).next());
    }

    @Test
    void trailingBytesShorterThanAHeaderAreAProtocolError() {
        Datagram d = new Datagram().message(100, 0, 1, new byte[0]).raw(new byte[] {1, 2, 3, 4});
        MessageCursor c = new MessageCursor().wrap(d.segment(arena), d.bytes().length);
        assertTrue(c.next());
        assertThrows(NetlinkProtocolException.class, c::next);
    }

    @Test
    void anEmptyDatagramHasNoMessages() {
        assertFalse(new MessageCursor().wrap(arena.allocate(16), 0).next());
    }

    @Test
    void aDatagramLengthBeyondTheBufferIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MessageCursor().wrap(arena.allocate(16), 17));
    }
}
