package io.xsfu.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=candidate:} (RFC 8839): {@code <foundation> <component> <transport> <priority> <address> <port> typ
 * <type>} then name/value pairs ({@code raddr}, {@code rport}, {@code generation}, {@code tcptype}, ...), kept in
 * order. The transport is kept as written ({@code udp} from Chromium, {@code UDP} from Firefox); compare it
 * ignoring case.
 */
public record Candidate(String foundation, int component, String transport, long priority, String address,
        int port, String type, List<Extension> extensions) implements Attribute {
    /** A name/value pair after the candidate type. */
    public record Extension(String name, String value) {
        public Extension {
            Syntax.token(name, "a=candidate extension name");
            Syntax.word(value, "a=candidate extension " + name);
        }
    }

    public Candidate {
        Syntax.iceChars(foundation, 1, 32, "a=candidate foundation");
        Syntax.range(component, 1, 256, "a=candidate component");
        Syntax.token(transport, "a=candidate transport");
        Syntax.range(priority, 0, 0xFFFF_FFFFL, "a=candidate priority");
        Syntax.word(address, "a=candidate address");
        Syntax.range(port, 0, 65535, "a=candidate port");
        Syntax.token(type, "a=candidate type");
        extensions = Syntax.list(extensions, "a=candidate extensions");
    }

    /** A host UDP candidate for RTP (component 1), such as the SFU's. */
    public static Candidate host(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "udp", priority, address, port, "host", List.of());
    }

    public boolean isUdp() {
        return "udp".equalsIgnoreCase(transport);
    }

    /** The value of the extension {@code name} ({@code raddr}, {@code rport}, {@code generation}...), if any. */
    public Optional<String> extension(String name) {
        return extensions.stream().filter(e -> e.name.equals(name)).map(Extension::value).findFirst();
    }

    @Override
    public String field() {
        return "candidate";
    }

    @Override
    public String value() {
        StringBuilder out = new StringBuilder(96).append(foundation).append(' ').append(component).append(' ')
                .append(transport).append(' ').append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type);
        for (Extension e : extensions) {
            out.append(' ').append(e.name).append(' ').append(e.value);
        }
        return out.toString();
    }

    static Candidate parse(String value) {
        String[] w = Syntax.words(value, 8, "a=candidate");
        if (!w[6].equals("typ")) {
            throw new IllegalArgumentException("a=candidate: the 7th field must be typ, got " + Syntax.quote(w[6]));
        }
        if ((w.length - 8) % 2 != 0) {
            throw new IllegalArgumentException("a=candidate: the fields after the type must be name/value pairs");
        }
        List<Extension> extensions = new ArrayList<>((w.length - 8) / 2);
        for (int i = 8; i < w.length; i += 2) {
            extensions.add(new Extension(w[i], w[i + 1]));
        }
        return new Candidate(w[0], Syntax.integer(w[1], 1, 256, "a=candidate component"), w[2],
                Syntax.number(w[3], 0, 0xFFFF_FFFFL, "a=candidate priority"), w[4],
                Syntax.integer(w[5], 0, 65535, "a=candidate port"), w[7], extensions);
    }
}
