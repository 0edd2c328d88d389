package io.xsfu.webrtc.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A session description: the session part and its media sections. Everything is kept, known or not, so that
 * {@code SdpWriter.write(SdpParser.parse(text))} gives back a browser's text line for line.
 *
 * @param sessionName the {@code s=} text ({@code -} from browsers)
 * @param connection  null when the session has no {@code c=} line
 * @param fields      kept {@code i= u= e= p= b= r= z= k=} lines
 */
public record Sdp(Origin origin, String sessionName, Timing timing, Connection connection, List<Field> fields,
        List<Attribute> attributes, List<MediaSection> media) implements Attributed {
    public Sdp {
        if (origin == null || timing == null) {
            throw new IllegalArgumentException("a session description needs an o= and a t= line");
        }
        Syntax.text(sessionName, "s=");
        fields = Syntax.list(fields, "session lines");
        attributes = Syntax.list(attributes, "session attributes");
        media = Syntax.list(media, "media sections");
    }

    public static Sdp parse(String text) {
        return SdpParser.parse(text);
    }

    /** The text, lines ended by CRLF. */
    public String write() {
        return SdpWriter.write(this);
    }

    /** The first {@code a=group:BUNDLE}, if any. */
    public Optional<Group> bundle() {
        return all(Group.class).stream().filter(Group::isBundle).findFirst();
    }

    public boolean iceLite() {
        return has(Attribute.ICE_LITE);
    }

    public Optional<MediaSection> media(String mid) {
        return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
    }
}
