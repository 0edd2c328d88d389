package io.xsfu.rtcp;

import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Builds a compound RTCP packet into a bounded region of a segment, packet after packet. Each append
 * returns the compound's length so far (what to send) or a negative code, {@link #NO_SPACE} or
 * {@link #INVALID}; a failed append leaves the packets already written as they were, so what fits can still
 * be sent. Lengths, counts and alignment are computed here; the caller gives field values only.
 * <pre>
 * writer.wrap(frame, payloadOffset, capacity);
 * writer.receiverReport(ssrc);
 * writer.reportBlock(source, fractionLost, cumulativeLost, highest, jitter, lsr, dlsr);
 * writer.sdesCname(ssrc, cname);
 * int length = writer.nack(ssrc, source, lost, 0, n);
 * </pre>
 * RFC 3550 wants a compound to start with an SR or RR and carry an SDES CNAME; reduced-size RTCP (RFC 5506)
 * allows a feedback message alone. Which one to build is the caller's choice.
 *
 * <p>Allocation free; one instance per thread, reused.
 */
public final class RtcpWriter {
    /** The packet does not fit in the remaining capacity. */
    public static final int NO_SPACE = -1;
    /** An argument the packet cannot carry (too many entries, an empty list, a too long text...). */
    public static final int INVALID = -2;
    /** What a 16-bit length field in 32-bit words can describe. */
    static final int MAX_PACKET_LENGTH = 0x10000 * 4;

    private final TransportFeedbackEncoder twcc = new TransportFeedbackEncoder();

    private MemorySegment segment;
    private long offset;
    private int capacity;
    private int length;
    /** Where the last packet starts. */
    private long last = -1;
    /** Offset of the last packet if it is an SR or RR that report blocks may be appended to, else -1. */
    private long report = -1;
    /** Whether the last packet was padded: nothing may follow it. */
    private boolean padded;

    /**
     * Starts an empty compound at {@code offset} that may grow to {@code capacity} bytes.
     *
     * @throws IndexOutOfBoundsException for a region outside the segment: a caller's bug, not bad input
     */
    public RtcpWriter wrap(MemorySegment segment, long offset, int capacity) {
        if (offset < 0 || capacity < 0 || offset > segment.byteSize() - capacity) {
            throw new IndexOutOfBoundsException("capacity " + capacity + " at " + offset + " outside " + segment);
        }
        this.segment = segment;
        this.offset = offset;
        this.capacity = capacity;
        this.length = 0;
        this.last = -1;
        this.report = -1;
        this.padded = false;
        return this;
    }

    /** Bytes written so far. */
    public int length() {
        return length;
    }

    /** A sender report without report blocks; add them with {@link #reportBlock}. */
    public int senderReport(int ssrc, long ntpTimestamp, int rtpTimestamp, int packetCount, int octetCount) {
        long p = reserve(SenderReport.FIXED_LENGTH);
        if (p < 0) {
            return (int) p;
        }
        CommonHeader.write(segment, p, 0, RtcpHeader.PT_SR, SenderReport.FIXED_LENGTH);
        Wire.putI32(segment, p + SenderReport.SSRC_OFFSET, ssrc);
        Wire.putI64(segment, p + SenderReport.NTP_TIMESTAMP_OFFSET, ntpTimestamp);
        Wire.putI32(segment, p + SenderReport.RTP_TIMESTAMP_OFFSET, rtpTimestamp);
        Wire.putI32(segment, p + SenderReport.PACKET_COUNT_OFFSET, packetCount);
        Wire.putI32(segment, p + SenderReport.OCTET_COUNT_OFFSET, octetCount);
        return commit(p, SenderReport.FIXED_LENGTH, true);
    }

    /** A receiver report without report blocks; add them with {@link #reportBlock}. */
    public int receiverReport(int ssrc) {
        long p = reserve(ReceiverReport.FIXED_LENGTH);
        if (p < 0) {
            return (int) p;
        }
        CommonHeader.write(segment, p, 0, RtcpHeader.PT_RR, ReceiverReport.FIXED_LENGTH);
        Wire.putI32(segment, p + ReceiverReport.SSRC_OFFSET, ssrc);
        return commit(p, ReceiverReport.FIXED_LENGTH, true);
    }

    /**
     * Appends a report block to the SR or RR written last and updates its count and length. {@link #INVALID}
     * when the last packet is not an SR/RR or already has 31 blocks (start another RR for more sources).
     * {@code cumulativeLost} is clamped to the signed 24-bit range.
     */
    public int reportBlock(int ssrc, int fractionLost, int cumulativeLost, int extendedHighestSequence, int jitter,
            int lastSr, int delaySinceLastSr) {
        if (report < 0 || CommonHeader.count(segment, report) == CommonHeader.MAX_COUNT) {
            return INVALID;
        }
        if (capacity - length < ReportBlock.LENGTH) {
            return NO_SPACE;
        }
        long block = offset + length;
        ReportBlock.write(segment, block, ssrc, fractionLost, cumulativeLost, extendedHighestSequence, jitter, lastSr,
                delaySinceLastSr);
        CommonHeader.count(segment, report, CommonHeader.count(segment, report) + 1);
        CommonHeader.packetLength(segment, report, (int) (block + ReportBlock.LENGTH - report));
        length += ReportBlock.LENGTH;
        return length;
    }

    /** An SDES packet with one chunk: {@code ssrc} and its CNAME, the whole of {@code cname} (1..255 bytes). */
    public int sdesCname(int ssrc, MemorySegment cname) {
        return sdesCname(ssrc, cname, 0, (int) Math.min(cname.byteSize(), Integer.MAX_VALUE));
    }

    /** As {@link #sdesCname(int, MemorySegment)} with the CNAME in {@code cname[cnameOffset, + cnameLength)}. */
    public int sdesCname(int ssrc, MemorySegment cname, long cnameOffset, int cnameLength) {
        if (cnameLength < 1 || cnameLength > Sdes.MAX_TEXT_LENGTH) {
            return INVALID;
        }
        int bytes = Sdes.cnamePacketLength(cnameLength);
        long p = reserve(bytes);
        if (p < 0) {
            return (int) p;
        }
        Sdes.writeCname(segment, p, ssrc, cname, cnameOffset, cnameLength);
        return commit(p, bytes, false);
    }

    /** A BYE for {@code ssrcs[0 .. count)} (at most 31) with an optional reason (null: none; at most 255 bytes). */
    public int bye(int[] ssrcs, int count, MemorySegment reason) {
        if (count < 0 || count > CommonHeader.MAX_COUNT || count > ssrcs.length
                || reason != null && reason.byteSize() > Bye.MAX_REASON_LENGTH) {
            return INVALID;
        }
        int bytes = Bye.packetLength(count, reason == null ? -1 : (int) reason.byteSize());
        long p = reserve(bytes);
        if (p < 0) {
            return (int) p;
        }
        Bye.write(segment, p, ssrcs, count, reason);
        return commit(p, bytes, false);
    }

    /**
     * A generic NACK for the sequence numbers {@code lost[from .. from + count)}, packed into as few PID/BLP
     * entries as their order allows: give them sorted in RTP order (wrap-around included, e.g. 65534, 65535,
     * 0, 1). {@link #INVALID} for an empty list.
     */
    public int nack(int senderSsrc, int mediaSsrc, int[] lost, int from, int count) {
        if (count <= 0 || from < 0 || from > lost.length - count) {
            return INVALID;
        }
        int entries = GenericNack.entriesFor(lost, from, count);
        if (entries > (MAX_PACKET_LENGTH - Feedback.HEADER_LENGTH) / GenericNack.ENTRY_LENGTH) {
            return INVALID;
        }
        int bytes = Feedback.HEADER_LENGTH + entries * GenericNack.ENTRY_LENGTH;
        long p = reserve(bytes);
        if (p < 0) {
            return (int) p;
        }
        GenericNack.write(segment, p, senderSsrc, mediaSsrc, lost, from, count, entries);
        return commit(p, bytes, false);
    }

    /** A picture loss indication asking {@code mediaSsrc}'s sender for a key frame. */
    public int pli(int senderSsrc, int mediaSsrc) {
        long p = reserve(Feedback.HEADER_LENGTH);
        if (p < 0) {
            return (int) p;
        }
        Feedback.writePli(segment, p, senderSsrc, mediaSsrc);
        return commit(p, Feedback.HEADER_LENGTH, false);
    }

    /**
     * A full intra request with one entry per media sender: {@code ssrcs[i]} and its command sequence number
     * {@code sequenceNumbers[i]} (0..255, incremented by the caller per new request).
     */
    public int fir(int senderSsrc, int[] ssrcs, int[] sequenceNumbers, int count) {
        if (count <= 0 || count > ssrcs.length || count > sequenceNumbers.length
                || count > (MAX_PACKET_LENGTH - Feedback.HEADER_LENGTH) / Fir.ENTRY_LENGTH) {
            return INVALID;
        }
        int bytes = Fir.packetLength(count);
        long p = reserve(bytes);
        if (p < 0) {
            return (int) p;
        }
        Fir.write(segment, p, senderSsrc, ssrcs, sequenceNumbers, count);
        return commit(p, bytes, false);
    }

    /**
     * A REMB announcing {@code bitsPerSecond} (rounded down to an 18-bit mantissa and an exponent) for
     * {@code ssrcs[0 .. count)}, at most 255 of them.
     */
    public int remb(int senderSsrc, long bitsPerSecond, int[] ssrcs, int count) {
        if (bitsPerSecond < 0 || count < 0 || count > Remb.MAX_SSRCS || count > ssrcs.length) {
            return INVALID;
        }
        int bytes = Remb.packetLength(count);
        long p = reserve(bytes);
        if (p < 0) {
            return (int) p;
        }
        Remb.write(segment, p, senderSsrc, bitsPerSecond, ssrcs, count);
        return commit(p, bytes, false);
    }

    /**
     * Transport-wide feedback for the packets received: {@code sequences[i]} arrived at
     * {@code arrivalMicros[i]} (any monotonic microsecond clock), for {@code i < count}, sequence numbers
     * strictly increasing from {@code baseSequence} in RTP order; numbers in between are reported as not
     * received. The reference time is the first arrival rounded down to 64 ms. {@link #INVALID} when the
     * order is wrong or two consecutive arrivals are more than 8191.75 ms apart (split the feedback there).
     */
    public int twcc(int senderSsrc, int mediaSsrc, int baseSequence, int feedbackCount, int[] sequences,
            long[] arrivalMicros, int count) {
        if (padded) {
            return INVALID;
        }
        long p = offset + length;
        // The encoder checks the arguments before the space, and writes nothing past the capacity.
        int bytes = twcc.write(segment, p, Math.min(capacity - length, MAX_PACKET_LENGTH), senderSsrc, mediaSsrc,
                baseSequence, feedbackCount, sequences, arrivalMicros, count);
        if (bytes < 0) {
            return bytes;
        }
        return commit(p, bytes, false);
    }

    /**
     * Pads the last packet with {@code bytes} octets (a multiple of 4 from 4 to 252; the last one holds the
     * count) and sets its P bit, e.g. to round the compound up to a cipher's block size. Nothing may be
     * appended after it: a padded packet must be the last of a compound.
     */
    public int pad(int bytes) {
        if (length == 0 || padded || bytes < 4 || bytes > 252 || bytes % 4 != 0) {
            return INVALID;
        }
        if (capacity - length < bytes) {
            return NO_SPACE;
        }
        long p = offset + length;
        for (int i = 0; i < bytes - 1; i++) {
            Wire.putU8(segment, p + i, 0);
        }
        Wire.putU8(segment, p + bytes - 1, bytes);
        CommonHeader.setPadding(segment, last);
        CommonHeader.packetLength(segment, last, (int) (p + bytes - last));
        length += bytes;
        padded = true;
        report = -1;
        return length;
    }

    /** The offset for a packet of {@code bytes}, or a negative code. */
    private long reserve(int bytes) {
        if (padded) {
            return INVALID;
        }
        return capacity - length < bytes ? NO_SPACE : offset + length;
    }

    private int commit(long packet, int bytes, boolean isReport) {
        last = packet;
        report = isReport ? packet : -1;
        length += bytes;
        return length;
    }
}
