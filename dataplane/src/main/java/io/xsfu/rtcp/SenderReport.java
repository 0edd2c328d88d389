package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a sender report, PT 200 (RFC 3550 §6.4.1): sender SSRC, sender info (NTP and RTP
 * timestamps, packet and octet counts) and {@link #reportCount()} report blocks. Wrap the packet without
 * its padding ({@link RtcpCompound#contentLength()}); an SFU rewrites the SSRC, RTP timestamp and counts
 * in place when it relays a sender's reports under its own numbering.
 */
public final class SenderReport extends HeaderFlyweight {
    public static final int SSRC_OFFSET = 4;
    public static final int NTP_TIMESTAMP_OFFSET = 8;
    public static final int RTP_TIMESTAMP_OFFSET = 16;
    public static final int PACKET_COUNT_OFFSET = 20;
    public static final int OCTET_COUNT_OFFSET = 24;
    public static final int REPORT_BLOCKS_OFFSET = 28;
    /** Header, SSRC and sender info: an SR without report blocks. */
    public static final int FIXED_LENGTH = 28;

    public SenderReport wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int reportCount() {
        return CommonHeader.count(segment, offset);
    }

    public int ssrc() {
        return Wire.i32(segment, offset + SSRC_OFFSET);
    }

    public SenderReport ssrc(int ssrc) {
        Wire.putI32(segment, offset + SSRC_OFFSET, ssrc);
        return this;
    }

    /** The 64-bit NTP timestamp: seconds since 1900 in the high 32 bits, the fraction in the low 32. */
    public long ntpTimestamp() {
        return Wire.i64(segment, offset + NTP_TIMESTAMP_OFFSET);
    }

    public SenderReport ntpTimestamp(long ntp) {
        Wire.putI64(segment, offset + NTP_TIMESTAMP_OFFSET, ntp);
        return this;
    }

    /** The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR. */
    public int compactNtp() {
        return (int) (ntpTimestamp() >>> 16);
    }

    public int rtpTimestamp() {
        return Wire.i32(segment, offset + RTP_TIMESTAMP_OFFSET);
    }

    public SenderReport rtpTimestamp(int timestamp) {
        Wire.putI32(segment, offset + RTP_TIMESTAMP_OFFSET, timestamp);
        return this;
    }

    /** Packets sent since the start, modulo 2^32 (a raw int; {@code Integer.toUnsignedLong} for a magnitude). */
    public int packetCount() {
        return Wire.i32(segment, offset + PACKET_COUNT_OFFSET);
    }

    public SenderReport packetCount(int count) {
        Wire.putI32(segment, offset + PACKET_COUNT_OFFSET, count);
        return this;
    }

    /** Payload octets sent since the start, modulo 2^32. */
    public int octetCount() {
        return Wire.i32(segment, offset + OCTET_COUNT_OFFSET);
    }

    public SenderReport octetCount(int count) {
        Wire.putI32(segment, offset + OCTET_COUNT_OFFSET, count);
        return this;
    }

    /** Wraps {@code block} over report block {@code index} ({@code 0 .. reportCount() - 1}) and returns it. */
    public ReportBlock reportBlock(int index, ReportBlock block) {
        return block.wrap(segment, offset + REPORT_BLOCKS_OFFSET + (long) index * ReportBlock.LENGTH);
    }

    /** {@link DropReason#OK} or {@link RtcpDrop#SR_TRUNCATED}. Bytes after the blocks are profile extensions. */
    public static int validate(MemorySegment s, long offset, int length) {
        int needed = FIXED_LENGTH + CommonHeader.count(s, offset) * ReportBlock.LENGTH;
        return length < needed ? RtcpDrop.SR_TRUNCATED : DropReason.OK;
    }
}
