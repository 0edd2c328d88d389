package io.xsfu.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds netlink datagrams byte by byte, independently of {@link MessageWriter}, the way the kernel lays
 * them out (host order, 4-byte alignment), so that parsing is tested against a second implementation.
 */
final class Datagram {
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

    /** One message; {@code body} is the family header followed by attributes, already aligned. */
    Datagram message(int type, int flags, int seq, byte[] body, boolean padLast) {
        int length = 16 + body.length;
        out.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        out.put(body);
        if (padLast) {
            while (out.position() % 4 != 0) {
                out.put((byte) 0);
            }
        }
        return this;
    }

    Datagram message(int type, int flags, int seq, byte[] body) {
        return message(type, flags, seq, body, true);
    }

    Datagram raw(byte[] bytes) {
        out.put(bytes);
        return this;
    }

    byte[] bytes() {
        byte[] b = new byte[out.position()];
        out.duplicate().flip().get(b);
        return b;
    }

    /** The datagram in native memory, as {@link MessageCursor} reads it. */
    MemorySegment segment(Arena arena) {
        byte[] b = bytes();
        MemorySegment s = arena.allocate(Math.max(1, b.length));
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        return s;
    }

    /** A family header and attributes. */
    static final class Body {
        private final ByteBuffer b = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);

        Body bytes(byte... header) {
            b.put(header);
            return this;
        }

        Body u8(int v) {
            b.put((byte) v);
            return this;
        }

        Body u16(int v) {
            b.putShort((short) v);
            return this;
        }

        Body u32(int v) {
            b.putInt(v);
            return this;
        }

        Body attr(int type, byte[] value) {
            b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
            while (b.position() % 4 != 0) {
                b.put((byte) 0);
            }
            return this;
        }

        Body attrU32(int type, int value) {
            return attr(type, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        }

        Body attrString(int type, String value) {
            byte[] s = value.getBytes();
            byte[] z = new byte[s.length + 1];
            System.arraycopy(s, 0, z, 0, s.length);
            return attr(type, z);
        }

        byte[] build() {
            byte[] out = new byte[b.position()];
            b.duplicate().flip().get(out);
            return out;
        }
    }

    static Body body() {
        return new Body();
    }

    /** Every message of a datagram as (type, seq) pairs, through the cursor under test. */
    static List<int[]> typesAndSequences(MemorySegment segment, int length) {
        List<int[]> seen = new ArrayList<>();
        MessageCursor c = new MessageCursor().wrap(segment, length);
        while (c.next()) {
            seen.add(new int[] {c.type(), c.sequence()});
        }
        return seen;
    }
}
