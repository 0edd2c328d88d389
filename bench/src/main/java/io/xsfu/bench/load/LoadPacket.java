package io.xsfu.bench.load;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The load generator's datagram: a valid RTP header (version 2, no CSRCs, no extension), then the stamp a
 * receiver needs for one-way latency on the same machine (a magic word and the sender's
 * {@link System#nanoTime()} just before the send call), the publisher's index and its packet count, zero
 * padding up to the chosen size. Forwarders rewrite the RTP header of their copies but not what follows it,
 * so the stamp arrives as sent. The layout after the RTP header is the XDP sink's ({@code bench_sink.h}).
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

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private LoadPacket() {
    }

    /** Writes the fixed parts of one publisher's packet: RTP version 2, payload type, SSRC, magic, publisher. */
    public static void init(MemorySegment buf, int length, int payloadType, int ssrc, int publisher) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("packet size must be " + MIN_LENGTH + ".." + MAX_LENGTH + ": " + length);
        }
        buf.asSlice(0, length).fill((byte) 0);
        buf.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x80);
        buf.set(ValueLayout.JAVA_BYTE, 1, (byte) (payloadType & 0x7F));
        buf.set(U32, SSRC_OFFSET, ssrc);
        buf.set(U32, RTP_HEADER + MAGIC_OFFSET, MAGIC);
        buf.set(U16, RTP_HEADER + PUBLISHER_OFFSET, (short) publisher);
    }

    /** The fields that change per packet: sequence number, RTP timestamp, the publisher's packet count, send time. */
    public static void stamp(MemorySegment buf, long offset, int sequence, int timestamp, long index, long sentNanos) {
        buf.set(U16, offset + SEQUENCE_OFFSET, (short) sequence);
        buf.set(U32, offset + TIMESTAMP_OFFSET, timestamp);
        buf.set(U32, offset + RTP_HEADER + INDEX_OFFSET, (int) index);
        buf.set(U64, offset + RTP_HEADER + SENT_NANOS_OFFSET, sentNanos);
    }

    public static boolean isStamped(MemorySegment buf, long offset, int length) {
        return length >= MIN_LENGTH && (buf.get(ValueLayout.JAVA_BYTE, offset) & 0xC0) == 0x80
                && buf.get(U32, offset + RTP_HEADER + MAGIC_OFFSET) == MAGIC;
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

    public static int publisher(MemorySegment buf, long offset) {
        return buf.get(U16, offset + RTP_HEADER + PUBLISHER_OFFSET) & 0xFFFF;
    }

    public static long sentNanos(MemorySegment buf, long offset) {
        return buf.get(U64, offset + RTP_HEADER + SENT_NANOS_OFFSET);
    }
}
