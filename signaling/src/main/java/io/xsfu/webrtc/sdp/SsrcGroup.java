package io.xsfu.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576): {@code FID} pairs a media SSRC with its RTX SSRC,
 * {@code SIM} lists the SSRCs of simulcast encodings (lowest first), {@code FEC-FR} pairs one with its FEC.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) implements Attribute {
    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        Syntax.token(semantics, "a=ssrc-group semantics");
        ssrcs = Syntax.list(ssrcs, "a=ssrc-group SSRCs");
        if (ssrcs.isEmpty()) {
            throw new IllegalArgumentException("a=ssrc-group needs at least one SSRC");
        }
        ssrcs.forEach(ssrc -> Syntax.range(ssrc, 0, 0xFFFF_FFFFL, "a=ssrc-group SSRC"));
    }

    public boolean is(String name) {
        return semantics.equalsIgnoreCase(name);
    }

    @Override
    public String field() {
        return "ssrc-group";
    }

    @Override
    public String value() {
        StringBuilder out = new StringBuilder(semantics);
        ssrcs.forEach(ssrc -> out.append(' ').append(ssrc));
        return out.toString();
    }

    static SsrcGroup parse(String value) {
        String[] w = Syntax.words(value, 2, "a=ssrc-group");
        List<Long> ssrcs = new ArrayList<>(w.length - 1);
        for (int i = 1; i < w.length; i++) {
            ssrcs.add(Syntax.number(w[i], 0, 0xFFFF_FFFFL, "a=ssrc-group SSRC"));
        }
        return new SsrcGroup(w[0], ssrcs);
    }
}
