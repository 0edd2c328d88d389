package io.xsfu.bench.load;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The load generator's datagram: a valid RTP header, then the stamp a receiver needs for one-way latency on
 * the same machine (a magic word and the sender's {@link System#nanoTime()} just before the send call), the
 * publisher's index and its packet count, zero padding up to the chosen size. Forwarders rewrite the RTP
 * header of their copies but not what follows it, so the stamp arrives as sent. The layout after the RTP header
 * is the XDP sink's ({@code bench_sink.h}).
 *
 * <p>Two layouts. Clear RTP: a 12-byte header, the stamp at the start of the payload. SRTP: the payload is
 * encrypted on the wire, so the stamp (the same 12 bytes) also rides in the one header extension element
 * (RFC 8285 one-byte form, id {@value #STAMP_EXTENSION_ID}), which SRTP authenticates but leaves in clear and
 * a forwarder keeps when both ends negotiated the id; the sink reads it there. The payload is laid out as in
 * clear RTP, so a decrypted packet reads the same.
 */
public final class LoadPacket {
    public static final int RTP_HEADER = 12;
    public static final int SEQUENCE_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;
    /** Offsets from the start of the RTP payload. */
    public static final int MAGIC_OFFSET = 0;
    public static final int SENT_NANOS_OFFSET = 4;
    public static final int STAMP_LENGTH = 12;
    public static final int PUBLISHER_OFFSET = 12;
    public static final int INDEX_OFFSET = 14;
    public static final int MIN_LENGTH = RTP_HEADER + 18;
    public static final int MAX_LENGTH = 1472;
    /** "xsfb". */
    public static final int MAGIC = 0x78736662;

    /** The SRTP layout's header extension: profile, length in words, one element holding the stamp, padding. */
    public static final int EXTENSION_PROFILE = 0xBEDE;
    public static final int STAMP_EXTENSION_ID = 1;
    public static final int EXTENSION_WORDS = 4;
    /** The element's header byte: id, then length - 1. */
    public static final int STAMP_ELEMENT = STAMP_EXTENSION_ID << 4 | (STAMP_LENGTH - 1);
    /** Offset of the stamp (magic, then send time) from the start of an SRTP-layout packet. */
    public static final int EXTENSION_STAMP_OFFSET = RTP_HEADER + 4 + 1;
    public static final int EXTENDED_HEADER = RTP_HEADER + 4 + 4 * EXTENSION_WORDS;
    public static final int MIN_EXTENDED_LENGTH = EXTENDED_HEADER + 18;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int EXTENSION_BIT = 0x10;

    private LoadPacket() {
    }

    /** Writes the fixed parts of one publisher's clear packet: RTP version 2, payload type, SSRC, magic, publisher. */
    public static void init(MemorySegment buf, int length, int payloadType, int ssrc, int publisher) {
        init(buf, length, payloadType, ssrc, publisher, false);
    }

    /**
     * As above; {@code stampInExtension}: the SRTP layout, whose header carries the stamp in an extension element.
     * {@code length} is the RTP packet's, before any SRTP tag.
     */
    public static void init(MemorySegment buf, int length, int payloadType, int ssrc, int publisher, boolean stampInExtension) {
        int min = stampInExtension ? MIN_EXTENDED_LENGTH : MIN_LENGTH;
        if (length < min || length > MAX_LENGTH) {
            throw new IllegalArgumentException("packet size must be " + min + ".." + MAX_LENGTH + ": " + length);
        }
        buf.asSlice(0, length).fill((byte) 0);
        buf.set(ValueLayout.JAVA_BYTE, 0, (byte) (stampInExtension ? 0x80 | EXTENSION_BIT : 0x80));
        buf.set(ValueLayout.JAVA_BYTE, 1, (byte) (payloadType & 0x7F));
        buf.set(U32, SSRC_OFFSET, ssrc);
        if (stampInExtension) {
            buf.set(U16, RTP_HEADER, (short) EXTENSION_PROFILE);
            buf.set(U16, RTP_HEADER + 2, (short) EXTENSION_WORDS);
            buf.set(ValueLayout.JAVA_BYTE, RTP_HEADER + 4, (byte) STAMP_ELEMENT);
            buf.set(U32, EXTENSION_STAMP_OFFSET + MAGIC_OFFSET, MAGIC);
        }
        int payload = stampInExtension ? EXTENDED_HEADER : RTP_HEADER;
        buf.set(U32, payload + MAGIC_OFFSET, MAGIC);
        buf.set(U16, payload + PUBLISHER_OFFSET, (short) publisher);
    }

    /**
     * The fields that change per packet: sequence number, RTP timestamp, the publisher's packet count, send time
     * (in the payload and, in the SRTP layout, in the extension too).
     */
    public static void stamp(MemorySegment buf, long offset, int sequence, int timestamp, long index, long sentNanos) {
        buf.set(U16, offset + SEQUENCE_OFFSET, (short) sequence);
        buf.set(U32, offset + TIMESTAMP_OFFSET, timestamp);
        long payload = offset + headerLength(buf, offset);
        buf.set(U32, payload + INDEX_OFFSET, (int) index);
        buf.set(U64, payload + SENT_NANOS_OFFSET, sentNanos);
        if (payload != offset + RTP_HEADER) {
            buf.set(U64, offset + EXTENSION_STAMP_OFFSET + SENT_NANOS_OFFSET, sentNanos);
        }
    }

    /** A packet of either layout with its stamp readable where the sink reads it (the extension, for SRTP). */
    public static boolean isStamped(MemorySegment buf, long offset, int length) {
        if (length < MIN_LENGTH || (buf.get(ValueLayout.JAVA_BYTE, offset) & 0xC0) != 0x80) {
            return false;
        }
        if (hasStampExtension(buf, offset, length)) {
            return buf.get(U32, offset + EXTENSION_STAMP_OFFSET + MAGIC_OFFSET) == MAGIC;
        }
        return (buf.get(ValueLayout.JAVA_BYTE, offset) & EXTENSION_BIT) == 0
                && buf.get(U32, offset + RTP_HEADER + MAGIC_OFFSET) == MAGIC;
    }

    /** Whether the packet is in the SRTP layout: the stamp's extension element first in a one-byte-header block. */
    public static boolean hasStampExtension(MemorySegment buf, long offset, int length) {
        return length >= EXTENDED_HEADER && (buf.get(ValueLayout.JAVA_BYTE, offset) & EXTENSION_BIT) != 0
                && (buf.get(U16, offset + RTP_HEADER) & 0xFFFF) == EXTENSION_PROFILE
                && (buf.get(ValueLayout.JAVA_BYTE, offset + RTP_HEADER + 4) & 0xFF) == STAMP_ELEMENT;
    }

    public static int sequence(MemorySegment buf, long offset) {
        return buf.get(U16, offset + SEQUENCE_OFFSET) & 0xFFFF;
    }

    public static long timestamp(MemorySegment buf, long offset) {
        return buf.get(U32, offset + TIMESTAMP_OFFSET) & 0xFFFF_FFFFL;
    }

    public static int ssrc(MemorySegment buf, long offset) {
        return buf.get(U32, offset + SSRC_OFFSET);
    }

    /** The publisher's index, from the payload (of an SRTP packet, once decrypted). */
    public static int publisher(MemorySegment buf, long offset) {
        return buf.get(U16, offset + headerLength(buf, offset) + PUBLISHER_OFFSET) & 0xFFFF;
    }

    /** The send time where the sink reads it: the extension in the SRTP layout, else the payload. */
    public static long sentNanos(MemorySegment buf, long offset) {
        if ((buf.get(ValueLayout.JAVA_BYTE, offset) & EXTENSION_BIT) != 0) {
            return buf.get(U64, offset + EXTENSION_STAMP_OFFSET + SENT_NANOS_OFFSET);
        }
        return buf.get(U64, offset + RTP_HEADER + SENT_NANOS_OFFSET);
    }

    /** The send time in the payload (of an SRTP packet, once decrypted). */
    public static long payloadSentNanos(MemorySegment buf, long offset) {
        return buf.get(U64, offset + headerLength(buf, offset) + SENT_NANOS_OFFSET);
    }

    private static int headerLength(MemorySegment buf, long offset) {
        return (buf.get(ValueLayout.JAVA_BYTE, offset) & EXTENSION_BIT) != 0 ? EXTENDED_HEADER : RTP_HEADER;
    }
}
