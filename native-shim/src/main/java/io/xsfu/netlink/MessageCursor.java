package io.xsfu.netlink;

import static io.xsfu.netlink.MessageWriter.U16;
import static io.xsfu.netlink.MessageWriter.U32;

import java.lang.foreign.MemorySegment;

/**
 * Walks the messages of one received datagram in place (a datagram may hold several, as in a dump).
 * Every length is checked against the datagram before it is used; a violation is a
 * {@link NetlinkProtocolException}, never a read outside the data.
 */
final class MessageCursor {
    private MemorySegment segment;
    private int limit;
    private int next;
    private int offset;
    private int length;

    /** Wraps the first {@code datagramLength} bytes of {@code segment}. */
    MessageCursor wrap(MemorySegment segment, int datagramLength) {
        if (datagramLength < 0 || datagramLength > segment.byteSize()) {
            throw new IllegalArgumentException("datagram length " + datagramLength + " outside its buffer");
        }
        this.segment = segment;
        this.limit = datagramLength;
        this.next = 0;
        this.offset = -1;
        this.length = 0;
        return this;
    }

    /** Moves to the next message; false at the end of the datagram. */
    boolean next() {
        int remaining = limit - next;
        if (remaining <= 0) {
            return false;
        }
        if (remaining < NetlinkHeader.SIZE) {
            throw new NetlinkProtocolException(remaining + " trailing bytes after the last netlink message");
        }
        int len = segment.get(U32, next + NetlinkHeader.LENGTH_OFFSET);
        if (len < NetlinkHeader.SIZE || len > remaining) {
            throw new NetlinkProtocolException("netlink message at " + next + " has length " + len
                    + " with " + remaining + " bytes left in the datagram");
        }
        offset = next;
        length = len;
        // The last message of a datagram need not be padded.
        next = Math.min(limit, offset + NetlinkHeader.align(len));
        return true;
    }

    MemorySegment segment() {
        return segment;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    int type() {
        return segment.get(U16, offset + NetlinkHeader.TYPE_OFFSET) & 0xffff;
    }

    int flags() {
        return segment.get(U16, offset + NetlinkHeader.FLAGS_OFFSET) & 0xffff;
    }

    int sequence() {
        return segment.get(U32, offset + NetlinkHeader.SEQ_OFFSET);
    }

    int portId() {
        return segment.get(U32, offset + NetlinkHeader.PID_OFFSET);
    }

    int payloadOffset() {
        return offset + NetlinkHeader.SIZE;
    }

    int payloadLength() {
        return length - NetlinkHeader.SIZE;
    }

    int end() {
        return offset + length;
    }

    /** Checks that the payload holds at least a family header of {@code size} bytes. */
    void requirePayload(int size, String what) {
        if (payloadLength() < size) {
            throw new NetlinkProtocolException(what + " needs " + size + " bytes, message has " + payloadLength());
        }
    }
}
