package io.xsfu.webrtc.sdp;

/**
 * {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576), such as {@code cname:xVRg9aiN} or
 * {@code msid:<stream> <track>}.
 *
 * @param attributeValue what follows the attribute's colon (may hold spaces), or null
 */
public record SsrcAttribute(long ssrc, String attribute, String attributeValue) implements Attribute {
    public static final String CNAME = "cname";
    public static final String MSID = "msid";

    public SsrcAttribute {
        Syntax.range(ssrc, 0, 0xFFFF_FFFFL, "a=ssrc SSRC");
        Syntax.token(attribute, "a=ssrc attribute");
        Syntax.optionalText(attributeValue, "a=ssrc " + attribute);
    }

    @Override
    public String field() {
        return "ssrc";
    }

    @Override
    public String value() {
        return ssrc + " " + attribute + (attributeValue == null ? "" : ":" + attributeValue);
    }

    static SsrcAttribute parse(String value) {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("a=ssrc needs an SSRC and an attribute");
        }
        long ssrc = Syntax.number(value.substring(0, space), 0, 0xFFFF_FFFFL, "a=ssrc SSRC");
        String attribute = value.substring(space + 1);
        int colon = attribute.indexOf(':');
        return colon < 0 ? new SsrcAttribute(ssrc, attribute, null)
                : new SsrcAttribute(ssrc, attribute.substring(0, colon), attribute.substring(colon + 1));
    }
}
