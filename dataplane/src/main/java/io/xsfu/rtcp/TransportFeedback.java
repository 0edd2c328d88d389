package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over transport-wide congestion control feedback, RTPFB FMT 15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): base sequence number, packet status count,
 * reference time (signed 24 bits, 64 ms units), feedback packet count, then 16-bit packet status chunks and
 * the receive deltas (250 µs units) of the packets they mark as received, zero-padded to 32 bits.
 *
 * <p>Chunks are run-length ({@code 0 SS LLLLLLLLLLLLL}: symbol S repeated L times) or status vectors
 * ({@code 1 0} and 14 one-bit symbols, 1 = received with a small delta; {@code 1 1} and 7 two-bit symbols).
 * Symbols: 0 not received, 1 received with an unsigned 8-bit delta, 2 received with a signed 16-bit delta,
 * 3 reserved (rejected, as libwebrtc does). Status beyond the packet status count in the last chunk is ignored.
 */
public final class TransportFeedback extends Feedback {
    public static final int BASE_SEQUENCE_OFFSET = FCI_OFFSET;
    public static final int STATUS_COUNT_OFFSET = FCI_OFFSET + 2;
    public static final int REFERENCE_TIME_OFFSET = FCI_OFFSET + 4;
    public static final int FEEDBACK_COUNT_OFFSET = FCI_OFFSET + 7;
    public static final int CHUNKS_OFFSET = FCI_OFFSET + 8;
    /** Everything before the first chunk. */
    public static final int FIXED_LENGTH = CHUNKS_OFFSET;
    public static final int CHUNK_LENGTH = 2;

    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    public static final int LARGE_DELTA = 2;
    public static final int RESERVED = 3;

    public static final int DELTA_MICROS = 250;
    public static final int REFERENCE_TIME_MICROS = 64_000;
    /** Receive-delta ticks per reference-time unit. */
    public static final int TICKS_PER_REFERENCE_UNIT = REFERENCE_TIME_MICROS / DELTA_MICROS;
    public static final int MAX_RUN_LENGTH = 0x1FFF;
    public static final int ONE_BIT_SYMBOLS = 14;
    public static final int TWO_BIT_SYMBOLS = 7;

    static final int VECTOR_BIT = 0x8000;
    static final int TWO_BIT_VECTOR_BIT = 0x4000;

