package io.xsfu.netlink;

import static io.xsfu.netlink.MessageWriter.ATTR_HEADER_SIZE;
import static io.xsfu.netlink.MessageWriter.ATTR_LENGTH_OFFSET;
import static io.xsfu.netlink.MessageWriter.ATTR_TYPE_OFFSET;
import static io.xsfu.netlink.MessageWriter.U16;
import static io.xsfu.netlink.MessageWriter.U32;
import static io.xsfu.netlink.MessageWriter.U8;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Walks the type-length-value attributes between two offsets in place. Attributes start on 4-byte
 * boundaries; the type's top two bits are flags (nested, network byte order) and are masked off.
 */
final class AttributeCursor {
    static final int NLA_F_NESTED = 0x8000;
    static final int NLA_F_NET_BYTEORDER = 0x4000;
    static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    private MemorySegment segment;
    private int limit;
    private int next;
    private int offset;
    private int length;

    AttributeCursor wrap(MemorySegment segment, int start, int end) {
        if (start < 0 || end > segment.byteSize() || start > end) {
            throw new IllegalArgumentException("attribute range " + start + ".." + end + " outside its buffer");
        }
        this.segment = segment;
        this.next = start;
        this.limit = end;
        this.offset = -1;
        this.length = 0;
        return this;
    }

    /** The attributes after a family header of {@code familyHeaderSize} bytes in the cursor's current message. */
    AttributeCursor wrap(MessageCursor message, int familyHeaderSize) {
        int start = message.payloadOffset() + NetlinkHeader.align(familyHeaderSize);
        return wrap(message.segment(), Math.min(start, message.end()), message.end());
    }

    boolean next() {
        int remaining = limit - next;
        // Fewer bytes than an attribute header is alignment slack after the last attribute.
        if (remaining < ATTR_HEADER_SIZE) {
            return false;
        }
        int len = segment.get(U16, next + ATTR_LENGTH_OFFSET) & 0xffff;
        if (len < ATTR_HEADER_SIZE || len > remaining) {
            throw new NetlinkProtocolException("netlink attribute at " + next + " has length " + len
                    + " with " + remaining + " bytes left");
        }
        offset = next;
        length = len;
        next = Math.min(limit, offset + NetlinkHeader.align(len));
        return true;
    }

    int type() {
        return segment.get(U16, offset + ATTR_TYPE_OFFSET) & NLA_TYPE_MASK;
    }

    boolean nested() {
        return (segment.get(U16, offset + ATTR_TYPE_OFFSET) & NLA_F_NESTED) != 0;
    }

    int valueOffset() {
        return offset + ATTR_HEADER_SIZE;
    }

    int valueLength() {
        return length - ATTR_HEADER_SIZE;
    }

    int u8() {
        require(1);
        return segment.get(U8, valueOffset()) & 0xff;
    }

    int u16() {
        require(2);
        return segment.get(U16, valueOffset()) & 0xffff;
    }

    int u32() {
        require(4);
        return segment.get(U32, valueOffset());
    }

    byte[] bytes() {
        byte[] value = new byte[valueLength()];
        MemorySegment.copy(segment, U8, valueOffset(), value, 0, value.length);
        return value;
    }

    /** A string attribute, up to its first NUL (the kernel includes the terminator in the length). */
    String string() {
        int n = valueLength();
        int end = 0;
        while (end < n && segment.get(U8, valueOffset() + end) != 0) {
            end++;
        }
        byte[] value = new byte[end];
        MemorySegment.copy(segment, U8, valueOffset(), value, 0, end);
        return new String(value, StandardCharsets.UTF_8);
    }

    private void require(int size) {
        if (valueLength() < size) {
            throw new NetlinkProtocolException("netlink attribute " + type() + " has " + valueLength()
                    + " bytes, needs " + size);
        }
    }
}
