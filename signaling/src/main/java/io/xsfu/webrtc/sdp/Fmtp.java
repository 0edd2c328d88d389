package io.xsfu.webrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;

/**
 * {@code a=fmtp:<pt> <parameters>}. The parameters are kept as written (their syntax belongs to each payload
 * format); {@link #parameterMap()} reads the common {@code name=value;name=value} form.
 */
public record Fmtp(int payloadType, String parameters) implements Attribute {
    public Fmtp {
        Syntax.range(payloadType, 0, 127, "a=fmtp payload type");
        Syntax.text(parameters, "a=fmtp parameters");
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a=fmtp has no parameters");
        }
    }

    /** Parameters in the {@code name=value;...} form, in the given order. */
    public static Fmtp of(int payloadType, Map<String, String> parameters) {
        return new Fmtp(payloadType, parameters.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";")));
    }

    /**
     * The parameters as {@code name -> value} in their order; names are compared as written (RFC 8866 says
     * format-specific). A part without {@code =} ({@code 0-15} of telephone-event, {@code 111/111} of RED) maps
     * to the empty string; a repeated name keeps its first value.
     */
    public SequencedMap<String, String> parameterMap() {
        SequencedMap<String, String> map = new LinkedHashMap<>();
        for (String part : parameters.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                map.putIfAbsent(p, "");
            } else {
                map.putIfAbsent(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return Collections.unmodifiableSequencedMap(map);
    }

    @Override
    public String field() {
        return "fmtp";
    }

    @Override
    public String value() {
        return payloadType + " " + parameters;
    }

    static Fmtp parse(String value) {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("a=fmtp needs a payload type and parameters");
        }
        return new Fmtp(Syntax.integer(value.substring(0, space), 0, 127, "a=fmtp payload type"),
                value.substring(space + 1));
    }
}
