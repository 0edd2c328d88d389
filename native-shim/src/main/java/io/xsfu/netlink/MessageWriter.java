package io.xsfu.netlink;

import static io.xsfu.netlink.NetlinkHeader.align;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Builds one netlink request in place: the header, a fixed family header (ifinfomsg, rtmsg, ...) and
 * type-length-value attributes, each padded to 4 bytes with zeros. Reused for every request of a socket.
 */
final class MessageWriter {
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    /** struct nlattr / rtattr: u16 length (header included, padding excluded), u16 type. */
    static final int ATTR_LENGTH_OFFSET = 0;
    static final int ATTR_TYPE_OFFSET = 2;
    static final int ATTR_HEADER_SIZE = 4;

    private final MemorySegment buffer;
    private int position;

    MessageWriter(MemorySegment buffer) {
        this.buffer = buffer;
    }

    MemorySegment buffer() {
        return buffer;
    }

    /** Starts a message; the family header and attributes follow. */
    MessageWriter begin(int type, int flags, int seq) {
        position = 0;
        ensure(NetlinkHeader.SIZE);
        buffer.asSlice(0, NetlinkHeader.SIZE).fill((byte) 0);
        buffer.set(U16, NetlinkHeader.TYPE_OFFSET, (short) type);
        buffer.set(U16, NetlinkHeader.FLAGS_OFFSET, (short) flags);
        buffer.set(U32, NetlinkHeader.SEQ_OFFSET, seq);
        position = NetlinkHeader.SIZE;
        return this;
    }

    /** Reserves a zeroed family header of {@code size} bytes; returns its offset for the caller's field writes. */
    int familyHeader(int size) {
        int offset = position;
        int padded = align(size);
        ensure(padded);
        buffer.asSlice(offset, padded).fill((byte) 0);
        position += padded;
        return offset;
    }

    MessageWriter u8(int offset, int value) {
        buffer.set(U8, offset, (byte) value);
        return this;
    }

    MessageWriter u16(int offset, int value) {
        buffer.set(U16, offset, (short) value);
        return this;
    }

    MessageWriter u32(int offset, int value) {
        buffer.set(U32, offset, value);
        return this;
    }

    MessageWriter attribute(int type, byte[] value) {
        int start = attributeHeader(type, value.length);
        MemorySegment.copy(value, 0, buffer, U8, start + ATTR_HEADER_SIZE, value.length);
        return attributeEnd(start, value.length);
    }

    MessageWriter attributeU32(int type, int value) {
        int start = attributeHeader(type, 4);
        buffer.set(U32, start + ATTR_HEADER_SIZE, value);
        return attributeEnd(start, 4);
    }

    /** A NUL-terminated string, as the kernel's NLA_NUL_STRING / NLA_STRING policies expect. */
    MessageWriter attributeString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNul, 0, bytes.length);
        return attribute(type, withNul);
    }

    /** Writes nlmsg_len and returns the message length. */
    int finish() {
        buffer.set(U32, NetlinkHeader.LENGTH_OFFSET, position);
        return position;
    }

    int sequence() {
        return buffer.get(U32, NetlinkHeader.SEQ_OFFSET);
    }

    private int attributeHeader(int type, int valueLength) {
        int total = ATTR_HEADER_SIZE + valueLength;
        if (total > 0xffff) {
            throw new IllegalArgumentException("netlink attribute " + type + " too long: " + valueLength);
        }
        ensure(align(total));
        int start = position;
        buffer.set(U16, start + ATTR_LENGTH_OFFSET, (short) total);
        buffer.set(U16, start + ATTR_TYPE_OFFSET, (short) type);
        return start;
    }

    private MessageWriter attributeEnd(int start, int valueLength) {
        int total = ATTR_HEADER_SIZE + valueLength;
        int padded = align(total);
        // Padding must be zero: strict kernel parsers reject garbage after an attribute.
        for (int i = total; i < padded; i++) {
            buffer.set(U8, start + i, (byte) 0);
        }
        position = start + padded;
        return this;
    }

    private void ensure(int bytes) {
        if (position + bytes > buffer.byteSize()) {
            throw new IllegalStateException("netlink request larger than its " + buffer.byteSize() + "-byte buffer");
        }
    }
}
