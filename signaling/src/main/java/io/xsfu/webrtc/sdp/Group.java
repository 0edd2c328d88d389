package io.xsfu.webrtc.sdp;

import java.util.Arrays;
import java.util.List;

/** {@code a=group:<semantics> <mid>...} (RFC 5888); WebRTC's is {@code BUNDLE} (RFC 8843). */
public record Group(String semantics, List<String> mids) implements Attribute {
    public static final String BUNDLE = "BUNDLE";

    public Group {
        Syntax.token(semantics, "a=group semantics");
        mids = Syntax.list(mids, "a=group mids");
        mids.forEach(mid -> Syntax.token(mid, "a=group mid"));
    }

    public static Group bundle(List<String> mids) {
        return new Group(BUNDLE, mids);
    }

    public boolean isBundle() {
        return BUNDLE.equalsIgnoreCase(semantics);
    }

    @Override
    public String field() {
        return "group";
    }

    @Override
    public String value() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }

    static Group parse(String value) {
        String[] w = Syntax.words(value, 1, "a=group");
        return new Group(w[0], Arrays.asList(w).subList(1, w.length));
    }
}
