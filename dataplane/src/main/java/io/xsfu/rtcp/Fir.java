package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a full intra request, PSFB FMT 4 (RFC 5104 §4.3.1). The header's media SSRC is unused
 * (0); each 8-byte FCI entry names a media sender's SSRC and a command sequence number that the requester
 * increments per new request, so a repeated FIR with the same number is a retransmission, not a new
 * request. An SFU rewrites the entry SSRCs when it forwards a subscriber's request to the publisher.
 */
public final class Fir extends Feedback {
    public static final int ENTRY_LENGTH = 8;
    public static final int ENTRY_SSRC_OFFSET = 0;
    public static final int ENTRY_SEQUENCE_OFFSET = 4;

    @Override
    public Fir wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int entryCount() {
        return fciLength() / ENTRY_LENGTH;
    }

    public int entrySsrc(int index) {
        return Wire.i32(segment, entry(index) + ENTRY_SSRC_OFFSET);
    }

    public Fir entrySsrc(int index, int ssrc) {
        Wire.putI32(segment, entry(index) + ENTRY_SSRC_OFFSET, ssrc);
        return this;
    }

    /** The command sequence number, 0..255. */
    public int sequenceNumber(int index) {
        return Wire.u8(segment, entry(index) + ENTRY_SEQUENCE_OFFSET);
    }

    public Fir sequenceNumber(int index, int sequenceNumber) {
        Wire.putU8(segment, entry(index) + ENTRY_SEQUENCE_OFFSET, sequenceNumber);
        return this;
    }

    private long entry(int index) {
        return fciOffset() + (long) index * ENTRY_LENGTH;
    }

    /** {@link DropReason#OK} or {@link RtcpDrop#FIR_BAD_LENGTH}: one or more whole entries (RFC 5104 §4.3.1.2). */
    public static int validate(MemorySegment s, long offset, int length) {
        int fci = length - FCI_OFFSET;
        return fci < ENTRY_LENGTH || fci % ENTRY_LENGTH != 0 ? RtcpDrop.FIR_BAD_LENGTH : DropReason.OK;
    }

    static int packetLength(int entries) {
        return HEADER_LENGTH + entries * ENTRY_LENGTH;
    }

    static void write(MemorySegment s, long packet, int senderSsrc, int[] ssrcs, int[] sequenceNumbers, int count) {
        writeHeader(s, packet, FMT_FIR, RtcpHeader.PT_PSFB, packetLength(count), senderSsrc, 0);
        for (int i = 0; i < count; i++) {
            long entry = packet + FCI_OFFSET + (long) i * ENTRY_LENGTH;
            Wire.putI32(s, entry + ENTRY_SSRC_OFFSET, ssrcs[i]);
            // The sequence number's octet and the 24 reserved bits, which must be 0.
            Wire.putI32(s, entry + ENTRY_SEQUENCE_OFFSET, sequenceNumbers[i] << 24);
        }
    }
}
