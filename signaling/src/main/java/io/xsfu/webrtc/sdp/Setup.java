package io.xsfu.webrtc.sdp;

import java.util.Locale;

/** {@code a=setup} (RFC 4145, RFC 5763): which side opens the DTLS connection. */
public enum Setup implements Attribute {
    /** Opens the connection: the DTLS client. */
    ACTIVE,
    /** Waits for it: the DTLS server. */
    PASSIVE,
    /** Either; what an offerer writes, leaving the choice to the answerer. */
    ACTPASS,
    /** No connection for now. */
    HOLDCONN;

    @Override
    public String field() {
        return "setup";
    }

    @Override
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Setup parse(String value) {
        return switch (value == null ? "" : value) {
            case "active" -> ACTIVE;
            case "passive" -> PASSIVE;
            case "actpass" -> ACTPASS;
            case "holdconn" -> HOLDCONN;
            default -> throw new IllegalArgumentException(
                    "a=setup must be active, passive, actpass or holdconn, got " + Syntax.quote(value));
        };
    }
}
