package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Reader of a compound RTCP datagram (RFC 3550 §6.1): {@link #wrap} validates every packet in one pass,
 * then {@link #next()} walks them. Pass exactly the compound (for SRTCP: after decryption, without the index
 * and tag), so that the packets' lengths must add up to it:
 * <pre>
 * int reason = compound.wrap(segment, offset, length);
 * if (reason != DropReason.OK) { count(reason); return; }
 * while (compound.next()) {
 *     switch (compound.kind()) {
 *         case RtcpKind.NACK -> nack.wrap(segment, compound.packetOffset(), compound.contentLength()) ...
 *     }
 * }
 * </pre>
 * After a successful wrap every packet's fields and structure (report blocks, SDES items, FCI entries,
 * TWCC chunks and deltas) lie inside the compound, so the typed flyweights can be read without checks.
 *
 * <p>Checked per packet: a 4-byte header left, version 2, a length within the datagram, consistent padding
 * (count at least 1, not reaching into the header), and the structure of each {@link RtcpKind} parsed here.
 * Packets of other kinds are skipped and counted ({@link #unknownCount()}). Two rules of RFC 3550 A.2 are
 * deliberately not enforced: the first packet need not be an SR or RR (reduced-size RTCP, RFC 5506, sends
 * feedback alone), and padding is accepted on any packet, not only the last: libwebrtc pads each transport
 * feedback packet with the P bit and may send several of them in one datagram.
 *
 * <p>Allocation free; one instance per thread, reused for every datagram.
 */
public final class RtcpCompound {
    private MemorySegment segment;
    private long start;
    private long end;
    private int packets;
    private int unknown;

    private long next;
    private long packetOffset;
    private int packetLength;
    private int paddingLength;
    private int kind;

    /**
     * Validates the compound in {@code segment[offset, offset + length)} and puts the cursor before its first
     * packet. Returns {@link DropReason#OK}, a reason of {@link RtcpDrop}, or
     * {@link DropReason#FRAME_OUT_OF_BOUNDS} for a range outside the segment; on failure {@link #next()}
     * returns false at once.
     */
    public int wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.packets = 0;
        this.unknown = 0;
        this.start = offset;
        this.next = offset;
        this.end = offset;
        if (offset < 0 || length < 0 || offset > segment.byteSize() - length) {
            return DropReason.FRAME_OUT_OF_BOUNDS;
        }
        long limit = offset + length;
        long p = offset;
        int count = 0;
        int unknownCount = 0;
        do {
            if (limit - p < CommonHeader.LENGTH) {
                return RtcpDrop.TRUNCATED;
            }
            int first = Wire.u8(segment, p);
            if ((first >>> 6) != RtcpHeader.VERSION) {
                return RtcpDrop.BAD_VERSION;
            }
            int bytes = CommonHeader.packetLength(segment, p);
            if (bytes > limit - p) {
                return RtcpDrop.BAD_LENGTH;
            }
            int content = bytes;
            if ((first & CommonHeader.PADDING_BIT) != 0) {
                int padding = Wire.u8(segment, p + bytes - 1);
                if (padding == 0 || padding > bytes - CommonHeader.LENGTH) {
                    return RtcpDrop.BAD_PADDING;
                }
                content -= padding;
            }
            int k = classify(segment, p, content);
            int reason = validate(k, segment, p, content);
            if (reason != DropReason.OK) {
                return reason;
            }
            if (k == RtcpKind.UNKNOWN) {
                unknownCount++;
            }
            count++;
            p += bytes;
        } while (p < limit);
        this.packets = count;
        this.unknown = unknownCount;
        this.end = limit;
        return DropReason.OK;
    }

    /** Moves to the next packet; false after the last one (or at once after a failed {@link #wrap}). */
    public boolean next() {
        if (next >= end) {
            return false;
        }
        packetOffset = next;
        packetLength = CommonHeader.packetLength(segment, next);
        paddingLength = CommonHeader.padding(segment, next) ? Wire.u8(segment, next + packetLength - 1) : 0;
        kind = classify(segment, next, packetLength - paddingLength);
        next += packetLength;
        return true;
    }

    /** Puts the cursor back before the first packet. */
    public void rewind() {
        next = start;
    }

    /** Packets in the compound, known and unknown; 0 after a failed wrap. */
    public int packetCount() {
        return packets;
    }

    /** Packets of a kind this layer does not parse (APP, XR, other feedback messages...). */
    public int unknownCount() {
        return unknown;
    }

    public MemorySegment segment() {
        return segment;
    }

    /** The current packet's {@link RtcpKind}. */
    public int kind() {
        return kind;
    }

    public int packetType() {
        return CommonHeader.packetType(segment, packetOffset);
    }

    /** Report count, source count or feedback message type. */
    public int count() {
        return CommonHeader.count(segment, packetOffset);
    }

    public long packetOffset() {
        return packetOffset;
    }

    /** The current packet's size from its length field, padding included. */
    public int packetLength() {
        return packetLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** The current packet's size without padding: the length to wrap a typed flyweight with. */
    public int contentLength() {
        return packetLength - paddingLength;
    }

    /** The {@link RtcpKind} of the packet at {@code packet} whose unpadded size is {@code length} (at least 4). */
    static int classify(MemorySegment s, long packet, int length) {
        int count = CommonHeader.count(s, packet);
        return switch (CommonHeader.packetType(s, packet)) {
            case RtcpHeader.PT_SR -> RtcpKind.SR;
            case RtcpHeader.PT_RR -> RtcpKind.RR;
            case RtcpHeader.PT_SDES -> RtcpKind.SDES;
            case RtcpHeader.PT_BYE -> RtcpKind.BYE;
            case RtcpHeader.PT_RTPFB -> switch (count) {
                case Feedback.FMT_NACK -> RtcpKind.NACK;
                case Feedback.FMT_TWCC -> RtcpKind.TWCC;
                default -> RtcpKind.UNKNOWN;
            };
            case RtcpHeader.PT_PSFB -> switch (count) {
                case Feedback.FMT_PLI -> RtcpKind.PLI;
                case Feedback.FMT_FIR -> RtcpKind.FIR;
                case Feedback.FMT_AFB -> Remb.isRemb(s, packet, length) ? RtcpKind.REMB : RtcpKind.UNKNOWN;
                default -> RtcpKind.UNKNOWN;
            };
            default -> RtcpKind.UNKNOWN;
        };
    }

    private static int validate(int kind, MemorySegment s, long packet, int length) {
        int type = CommonHeader.packetType(s, packet);
        if ((type == RtcpHeader.PT_RTPFB || type == RtcpHeader.PT_PSFB) && length < Feedback.HEADER_LENGTH) {
            return RtcpDrop.FEEDBACK_TRUNCATED;
        }
        return switch (kind) {
            case RtcpKind.SR -> SenderReport.validate(s, packet, length);
            case RtcpKind.RR -> ReceiverReport.validate(s, packet, length);
            case RtcpKind.SDES -> Sdes.validate(s, packet, length);
            case RtcpKind.BYE -> Bye.validate(s, packet, length);
            case RtcpKind.NACK -> GenericNack.validate(s, packet, length);
            case RtcpKind.TWCC -> TransportFeedback.validate(s, packet, length);
            case RtcpKind.FIR -> Fir.validate(s, packet, length);
            case RtcpKind.REMB -> Remb.validate(s, packet, length);
            default -> DropReason.OK;
        };
    }
}
