package io.xsfu.webrtc.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285): the id an RTP header extension is sent
 * under.
 *
 * @param direction  null when not written (the m-line's direction applies)
 * @param attributes extension attributes after the URI, or null
 */
public record Extmap(int id, Direction direction, String uri, String attributes) implements Attribute {
    /** Ids 1-14 use the one-byte header form, up to 255 the two-byte form (RFC 8285 §4.3). */
    public static final int MAX_ID = 255;

    public Extmap {
        Syntax.range(id, 1, MAX_ID, "a=extmap id");
        Syntax.word(uri, "a=extmap URI");
        Syntax.optionalText(attributes, "a=extmap attributes");
    }

    public static Extmap of(int id, String uri) {
        return new Extmap(id, null, uri, null);
    }

    @Override
    public String field() {
        return "extmap";
    }

    @Override
    public String value() {
        return id + (direction == null ? "" : "/" + direction.field()) + " " + uri
                + (attributes == null ? "" : " " + attributes);
    }

    static Extmap parse(String value) {
        String[] w = Syntax.words(value, 2, "a=extmap");
        String idPart = w[0];
        Direction direction = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            direction = Direction.byField(idPart.substring(slash + 1));
            if (direction == null) {
                throw new IllegalArgumentException("a=extmap direction must be sendrecv, sendonly, recvonly or "
                        + "inactive, got " + Syntax.quote(idPart.substring(slash + 1)));
            }
            idPart = idPart.substring(0, slash);
        }
        int rest = value.indexOf(' ', value.indexOf(' ') + 1);
        return new Extmap(Syntax.integer(idPart, 1, MAX_ID, "a=extmap id"), direction, w[1],
                rest < 0 ? null : value.substring(rest + 1));
    }
}
