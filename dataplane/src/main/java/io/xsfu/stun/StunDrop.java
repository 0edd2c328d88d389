package io.xsfu.stun;

import io.xsfu.rtcp.RtcpDrop;

/**
 * Why a STUN datagram is rejected, as int constants numbered from 128 (after {@link RtcpDrop}'s range) so that
 * they index the same counter array as the packet, forwarding and RTCP layers' reasons.
 *
 * <p>Two groups: {@link StunMessage#validate()} returns the message-level reasons (framing, attribute
 * structure, FINGERPRINT, unknown comprehension-required attributes); {@link IceLiteResponder} adds the ICE
 * rules (what it answers, with which error, and what it ignores). Some rejections are answered with an error
 * response (400, 401, 420, 487) and still carry their reason, so that every rejected request is counted.
 */
public final class StunDrop {
    public static final int FIRST = 128;

    /** Fewer than the 20 bytes of a STUN header. */
    public static final int TRUNCATED = FIRST;
    /** One of the two most significant bits of the message type is set: not STUN (RFC 8489 §5). */
    public static final int BAD_TYPE = FIRST + 1;
    /** The magic cookie is not 0x2112A442 (an RFC 3489 peer, or not STUN). */
    public static final int BAD_COOKIE = FIRST + 2;
    /** The length field is not a multiple of 4, or header plus length differs from the datagram's size. */
    public static final int BAD_LENGTH = FIRST + 3;
    /** An attribute's header, value or padding runs past the end of the message. */
    public static final int ATTRIBUTE_TRUNCATED = FIRST + 4;
    /** A known attribute with a length its type cannot have (MESSAGE-INTEGRITY not 20 bytes, PRIORITY not 4...). */
    public static final int BAD_ATTRIBUTE_LENGTH = FIRST + 5;
    /** A known attribute with an impossible value (an address family other than IPv4/IPv6, an error class not 3..6). */
    public static final int BAD_ATTRIBUTE_VALUE = FIRST + 6;
    /** An attribute after FINGERPRINT, which must be the last one. */
    public static final int FINGERPRINT_NOT_LAST = FIRST + 7;
    /** FINGERPRINT differs from the CRC-32 of the message (a corrupted datagram, or not STUN at all). */
    public static final int BAD_FINGERPRINT = FIRST + 8;
    /**
     * An attribute of the comprehension-required range (below 0x8000) this agent does not understand. Reported
     * by {@code validate()} only once everything else checked out, so the message can still be authenticated
     * (a request is then answered with 420 Unknown Attribute).
     */
    public static final int UNKNOWN_REQUIRED_ATTRIBUTE = FIRST + 9;

    /** A request without FINGERPRINT: ICE requires it on every check (RFC 8445 §7.2.2). */
    public static final int NO_FINGERPRINT = FIRST + 10;
    /** A method other than Binding: an ICE-lite agent implements no other. */
    public static final int UNSUPPORTED_METHOD = FIRST + 11;
    /** A Binding indication (a keepalive): no response is due. Not an error. */
    public static final int INDICATION = FIRST + 12;
    /** A Binding success or error response: a lite agent sends no requests, so none is expected. */
    public static final int UNEXPECTED_RESPONSE = FIRST + 13;
    /** A request without USERNAME or without MESSAGE-INTEGRITY: answered 400 Bad Request. */
    public static final int MISSING_CREDENTIALS = FIRST + 14;
    /** USERNAME is not "localUfrag:remoteUfrag": answered 401 Unauthenticated. */
    public static final int UNKNOWN_USERNAME = FIRST + 15;
    /** MESSAGE-INTEGRITY does not verify with the local ice-pwd: answered 401 Unauthenticated. */
    public static final int BAD_INTEGRITY = FIRST + 16;
    /** The peer claims the controlled role too (ICE-CONTROLLED); a lite agent cannot switch: answered 487. */
    public static final int ROLE_CONFLICT = FIRST + 17;
    /** The response does not fit in the output region the caller gave (a caller bug). */
    public static final int NO_SPACE = FIRST + 18;

    /** One past the last reason. */
    public static final int END = FIRST + 19;

    /** Metric names, indexed by {@code reason - FIRST}; stable labels. */
    public static final String[] NAMES = {
        "stun_truncated",
        "stun_bad_type",
        "stun_bad_cookie",
        "stun_bad_length",
        "stun_attribute_truncated",
        "stun_bad_attribute_length",
        "stun_bad_attribute_value",
        "stun_fingerprint_not_last",
        "stun_bad_fingerprint",
        "stun_unknown_required_attribute",
        "stun_no_fingerprint",
        "stun_unsupported_method",
        "stun_indication",
        "stun_unexpected_response",
        "stun_missing_credentials",
        "stun_unknown_username",
        "stun_bad_integrity",
        "stun_role_conflict",
        "stun_no_space",
    };

    private StunDrop() {
    }

    /** The metric name of a reason in {@code FIRST .. END - 1}; control path only. */
    public static String name(int reason) {
        if (reason < FIRST || reason >= END) {
            throw new IllegalArgumentException("not a STUN drop reason: " + reason);
        }
        return NAMES[reason - FIRST];
    }
}
