package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;

/**
 * Why an RTCP compound packet is rejected, as int constants numbered after the forwarding layer's range
 * ({@code 64 .. 95}), so that the packet layer's, the forwarding layer's and these reasons index one counter
 * array of {@link #END} entries. {@link RtcpCompound#wrap} returns one of these, {@link DropReason#OK}, or
 * {@link DropReason#FRAME_OUT_OF_BOUNDS} when the caller passes a range outside the segment.
 */
public final class RtcpDrop {
    public static final int FIRST = 96;

    /** Fewer than 4 bytes where a packet's common header should start (an empty datagram included). */
    public static final int TRUNCATED = FIRST;
    /** A packet of the compound whose version is not 2. */
    public static final int BAD_VERSION = FIRST + 1;
    /** A packet's length field runs past the end of the compound. */
    public static final int BAD_LENGTH = FIRST + 2;
    /** Padding flag set with a padding count of 0 or reaching into the common header. */
    public static final int BAD_PADDING = FIRST + 3;
    /** A sender report shorter than its fixed part plus its report blocks. */
    public static final int SR_TRUNCATED = FIRST + 4;
    /** A receiver report shorter than the sender SSRC plus its report blocks. */
    public static final int RR_TRUNCATED = FIRST + 5;
    /** An SDES chunk or item runs past the packet, or a chunk lacks its terminating null octet. */
    public static final int SDES_MALFORMED = FIRST + 6;
    /** The BYE source list or its reason runs past the packet. */
    public static final int BYE_MALFORMED = FIRST + 7;
    /** A transport-layer or payload-specific feedback packet shorter than its 12-byte common part. */
    public static final int FEEDBACK_TRUNCATED = FIRST + 8;
    /** A generic NACK without FCI entries or with a partial one. */
    public static final int NACK_BAD_LENGTH = FIRST + 9;
    /** A FIR without entries or with a partial one. */
    public static final int FIR_BAD_LENGTH = FIRST + 10;
    /** A REMB whose bitrate field or SSRC list runs past the packet. */
    public static final int REMB_MALFORMED = FIRST + 11;
    /** Transport-wide feedback whose fixed part, status chunks or receive deltas run past the packet. */
    public static final int TWCC_TRUNCATED = FIRST + 12;
    /** Transport-wide feedback with the reserved status symbol 3. */
    public static final int TWCC_RESERVED_SYMBOL = FIRST + 13;

    /** One past the last reason. */
    public static final int END = FIRST + 14;

    /** Metric names, indexed by {@code reason - FIRST}; stable labels. */
    public static final String[] NAMES = {
        "rtcp_packet_truncated",
        "rtcp_packet_bad_version",
        "rtcp_packet_bad_length",
        "rtcp_bad_padding",
        "rtcp_sr_truncated",
        "rtcp_rr_truncated",
        "rtcp_sdes_malformed",
        "rtcp_bye_malformed",
        "rtcp_feedback_truncated",
        "rtcp_nack_bad_length",
        "rtcp_fir_bad_length",
        "rtcp_remb_malformed",
        "rtcp_twcc_truncated",
        "rtcp_twcc_reserved_symbol",
    };

    private RtcpDrop() {
    }

    /** The metric name of a reason in {@code FIRST .. END - 1}; control path only. */
    public static String name(int reason) {
        if (reason < FIRST || reason >= END) {
            throw new IllegalArgumentException("not an RTCP drop reason: " + reason);
        }
        return NAMES[reason - FIRST];
    }
}
