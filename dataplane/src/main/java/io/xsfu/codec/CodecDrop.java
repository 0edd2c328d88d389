package io.xsfu.codec;

/**
 * Why a video payload's descriptor cannot be trusted, as int constants numbered from 160 (after the STUN
 * reasons' range, {@code 128 .. 159}) so that they index the same counter array as the packet, forwarding,
 * RTCP, SRTP and STUN layers' reasons. {@link Vp8Descriptor#wrap} returns one of these or 0 (OK).
 */
public final class CodecDrop {
    public static final int FIRST = 160;

    /** An RTP packet without a single payload byte where the VP8 descriptor should be. */
    public static final int VP8_EMPTY = FIRST;
    /** X set, but the packet ends before the I/L/T/K byte. */
    public static final int VP8_TRUNCATED_EXTENSION = FIRST + 1;
    /** I set, but the packet ends inside the picture id (one byte missing, or the second of a 15-bit one). */
    public static final int VP8_TRUNCATED_PICTURE_ID = FIRST + 2;
    /** L set, but the packet ends before TL0PICIDX. */
    public static final int VP8_TRUNCATED_TL0PICIDX = FIRST + 3;
    /** T or K set, but the packet ends before the TID/Y/KEYIDX byte. */
    public static final int VP8_TRUNCATED_TID = FIRST + 4;
    /** The descriptor takes the whole packet: no VP8 payload follows it. */
    public static final int VP8_NO_PAYLOAD = FIRST + 5;
    /** L set without T: a TL0PICIDX with no temporal layer to index (RFC 7741 §4.2 forbids it). */
    public static final int VP8_TL0PICIDX_WITHOUT_TID = FIRST + 6;
    /** Start of partition 0 with the key frame bit (P=0) but shorter than a key frame's 10-byte header or without its start code. */
    public static final int VP8_BAD_KEYFRAME_HEADER = FIRST + 7;

    /** A VP9 descriptor (RFC 9628) that announces more fields (picture id, layer indices, TL0PICIDX, P_DIFF) than the packet holds. */
    public static final int VP9_TRUNCATED = FIRST + 8;
    /** The VP9 descriptor takes the whole packet: no VP9 payload follows it. */
    public static final int VP9_NO_PAYLOAD = FIRST + 9;
    /** An AV1 packet whose first OBU header (or its length) runs past the packet. */
    public static final int AV1_TRUNCATED = FIRST + 10;

    /** One past the last reason. */
    public static final int END = FIRST + 11;

    /** Metric names, indexed by {@code reason - FIRST}; stable labels. */
    private static final String[] NAMES = {
        "vp8_empty",
        "vp8_truncated_extension",
        "vp8_truncated_picture_id",
        "vp8_truncated_tl0picidx",
        "vp8_truncated_tid",
        "vp8_no_payload",
        "vp8_tl0picidx_without_tid",
        "vp8_bad_keyframe_header",
        "vp9_truncated",
        "vp9_no_payload",
        "av1_truncated",
    };

    private CodecDrop() {
    }

    /** The metric name of a reason in {@code FIRST .. END - 1}; control path only. */
    public static String name(int reason) {
        if (reason < FIRST || reason >= END) {
            throw new IllegalArgumentException("not a codec drop reason: " + reason);
        }
        return NAMES[reason - FIRST];
    }
}
