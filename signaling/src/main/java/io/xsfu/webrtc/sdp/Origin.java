package io.xsfu.webrtc.sdp;

/**
 * The {@code o=} line. The session id and version are kept as the digits they were written with: browsers use
 * unsigned 64-bit values that a {@code long} cannot always hold.
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType,
        String address) {
    public Origin {
        Syntax.word(username, "o= user name");
        digits(sessionId, "o= session id");
        digits(sessionVersion, "o= session version");
        Syntax.token(netType, "o= network type");
        Syntax.token(addrType, "o= address type");
        Syntax.word(address, "o= address");
    }

    /** An origin for a description xsfu writes: {@code o=- <id> <version> IN IP4 127.0.0.1}, as browsers do. */
    public static Origin of(long sessionId, long sessionVersion) {
        Syntax.range(sessionId, 0, Long.MAX_VALUE, "session id");
        Syntax.range(sessionVersion, 0, Long.MAX_VALUE, "session version");
        return new Origin("-", Long.toString(sessionId), Long.toString(sessionVersion), "IN", "IP4", "127.0.0.1");
    }

    String value() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
    }

    static Origin parse(String value) {
        String[] w = Syntax.words(value, 6, "o=");
        if (w.length != 6) {
            throw new IllegalArgumentException("o= needs 6 fields, got " + w.length);
        }
        return new Origin(w[0], w[1], w[2], w[3], w[4], w[5]);
    }

    private static void digits(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new IllegalArgumentException(what + " must be digits, got " + Syntax.quote(s));
            }
        }
    }
}
