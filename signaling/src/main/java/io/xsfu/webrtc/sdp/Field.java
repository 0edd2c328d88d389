package io.xsfu.webrtc.sdp;

/**
 * A line xsfu keeps but does not interpret: {@code i= u= e= p= b= r= z= k=}. The writer puts each back in
 * the place RFC 8866 gives its type, so a valid description keeps its order.
 */
public record Field(char type, String value) {
    /** The types a session may have besides v, o, s, c, t, a and m, in the order RFC 8866 §5 puts them. */
    static final String SESSION_TYPES = "iuepbrzk";
    /** The types a media section may have besides m, c and a, in RFC 8866 order. */
    static final String MEDIA_TYPES = "ibk";

    public Field {
        if (SESSION_TYPES.indexOf(type) < 0) {
            throw new IllegalArgumentException("a kept line must be one of " + SESSION_TYPES + ", got " + type);
        }
        Syntax.text(value, type + "=");
    }
}
