package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a receiver report, PT 201 (RFC 3550 §6.4.2): the reporter's SSRC and
 * {@link #reportCount()} report blocks. Wrap the packet without its padding.
 */
public final class ReceiverReport extends HeaderFlyweight {
    public static final int SSRC_OFFSET = 4;
    public static final int REPORT_BLOCKS_OFFSET = 8;
    /** Header and SSRC: an RR without report blocks. */
    public static final int FIXED_LENGTH = 8;

    public ReceiverReport wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int reportCount() {
        return CommonHeader.count(segment, offset);
    }

    public int ssrc() {
        return Wire.i32(segment, offset + SSRC_OFFSET);
    }

    public ReceiverReport ssrc(int ssrc) {
        Wire.putI32(segment, offset + SSRC_OFFSET, ssrc);
        return this;
    }

    /** Wraps {@code block} over report block {@code index} ({@code 0 .. reportCount() - 1}) and returns it. */
    public ReportBlock reportBlock(int index, ReportBlock block) {
        return block.wrap(segment, offset + REPORT_BLOCKS_OFFSET + (long) index * ReportBlock.LENGTH);
    }

    /** {@link DropReason#OK} or {@link RtcpDrop#RR_TRUNCATED}. Bytes after the blocks are profile extensions. */
    public static int validate(MemorySegment s, long offset, int length) {
        int needed = FIXED_LENGTH + CommonHeader.count(s, offset) * ReportBlock.LENGTH;
        return length < needed ? RtcpDrop.RR_TRUNCATED : DropReason.OK;
    }
}
