package io.xsfu.bench.latency;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The latency probe's datagram: a valid RTP header (so the SFU forwards it like media), then a magic word, the
 * phase it belongs to, its index in the phase and the sender's {@link System#nanoTime()} at sending. Copies
 * come back byte for byte, so the receiver reads the same fields. Zero padding up to the chosen size.
 */
final class ProbePacket {
    static final int RTP_HEADER = 12;
    static final int MAGIC_OFFSET = 12;
    static final int PHASE_OFFSET = 16;
    static final int INDEX_OFFSET = 20;
    static final int SENT_NANOS_OFFSET = 28;
    static final int MIN_LENGTH = 36;
    static final int MAGIC = 0x78736675; // "xsfu"
    static final long SSRC = 0x5eed_1a7eL;
    static final int PAYLOAD_TYPE = 96;
    /** 90 kHz clock at 50 packets per frame of 30 fps: the value does not matter to the SFU, only validity. */
    private static final int TIMESTAMP_STEP = 60;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private ProbePacket() {
    }

    /** Writes the fixed parts once: RTP version 2, payload type, SSRC, the magic word. */
    static void init(MemorySegment buf) {
        buf.fill((byte) 0);
        buf.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x80);
        buf.set(ValueLayout.JAVA_BYTE, 1, (byte) PAYLOAD_TYPE);
        buf.set(U32, 8, (int) SSRC);
        buf.set(U32, MAGIC_OFFSET, MAGIC);
    }

    /** Fills in one packet's varying fields; {@code sequence} also drives the RTP sequence and timestamp. */
    static void stamp(MemorySegment buf, int phase, long index, long sequence, long sentNanos) {
        buf.set(U16, 2, (short) sequence);
        buf.set(U32, 4, (int) (sequence * TIMESTAMP_STEP));
        buf.set(U32, PHASE_OFFSET, phase);
        buf.set(U64, INDEX_OFFSET, index);
        buf.set(U64, SENT_NANOS_OFFSET, sentNanos);
    }

    static boolean isProbe(MemorySegment buf, long offset, int length) {
        return length >= MIN_LENGTH && buf.get(U32, offset + MAGIC_OFFSET) == MAGIC;
    }

    static int phase(MemorySegment buf, long offset) {
        return buf.get(U32, offset + PHASE_OFFSET);
    }

    static long index(MemorySegment buf, long offset) {
        return buf.get(U64, offset + INDEX_OFFSET);
    }

    static long sentNanos(MemorySegment buf, long offset) {
        return buf.get(U64, offset + SENT_NANOS_OFFSET);
    }
}
