package io.xsfu.webrtc.sdp;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830): which MediaStream the m-line's track belongs to
 * ({@code -} for none), so that a receiver can group audio and video of one sender.
 *
 * @param trackId null when absent
 */
public record Msid(String streamId, String trackId) implements Attribute {
    /** RFC 8830 msid-id: 1 to 64 token characters. */
    private static final int MAX_ID_CHARS = 64;

    public Msid {
        check(streamId, "a=msid stream id");
        if (trackId != null) {
            check(trackId, "a=msid track id");
        }
    }

    @Override
    public String field() {
        return "msid";
    }

    @Override
    public String value() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }

    static Msid parse(String value) {
        String[] w = Syntax.words(value, 1, "a=msid");
        if (w.length > 2) {
            throw new IllegalArgumentException("a=msid has at most a stream id and a track id");
        }
        return new Msid(w[0], w.length == 2 ? w[1] : null);
    }

    private static void check(String id, String what) {
        Syntax.token(id, what);
        if (id.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_ID_CHARS + " characters");
        }
    }
}
