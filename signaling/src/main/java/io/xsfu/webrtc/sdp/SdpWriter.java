package io.xsfu.webrtc.sdp;

import java.util.List;

/**
 * Writes an {@link Sdp} as text with CRLF line ends, each line in the place RFC 8866 §5 gives its type and the
 * attributes in their order, so that a description read from a browser comes back as it was.
 */
public final class SdpWriter {
    private SdpWriter() {}

    public static String write(Sdp sdp) {
        StringBuilder out = new StringBuilder(4096);
        line(out, 'v', "0");
        line(out, 'o', sdp.origin().value());
        line(out, 's', sdp.sessionName());
        fields(out, sdp.fields(), "iuep");
        if (sdp.connection() != null) {
            line(out, 'c', sdp.connection().value());
        }
        fields(out, sdp.fields(), "b");
        line(out, 't', sdp.timing().value());
        fields(out, sdp.fields(), "rzk");
        attributes(out, sdp.attributes());
        for (MediaSection m : sdp.media()) {
            line(out, 'm', m.media() + " " + m.port() + (m.portCount() == 0 ? "" : "/" + m.portCount()) + " "
                    + m.proto() + " " + String.join(" ", m.formats()));
            fields(out, m.fields(), "i");
            if (m.connection() != null) {
                line(out, 'c', m.connection().value());
            }
            fields(out, m.fields(), "bk");
            attributes(out, m.attributes());
        }
        return out.toString();
    }

    /** The kept lines of the given types, in their original relative order. */
    private static void fields(StringBuilder out, List<Field> fields, String types) {
        for (Field f : fields) {
            if (types.indexOf(f.type()) >= 0) {
                line(out, f.type(), f.value());
            }
        }
    }

    private static void attributes(StringBuilder out, List<Attribute> attributes) {
        for (Attribute a : attributes) {
            line(out, 'a', a.value() == null ? a.field() : a.field() + ":" + a.value());
        }
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append("\r\n");
    }
}
