package io.xsfu.webrtc.sdp;

/**
 * A {@code c=} line. The address is kept as written (it may carry a multicast {@code /ttl}); WebRTC puts the
 * default candidate's address here, or {@code 0.0.0.0}.
 */
public record Connection(String netType, String addrType, String address) {
    public Connection {
        Syntax.token(netType, "c= network type");
        Syntax.token(addrType, "c= address type");
        Syntax.word(address, "c= address");
    }

    /** {@code IN IP6} for an address with a colon, else {@code IN IP4}. */
    public static Connection of(String address) {
        return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    String value() {
        return netType + " " + addrType + " " + address;
    }

    static Connection parse(String value) {
        String[] w = Syntax.words(value, 3, "c=");
        if (w.length != 3) {
            throw new IllegalArgumentException("c= needs 3 fields, got " + w.length);
        }
        return new Connection(w[0], w[1], w[2]);
    }
}
