package io.xsfu.webrtc.sdp;

/**
 * An attribute kept as text: the ones with a single opaque value ({@code mid}, {@code ice-ufrag},
 * {@code ice-pwd}), the flags ({@code rtcp-mux}, {@code ice-lite}, ...) and every attribute xsfu does not know,
 * which round-trips verbatim.
 *
 * @param value null for {@code a=name}, possibly empty for {@code a=name:}
 */
public record PlainAttribute(String field, String value) implements Attribute {
    public PlainAttribute {
        Syntax.token(field, "attribute name");
        Syntax.optionalText(value, "a=" + field);
    }

    public static PlainAttribute flag(String field) {
        return new PlainAttribute(field, null);
    }

    public static PlainAttribute of(String field, String value) {
        return new PlainAttribute(field, value);
    }
}
