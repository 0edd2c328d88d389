package io.xsfu.rtcp;

import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over one 24-byte reception report block of an SR or RR (RFC 3550 §6.4.1): the source it
 * reports on, fraction and cumulative number lost, extended highest sequence number, interarrival jitter,
 * last SR timestamp (LSR) and delay since last SR (DLSR). 32-bit fields are raw ints, as on the wire.
 */
public final class ReportBlock extends HeaderFlyweight {
    public static final int SSRC_OFFSET = 0;
    public static final int FRACTION_LOST_OFFSET = 4;
    public static final int CUMULATIVE_LOST_OFFSET = 5;
    public static final int EXTENDED_HIGHEST_SEQUENCE_OFFSET = 8;
    public static final int JITTER_OFFSET = 12;
    public static final int LAST_SR_OFFSET = 16;
    public static final int DELAY_SINCE_LAST_SR_OFFSET = 20;
    public static final int LENGTH = 24;

    /** Cumulative loss is a signed 24-bit field; RFC 3550 A.3 clamps it to this range. */
    public static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;

    public ReportBlock wrap(MemorySegment segment, long offset) {
        bind(segment, offset, LENGTH);
        return this;
    }

    public int ssrc() {
        return Wire.i32(segment, offset + SSRC_OFFSET);
    }

    public ReportBlock ssrc(int ssrc) {
        Wire.putI32(segment, offset + SSRC_OFFSET, ssrc);
        return this;
    }

    /** Fraction lost since the previous report, in 1/256 (0..255). */
    public int fractionLost() {
        return Wire.u8(segment, offset + FRACTION_LOST_OFFSET);
    }

    public ReportBlock fractionLost(int fraction) {
        Wire.putU8(segment, offset + FRACTION_LOST_OFFSET, fraction);
        return this;
    }

    /** Packets lost since the beginning, sign-extended: duplicates make it negative. */
    public int cumulativeLost() {
        int raw = (Wire.u8(segment, offset + CUMULATIVE_LOST_OFFSET) << 16)
                | Wire.u16(segment, offset + CUMULATIVE_LOST_OFFSET + 1);
        return (raw << 8) >> 8;
    }

    /** Stores {@code lost} clamped to the signed 24-bit range. */
    public ReportBlock cumulativeLost(int lost) {
        putCumulativeLost(segment, offset, lost);
        return this;
    }

    /** The highest sequence number received, extended with the count of wrap-arounds in the high 16 bits. */
    public int extendedHighestSequence() {
        return Wire.i32(segment, offset + EXTENDED_HIGHEST_SEQUENCE_OFFSET);
    }

    public ReportBlock extendedHighestSequence(int sequence) {
        Wire.putI32(segment, offset + EXTENDED_HIGHEST_SEQUENCE_OFFSET, sequence);
        return this;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public int jitter() {
        return Wire.i32(segment, offset + JITTER_OFFSET);
    }

    public ReportBlock jitter(int jitter) {
        Wire.putI32(segment, offset + JITTER_OFFSET, jitter);
        return this;
    }

    /** The middle 32 bits of the NTP timestamp of the last SR received from this source, 0 if none. */
    public int lastSr() {
        return Wire.i32(segment, offset + LAST_SR_OFFSET);
    }

    public ReportBlock lastSr(int lastSr) {
        Wire.putI32(segment, offset + LAST_SR_OFFSET, lastSr);
        return this;
    }

    /** Delay between receiving that SR and sending this report, in 1/65536 s. */
    public int delaySinceLastSr() {
        return Wire.i32(segment, offset + DELAY_SINCE_LAST_SR_OFFSET);
    }

    public ReportBlock delaySinceLastSr(int delay) {
        Wire.putI32(segment, offset + DELAY_SINCE_LAST_SR_OFFSET, delay);
        return this;
    }

    static void write(MemorySegment s, long block, int ssrc, int fractionLost, int cumulativeLost,
            int extendedHighestSequence, int jitter, int lastSr, int delaySinceLastSr) {
        Wire.putI32(s, block + SSRC_OFFSET, ssrc);
        Wire.putU8(s, block + FRACTION_LOST_OFFSET, fractionLost);
        putCumulativeLost(s, block, cumulativeLost);
        Wire.putI32(s, block + EXTENDED_HIGHEST_SEQUENCE_OFFSET, extendedHighestSequence);
        Wire.putI32(s, block + JITTER_OFFSET, jitter);
        Wire.putI32(s, block + LAST_SR_OFFSET, lastSr);
        Wire.putI32(s, block + DELAY_SINCE_LAST_SR_OFFSET, delaySinceLastSr);
    }

    private static void putCumulativeLost(MemorySegment s, long block, int lost) {
        int clamped = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
        Wire.putU8(s, block + CUMULATIVE_LOST_OFFSET, clamped >>> 16);
        Wire.putU16(s, block + CUMULATIVE_LOST_OFFSET + 1, clamped);
    }
}
