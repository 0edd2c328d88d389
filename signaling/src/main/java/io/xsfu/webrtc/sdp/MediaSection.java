package io.xsfu.webrtc.sdp;

import java.util.List;
import java.util.Optional;

/**
 * One m-section: the {@code m=} line, an optional {@code c=}, kept {@code i= b= k=} lines and the attributes in
 * their order.
 *
 * @param media      {@code audio}, {@code video}, {@code application}... as written
 * @param port       0 means rejected (in an answer) or stopped
 * @param portCount  the {@code /<n>} after the port, 0 when absent
 * @param formats    the payload types (or other formats) in preference order, as written
 * @param connection null when the section has no {@code c=} line (the session's applies)
 */
public record MediaSection(String media, int port, int portCount, String proto, List<String> formats,
        Connection connection, List<Field> fields, List<Attribute> attributes) implements Attributed {
    public MediaSection {
        Syntax.token(media, "m= media");
        Syntax.range(port, 0, 65535, "m= port");
        Syntax.range(portCount, 0, 65535, "m= number of ports");
        Syntax.word(proto, "m= protocol");
        formats = Syntax.list(formats, "m= formats");
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("m= needs at least one format");
        }
        formats.forEach(f -> Syntax.token(f, "m= format"));
        fields = Syntax.list(fields, "media section lines");
        for (Field f : fields) {
            if (Field.MEDIA_TYPES.indexOf(f.type()) < 0) {
                throw new IllegalArgumentException(f.type() + "= is not allowed in a media section");
            }
        }
        attributes = Syntax.list(attributes, "media section attributes");
    }

    /** Whether the protocol carries RTP ({@code UDP/TLS/RTP/SAVPF}, {@code RTP/AVP}...): formats are payload types. */
    public boolean isRtp() {
        return isRtp(proto);
    }

    static boolean isRtp(String proto) {
        return proto.contains("RTP/");
    }

    public boolean isRejected() {
        return port == 0;
    }

    public Optional<String> mid() {
        return value(Attribute.MID);
    }

    /** The section's own direction attribute; absent means the session's, then sendrecv (RFC 8866 §6.7). */
    public Optional<Direction> direction() {
        return first(Direction.class);
    }

    public List<Rtpmap> rtpmaps() {
        return all(Rtpmap.class);
    }

    public Optional<Rtpmap> rtpmap(int payloadType) {
        return rtpmaps().stream().filter(r -> r.payloadType() == payloadType).findFirst();
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        return all(Fmtp.class).stream().filter(f -> f.payloadType() == payloadType).findFirst();
    }

    /** The feedback for a payload type: its own {@code a=rtcp-fb} lines and the {@code *} ones, in order. */
    public List<RtcpFb> rtcpFeedback(int payloadType) {
        return all(RtcpFb.class).stream().filter(f -> f.appliesTo(payloadType)).toList();
    }

    public List<Extmap> extmaps() {
        return all(Extmap.class);
    }

    public List<SsrcAttribute> ssrcAttributes() {
        return all(SsrcAttribute.class);
    }

    public List<SsrcGroup> ssrcGroups() {
        return all(SsrcGroup.class);
    }

    public List<Candidate> candidates() {
        return all(Candidate.class);
    }
}
