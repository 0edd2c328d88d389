package io.xsfu.rtcp;

import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Builds a transport-wide feedback packet from the received packets' sequence numbers and arrival times.
 * Status symbols are chunked greedily with at most 14 of them pending: a run of one symbol becomes a
 * run-length chunk, a mix of "not received" and "small delta" a one-bit vector of 14, a mix with large
 * deltas a two-bit vector of 7 (the packing libwebrtc also uses). One instance per writer, reused: the
 * pending symbols are fields, so nothing is allocated.
 */
final class TransportFeedbackEncoder {
    private static final int MAX_DELTA = Short.MAX_VALUE;
    private static final int MIN_DELTA = Short.MIN_VALUE;
    private static final int MAX_SMALL_DELTA = 0xFF;

    /** Pending symbols, two bits each, the oldest in the low bits; only the first 14 are kept. */
    private int symbols;
    private int size;
    private int first;
    private boolean allSame;
    private boolean hasLarge;

    private MemorySegment segment;
    private long chunk;
    private long limit;
    private boolean overflow;

    /**
     * Writes the packet at {@code packet} within {@code capacity} bytes and returns its length,
     * {@link RtcpWriter#NO_SPACE} or {@link RtcpWriter#INVALID} (no packets, sequence numbers not strictly
     * increasing from {@code baseSequence} modulo 2^16, or a gap between arrivals beyond ±8191.75 ms).
     */
    int write(MemorySegment s, long packet, int capacity, int senderSsrc, int mediaSsrc, int baseSequence,
            int feedbackCount, int[] sequences, long[] arrivalMicros, int count) {
        if (count <= 0 || count > sequences.length || count > arrivalMicros.length) {
            return RtcpWriter.INVALID;
        }
        int last = -1;
        for (int i = 0; i < count; i++) {
            int position = (sequences[i] - baseSequence) & 0xFFFF;
            if (position <= last) {
                return RtcpWriter.INVALID;
            }
            last = position;
        }
        int statusCount = last + 1;
        long reference = Math.floorDiv(arrivalMicros[0], TransportFeedback.REFERENCE_TIME_MICROS);
        long previous = reference * TransportFeedback.TICKS_PER_REFERENCE_UNIT;
        for (int i = 0; i < count; i++) {
            long ticks = Math.floorDiv(arrivalMicros[i], TransportFeedback.DELTA_MICROS);
            if (ticks - previous > MAX_DELTA || ticks - previous < MIN_DELTA) {
                return RtcpWriter.INVALID;
            }
            previous = ticks;
        }
        if (capacity < TransportFeedback.FIXED_LENGTH) {
            return RtcpWriter.NO_SPACE;
        }

        segment = s;
        chunk = packet + TransportFeedback.CHUNKS_OFFSET;
        limit = packet + capacity;
        overflow = false;
        size = 0;
        previous = reference * TransportFeedback.TICKS_PER_REFERENCE_UNIT;
        for (int position = 0, next = 0; position < statusCount; position++) {
            int symbol = TransportFeedback.NOT_RECEIVED;
            if (((sequences[next] - baseSequence) & 0xFFFF) == position) {
                long ticks = Math.floorDiv(arrivalMicros[next++], TransportFeedback.DELTA_MICROS);
                symbol = symbolFor(ticks - previous);
                previous = ticks;
            }
            if (!canAdd(symbol)) {
                emit();
            }
            add(symbol);
        }
        flush();
        if (overflow) {
            return RtcpWriter.NO_SPACE;
        }

        long delta = chunk;
        previous = reference * TransportFeedback.TICKS_PER_REFERENCE_UNIT;
        for (int i = 0; i < count; i++) {
            long ticks = Math.floorDiv(arrivalMicros[i], TransportFeedback.DELTA_MICROS);
            int d = (int) (ticks - previous);
            previous = ticks;
            if (symbolFor(d) == TransportFeedback.SMALL_DELTA) {
                if (delta + 1 > limit) {
                    return RtcpWriter.NO_SPACE;
                }
                Wire.putU8(s, delta, d);
                delta += 1;
            } else {
                if (delta + 2 > limit) {
                    return RtcpWriter.NO_SPACE;
                }
                Wire.putU16(s, delta, d);
                delta += 2;
            }
        }
        int bytes = (int) ((delta - packet + 3) & ~3L);
        if (bytes > capacity) {
            return RtcpWriter.NO_SPACE;
        }
        // Zero padding inside the FCI, as the draft draws it (no P bit: the packet may not be the last).
        for (long p = delta; p < packet + bytes; p++) {
            Wire.putU8(s, p, 0);
        }
        Feedback.writeHeader(s, packet, Feedback.FMT_TWCC, RtcpHeader.PT_RTPFB, bytes, senderSsrc, mediaSsrc);
        Wire.putU16(s, packet + TransportFeedback.BASE_SEQUENCE_OFFSET, baseSequence);
        Wire.putU16(s, packet + TransportFeedback.STATUS_COUNT_OFFSET, statusCount);
        Wire.putU8(s, packet + TransportFeedback.REFERENCE_TIME_OFFSET, (int) (reference >>> 16));
        Wire.putU16(s, packet + TransportFeedback.REFERENCE_TIME_OFFSET + 1, (int) reference);
        Wire.putU8(s, packet + TransportFeedback.FEEDBACK_COUNT_OFFSET, feedbackCount);
        segment = null;
        return bytes;
    }

