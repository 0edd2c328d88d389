package io.xsfu.signaling;

/** A token that does not admit its bearer, and why (the message is safe to show the bearer). */
public final class TokenException extends Exception {
    /** Why a token was refused. */
    public enum Reason {
        /** Not a JWT, or not one signed with HS256. */
        MALFORMED,
        /** Signed with another key, or altered. */
        BAD_SIGNATURE,
        /** Past its {@code exp}. */
        EXPIRED,
        /** A claim is missing or has the wrong type or value. */
        INVALID_CLAIMS
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