    /** What {@link #forEachPacket} reports, packet by packet in sequence order. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param sequence transport-wide sequence number (16 bits)
         * @param received whether the packet arrived (then {@code delta} is its receive delta)
         * @param delta 250 µs ticks since the previous received packet, or, for the first received packet,
         *     since the reference time; may be negative; 0 when not received
         */
        void packet(int sequence, boolean received, int delta);
    }

    @Override
    public TransportFeedback wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int baseSequence() {
        return Wire.u16(segment, offset + BASE_SEQUENCE_OFFSET);
    }

    public int packetStatusCount() {
        return Wire.u16(segment, offset + STATUS_COUNT_OFFSET);
    }

    /** The reference time in 64 ms units, sign-extended from 24 bits. */
    public int referenceTime() {
        int raw = Wire.u8(segment, offset + REFERENCE_TIME_OFFSET) << 16
                | Wire.u16(segment, offset + REFERENCE_TIME_OFFSET + 1);
        return (raw << 8) >> 8;
    }

    public int feedbackPacketCount() {
        return Wire.u8(segment, offset + FEEDBACK_COUNT_OFFSET);
    }

    public TransportFeedback feedbackPacketCount(int count) {
        Wire.putU8(segment, offset + FEEDBACK_COUNT_OFFSET, count);
        return this;
    }

    /**
     * Reports every packet of this feedback to {@code visitor} and returns how many (the packet status
     * count). The arrival time of a received packet, in 250 µs ticks of the sender's time base, is
     * {@code referenceTime() * 256} plus the deltas of all received packets up to and including it. Pass a
     * visitor held in a field: a capturing lambda would allocate per call.
     */
    public int forEachPacket(Visitor visitor) {
        int count = packetStatusCount();
        long chunk = offset + CHUNKS_OFFSET;
        long delta = deltasOffset(segment, offset, count);
        int sequence = baseSequence();
        int done = 0;
        while (done < count) {
            int c = Wire.u16(segment, chunk);
            chunk += CHUNK_LENGTH;
            int n;
            if ((c & VECTOR_BIT) == 0) {
                n = Math.min(c & MAX_RUN_LENGTH, count - done);
                int symbol = (c >>> 13) & 3;
                for (int i = 0; i < n; i++) {
                    delta = visit(visitor, (sequence + i) & 0xFFFF, symbol, delta);
                }
            } else if ((c & TWO_BIT_VECTOR_BIT) == 0) {
                n = Math.min(ONE_BIT_SYMBOLS, count - done);
                for (int i = 0; i < n; i++) {
                    delta = visit(visitor, (sequence + i) & 0xFFFF, (c >>> (13 - i)) & 1, delta);
                }
            } else {
                n = Math.min(TWO_BIT_SYMBOLS, count - done);
                for (int i = 0; i < n; i++) {
                    delta = visit(visitor, (sequence + i) & 0xFFFF, (c >>> (12 - 2 * i)) & 3, delta);
                }
            }
            sequence = (sequence + n) & 0xFFFF;
            done += n;
        }
        return count;
    }

    private long visit(Visitor visitor, int sequence, int symbol, long delta) {
        switch (symbol) {
            case SMALL_DELTA -> {
                visitor.packet(sequence, true, Wire.u8(segment, delta));
                return delta + 1;
            }
            case LARGE_DELTA -> {
                visitor.packet(sequence, true, (short) Wire.u16(segment, delta));
                return delta + 2;
            }
            default -> {
                visitor.packet(sequence, false, 0);
                return delta;
            }
        }
    }

    /** Where the receive deltas start: after the chunks that cover {@code count} packets. */
    private static long deltasOffset(MemorySegment s, long packet, int count) {
        long chunk = packet + CHUNKS_OFFSET;
        for (int done = 0; done < count; chunk += CHUNK_LENGTH) {
            done += symbolsIn(Wire.u16(s, chunk));
        }
        return chunk;
    }

    private static int symbolsIn(int chunk) {
        if ((chunk & VECTOR_BIT) == 0) {
            return chunk & MAX_RUN_LENGTH;
        }
        return (chunk & TWO_BIT_VECTOR_BIT) == 0 ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS;
    }

    /**
     * {@link DropReason#OK}, {@link RtcpDrop#TWCC_TRUNCATED} (fixed part, chunks or deltas past the end) or
     * {@link RtcpDrop#TWCC_RESERVED_SYMBOL}. Bytes after the deltas (zero padding) are ignored.
     */
    public static int validate(MemorySegment s, long offset, int length) {
        if (length < FIXED_LENGTH) {
            return RtcpDrop.TWCC_TRUNCATED;
        }
        long end = offset + length;
        int count = Wire.u16(s, offset + STATUS_COUNT_OFFSET);
        long chunk = offset + CHUNKS_OFFSET;
        int done = 0;
        // The bytes of a delta equal its symbol: 0, 1 or 2.
        long deltaBytes = 0;
        while (done < count) {
            if (chunk + CHUNK_LENGTH > end) {
                return RtcpDrop.TWCC_TRUNCATED;
            }
            int c = Wire.u16(s, chunk);
            chunk += CHUNK_LENGTH;
            int n;
            if ((c & VECTOR_BIT) == 0) {
                int symbol = (c >>> 13) & 3;
                if (symbol == RESERVED) {
                    return RtcpDrop.TWCC_RESERVED_SYMBOL;
                }
                n = Math.min(c & MAX_RUN_LENGTH, count - done);
                deltaBytes += (long) n * symbol;
            } else if ((c & TWO_BIT_VECTOR_BIT) == 0) {
                n = Math.min(ONE_BIT_SYMBOLS, count - done);
                deltaBytes += Integer.bitCount((c & 0x3FFF) >>> (ONE_BIT_SYMBOLS - n));
            } else {
                n = Math.min(TWO_BIT_SYMBOLS, count - done);
                for (int i = 0; i < n; i++) {
                    int symbol = (c >>> (12 - 2 * i)) & 3;
                    if (symbol == RESERVED) {
                        return RtcpDrop.TWCC_RESERVED_SYMBOL;
                    }
                    deltaBytes += symbol;
                }
            }
            done += n;
        }
        return chunk + deltaBytes > end ? RtcpDrop.TWCC_TRUNCATED : DropReason.OK;
    }
}
