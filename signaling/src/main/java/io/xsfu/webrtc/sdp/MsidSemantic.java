package io.xsfu.webrtc.sdp;

import java.util.Arrays;
import java.util.List;

/**
 * {@code a=msid-semantic: WMS <stream id>...}, from the msid drafts. Chromium writes a space after the colon
 * and Firefox none; both read either, so xsfu accepts both and writes Chromium's form.
 */
public record MsidSemantic(String semantic, List<String> ids) implements Attribute {
    public MsidSemantic {
        Syntax.token(semantic, "a=msid-semantic semantic");
        ids = Syntax.list(ids, "a=msid-semantic ids");
        ids.forEach(id -> Syntax.token(id, "a=msid-semantic id"));
    }

    @Override
    public String field() {
        return "msid-semantic";
    }

    @Override
    public String value() {
        return " " + semantic + (ids.isEmpty() ? "" : " " + String.join(" ", ids));
    }

    static MsidSemantic parse(String value) {
        String[] w = Syntax.words(value.startsWith(" ") ? value.substring(1) : value, 1, "a=msid-semantic");
        return new MsidSemantic(w[0], Arrays.asList(w).subList(1, w.length));
    }
}
