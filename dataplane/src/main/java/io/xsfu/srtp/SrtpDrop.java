package io.xsfu.srtp;

import io.xsfu.packet.DropReason;

/**
 * Why an SRTP or SRTCP packet is not protected or unprotected, as int constants numbered after the RTCP
 * layer's range ({@code 96 .. 111}) so that they index the same counter array as the packet, forwarding and
 * RTCP reasons ({@link #END} entries in all). {@link SrtpSession}'s methods return the negated reason
 * ({@code -reason}) in place of a length; a range outside the segment is {@code -}{@link
 * DropReason#FRAME_OUT_OF_BOUNDS}, a caller bug.
 */
public final class SrtpDrop {
    public static final int FIRST = 112;

    /** Shorter than the RTP fixed header (or RTCP header and SRTCP index) plus the authentication tag. */
    public static final int TOO_SHORT = FIRST;
    /** Longer than {@link SrtpSession#MAX_PACKET_LENGTH}, which no UMEM frame or socket buffer can hold. */
    public static final int TOO_LONG = FIRST + 1;
    /** Not version 2, or the CSRC list or header extension runs into the tag (RTP), or not version 2 (RTCP). */
    public static final int BAD_HEADER = FIRST + 2;
    /** The tag does not verify: a forged, corrupted or wrongly keyed packet, or a wrong rollover guess. */
    public static final int AUTH_FAILED = FIRST + 3;
    /** An index the replay window has already accepted. */
    public static final int REPLAYED = FIRST + 4;
    /** An index older than the 64-packet replay window (inbound; outbound for GCM, see {@link SrtpSession}). */
    public static final int TOO_OLD = FIRST + 5;
    /** A new SSRC while the session already keeps its maximum number of stream contexts. */
    public static final int TOO_MANY_STREAMS = FIRST + 6;
    /** Protect: the capacity after the packet cannot take the tag (and SRTCP index). */
    public static final int NO_ROOM = FIRST + 7;
    /** Protect: 2^31 SRTCP packets were sent with this key (RFC 3711 §9.2): the session must be rekeyed. */
    public static final int SRTCP_INDEX_EXHAUSTED = FIRST + 8;

    /** Protect (GCM): an index this session already sent under; see {@link SrtpSession}. */
    public static final int INDEX_REUSED = FIRST + 9;

    /** One past the last reason. */
    public static final int END = FIRST + 10;

    /** Metric names, indexed by {@code reason - FIRST}; stable labels. */
    public static final String[] NAMES = {
        "srtp_too_short",
        "srtp_too_long",
        "srtp_bad_header",
        "srtp_auth_failed",
        "srtp_replayed",
        "srtp_too_old",
        "srtp_too_many_streams",
        "srtp_no_room",
        "srtp_srtcp_index_exhausted",
        "srtp_index_reused",
    };

    private SrtpDrop() {
    }

    /** The metric name of a reason in {@code FIRST .. END - 1}; control path only. */
    public static String name(int reason) {
        if (reason < FIRST || reason >= END) {
            throw new IllegalArgumentException("not an SRTP drop reason: " + reason);
        }
        return NAMES[reason - FIRST];
    }
}
