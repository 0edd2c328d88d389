package io.xsfu.webrtc.sdp;

import java.util.Arrays;
import java.util.List;

/** {@code a=ice-options:<option>...} (RFC 8839), such as {@code trickle}. */
public record IceOptions(List<String> options) implements Attribute {
    public IceOptions {
        options = Syntax.list(options, "a=ice-options");
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a=ice-options needs at least one option");
        }
        options.forEach(o -> Syntax.token(o, "a=ice-options option"));
    }

    @Override
    public String field() {
        return "ice-options";
    }

    @Override
    public String value() {
        return String.join(" ", options);
    }

    static IceOptions parse(String value) {
        return new IceOptions(Arrays.asList(Syntax.words(value, 1, "a=ice-options")));
    }
}
