package io.xsfu.stun;

/**
 * STUN attribute types this package reads or writes (RFC 8489 §18.3, RFC 8445 §16.1), and the rule that
 * tells which unknown ones make a message unacceptable.
 */
public final class StunAttribute {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;

    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** The value lengths fixed by the type. */
    public static final int MESSAGE_INTEGRITY_LENGTH = 20;
    public static final int FINGERPRINT_LENGTH = 4;
    public static final int PRIORITY_LENGTH = 4;
    public static final int TIE_BREAKER_LENGTH = 8;
    public static final int XOR_MAPPED_IPV4_LENGTH = 8;
    public static final int XOR_MAPPED_IPV6_LENGTH = 20;
    /** RFC 8489 §14.3: a USERNAME is fewer than 513 bytes. */
    public static final int USERNAME_MAX_LENGTH = 512;

    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;

    private StunAttribute() {
    }

    /** Types below 0x8000 must be understood, or the message is rejected (RFC 8489 §14). */
    public static boolean comprehensionRequired(int type) {
        return type < 0x8000;
    }

    /**
     * The comprehension-required types this agent understands: those it reads, and those it knows to be
     * irrelevant to a short-term-credential Binding exchange (MAPPED-ADDRESS, REALM, NONCE...) and may ignore.
     */
    public static boolean understood(int type) {
        return switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, REALM, NONCE,
                 MESSAGE_INTEGRITY_SHA256, XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE -> true;
            default -> false;
        };
    }
}
