package io.xsfu.rtcp;

import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the common part of a feedback message (RFC 4585 §6.1): FMT, PT 205 (transport layer) or
 * 206 (payload specific), the SSRC of the packet sender and of the media source, then the feedback control
 * information (FCI). A picture loss indication (PSFB FMT 1, §6.3.1) is exactly this with no FCI; the
 * subclasses read the FCI of the other messages. Wrap the packet without its padding.
 */
public class Feedback extends HeaderFlyweight {
    public static final int SENDER_SSRC_OFFSET = 4;
    public static final int MEDIA_SSRC_OFFSET = 8;
    public static final int FCI_OFFSET = 12;
    /** Common header and both SSRCs: a feedback message without FCI, such as a PLI. */
    public static final int HEADER_LENGTH = 12;

    /** RTPFB FMT: generic NACK (RFC 4585 §6.2.1). */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final int FMT_TWCC = 15;
    /** PSFB FMT: picture loss indication (RFC 4585 §6.3.1). */
    public static final int FMT_PLI = 1;
    /** PSFB FMT: full intra request (RFC 5104 §4.3.1). */
    public static final int FMT_FIR = 4;
    /** PSFB FMT: application layer feedback, REMB among others (RFC 4585 §6.4). */
    public static final int FMT_AFB = 15;

    public Feedback wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    /** The feedback message type (the header's count field). */
    public final int fmt() {
        return CommonHeader.count(segment, offset);
    }

    public final int packetType() {
        return CommonHeader.packetType(segment, offset);
    }

    public final int senderSsrc() {
        return Wire.i32(segment, offset + SENDER_SSRC_OFFSET);
    }

    public final Feedback senderSsrc(int ssrc) {
        Wire.putI32(segment, offset + SENDER_SSRC_OFFSET, ssrc);
        return this;
    }

    /** The media source the feedback is about; 0 in FIR and REMB, whose FCI names the sources. */
    public final int mediaSsrc() {
        return Wire.i32(segment, offset + MEDIA_SSRC_OFFSET);
    }

    public final Feedback mediaSsrc(int ssrc) {
        Wire.putI32(segment, offset + MEDIA_SSRC_OFFSET, ssrc);
        return this;
    }

    public final long fciOffset() {
        return offset + FCI_OFFSET;
    }

    public final int fciLength() {
        return length - FCI_OFFSET;
    }

    /** Writes the common part of a feedback packet of {@code bytes} bytes (FCI included). */
    static void writeHeader(MemorySegment s, long packet, int fmt, int packetType, int bytes, int senderSsrc,
            int mediaSsrc) {
        CommonHeader.write(s, packet, fmt, packetType, bytes);
        Wire.putI32(s, packet + SENDER_SSRC_OFFSET, senderSsrc);
        Wire.putI32(s, packet + MEDIA_SSRC_OFFSET, mediaSsrc);
    }

    static void writePli(MemorySegment s, long packet, int senderSsrc, int mediaSsrc) {
        writeHeader(s, packet, FMT_PLI, RtcpHeader.PT_PSFB, HEADER_LENGTH, senderSsrc, mediaSsrc);
    }
}