    private static int symbolFor(long delta) {
        return delta >= 0 && delta <= MAX_SMALL_DELTA ? TransportFeedback.SMALL_DELTA : TransportFeedback.LARGE_DELTA;
    }

    private boolean canAdd(int symbol) {
        if (size < TransportFeedback.TWO_BIT_SYMBOLS) {
            return true;
        }
        if (size < TransportFeedback.ONE_BIT_SYMBOLS && !hasLarge && symbol != TransportFeedback.LARGE_DELTA) {
            return true;
        }
        return allSame && symbol == first && size < TransportFeedback.MAX_RUN_LENGTH;
    }

    private void add(int symbol) {
        if (size == 0) {
            symbols = 0;
            first = symbol;
            allSame = true;
            hasLarge = false;
        }
        if (size < TransportFeedback.ONE_BIT_SYMBOLS) {
            symbols |= symbol << (2 * size);
        }
        allSame &= symbol == first;
        hasLarge |= symbol == TransportFeedback.LARGE_DELTA;
        size++;
    }

    /** Called when the next symbol does not fit the pending ones; there are at least 7. */
    private void emit() {
        if (allSame) {
            putChunk(first << 13 | size);
            size = 0;
        } else if (!hasLarge && size == TransportFeedback.ONE_BIT_SYMBOLS) {
            putOneBitVector(size);
            size = 0;
        } else {
            // Seven two-bit symbols go out; the rest (at most six) stay pending.
            putTwoBitVector(TransportFeedback.TWO_BIT_SYMBOLS);
            int rest = symbols >>> (2 * TransportFeedback.TWO_BIT_SYMBOLS);
            int restSize = size - TransportFeedback.TWO_BIT_SYMBOLS;
            size = 0;
            for (int i = 0; i < restSize; i++) {
                add((rest >>> (2 * i)) & 3);
            }
        }
    }

    private void flush() {
        if (size == 0) {
            return;
        }
        if (allSame) {
            putChunk(first << 13 | size);
        } else if (!hasLarge) {
            putOneBitVector(size);
        } else {
            putTwoBitVector(size);
        }
        size = 0;
    }

    private void putOneBitVector(int n) {
        int c = TransportFeedback.VECTOR_BIT;
        for (int i = 0; i < n; i++) {
            c |= ((symbols >>> (2 * i)) & 1) << (13 - i);
        }
        putChunk(c);
    }

    private void putTwoBitVector(int n) {
        int c = TransportFeedback.VECTOR_BIT | TransportFeedback.TWO_BIT_VECTOR_BIT;
        for (int i = 0; i < n; i++) {
            c |= ((symbols >>> (2 * i)) & 3) << (12 - 2 * i);
        }
        putChunk(c);
    }

    private void putChunk(int c) {
        if (chunk + TransportFeedback.CHUNK_LENGTH > limit) {
            overflow = true;
        } else {
            Wire.putU16(segment, chunk, c);
        }
        chunk += TransportFeedback.CHUNK_LENGTH;
    }
}
