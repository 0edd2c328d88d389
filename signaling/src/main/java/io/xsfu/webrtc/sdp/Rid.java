package io.xsfu.webrtc.sdp;

/**
 * {@code a=rid:<id> send|recv [<restrictions>]} (RFC 8851): one RTP stream of an m-line, named by the
 * {@code sdes:rtp-stream-id} header extension; with {@code a=simulcast}, one simulcast encoding.
 *
 * @param send         true for {@code send}, false for {@code recv}
 * @param restrictions such as {@code pt=96;max-width=1280}, kept as written, or null
 */
public record Rid(String id, boolean send, String restrictions) implements Attribute {
    /** RFC 8851 sets no bound; the SDES item that carries a rid (RFC 8852) holds at most 255 bytes. */
    private static final int MAX_ID_CHARS = 255;

    public Rid {
        checkId(id);
        Syntax.optionalText(restrictions, "a=rid restrictions");
    }

    @Override
    public String field() {
        return "rid";
    }

    @Override
    public String value() {
        return id + (send ? " send" : " recv") + (restrictions == null ? "" : " " + restrictions);
    }

    static Rid parse(String value) {
        String[] w = Syntax.words(value, 2, "a=rid");
        boolean send = switch (w[1]) {
            case "send" -> true;
            case "recv" -> false;
            default -> throw new IllegalArgumentException("a=rid direction must be send or recv, got "
                    + Syntax.quote(w[1]));
        };
        int rest = value.indexOf(' ', value.indexOf(' ') + 1);
        return new Rid(w[0], send, rest < 0 ? null : value.substring(rest + 1));
    }

    /** RFC 8851 rid-id: letters, digits, {@code -} and {@code _}. */
    static String checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException("a rid must have 1 to " + MAX_ID_CHARS + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("a rid may only have letters, digits, - and _: "
                        + Syntax.quote(id));
            }
        }
        return id;
    }
}
