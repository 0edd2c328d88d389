package io.xsfu.webrtc.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads SDP text (RFC 8866) into an {@link Sdp}. Lines may end with CRLF or LF. Whatever the input, the only
 * exception is {@link SdpException}, naming the first bad line; {@link SdpLimits} bound the work.
 *
 * <p>What is checked: the line grammar and types (an unknown type is refused, as RFC 8866 §5 allows), that
 * {@code v=0} comes first and {@code o= s= t=} are present once, and the syntax of every attribute xsfu
 * interprets (see {@link Attribute}'s implementations). Unknown attributes are kept verbatim. Meaning across
 * lines (a payload type without rtpmap, a duplicate mid) is the answerer's business, not the parser's.
 */
public final class SdpParser {
    /** The attributes that are meaningless without a value. */
    private static final Set<String> NEED_VALUE = Set.of("setup", "group", "msid-semantic", "ice-options",
            "fingerprint", "candidate", "mid", "ice-ufrag", "ice-pwd", "extmap", "ssrc", "ssrc-group", "msid", "rid",
            "simulcast");

    private final SdpLimits limits;
    private int lineNumber;
    private int sectionLines;

    private Origin origin;
    private String sessionName;
    private Timing timing;
    private Connection sessionConnection;
    private final List<Field> sessionFields = new ArrayList<>();
    private final List<Attribute> sessionAttributes = new ArrayList<>();
    private final List<MediaSection> media = new ArrayList<>();
    private Section section;

    private SdpParser(SdpLimits limits) {
        this.limits = limits;
    }

    public static Sdp parse(String text) {
        return parse(text, SdpLimits.DEFAULT);
    }

    public static Sdp parse(String text, SdpLimits limits) {
        return new SdpParser(limits).document(text);
    }

    private Sdp document(String text) {
        if (text == null || text.isEmpty()) {
            throw new SdpException(0, "the SDP is empty");
        }
        if (text.length() > limits.maxChars()) {
            throw new SdpException(0, "the SDP has " + text.length() + " characters, more than the "
                    + limits.maxChars() + " allowed");
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            if (end < 0) {
                end = text.length();
            }
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            lineNumber++;
            if (end == start) {
                if (text.substring(next).isBlank()) {
                    break;
                }
                throw new SdpException(lineNumber, "empty line");
            }
            if (end - start > limits.maxLineChars()) {
                throw new SdpException(lineNumber, "the line has " + (end - start) + " characters, more than the "
                        + limits.maxLineChars() + " allowed");
            }
            String line = text.substring(start, end);
            try {
                line(line);
            } catch (IllegalArgumentException e) {
                throw new SdpException(lineNumber, e.getMessage());
            }
            start = next;
        }
        finishSection();
        if (origin == null || sessionName == null || timing == null) {
            throw new SdpException(lineNumber, "the session has no " + (origin == null ? "o=" : sessionName == null
                    ? "s=" : "t=") + " line");
        }
        return new Sdp(origin, sessionName, timing, sessionConnection, inWriterOrder(sessionFields, SESSION_ORDER),
                sessionAttributes, media);
    }

    /** The order RFC 4566 gives fields (and SdpWriter writes them): a parsed model is what writing it back gives. */
    private static final String SESSION_ORDER = "iuepbrzk";
    private static final String MEDIA_ORDER = "ibk";

    private static List<Field> inWriterOrder(List<Field> fields, String order) {
        List<Field> sorted = new ArrayList<>(fields);
        sorted.sort(java.util.Comparator.comparingInt(f -> order.indexOf(f.type())));
        return sorted;
    }

    private void line(String line) {
        char type = line.charAt(0);
        if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
            throw new IllegalArgumentException("a line must be <letter>=<value>, got " + Syntax.quote(line));
        }
        String value = Syntax.text(line.substring(2), type + "=");
        if (lineNumber == 1) {
            if (!line.equals("v=0")) {
                throw new IllegalArgumentException("the first line must be v=0, got " + Syntax.quote(line));
            }
            return;
        }
        if (++sectionLines > limits.maxLinesPerSection()) {
            throw new IllegalArgumentException("the " + (section == null ? "session part" : "media section")
                    + " has more than " + limits.maxLinesPerSection() + " lines");
        }
        if (type == 'm') {
            startSection(value);
        } else if (section == null) {
            sessionLine(type, value);
        } else {
            mediaLine(type, value);
        }
    }

    private void sessionLine(char type, String value) {
        switch (type) {
            case 'v' -> throw new IllegalArgumentException("v= again");
            case 'o' -> origin = once(origin, Origin.parse(value), "o=");
            case 's' -> sessionName = once(sessionName, value, "s=");
            case 't' -> timing = once(timing, Timing.parse(value), "t=");
            case 'c' -> sessionConnection = once(sessionConnection, Connection.parse(value), "c=");
            case 'a' -> sessionAttributes.add(attribute(value, false));
            default -> {
                if (Field.SESSION_TYPES.indexOf(type) < 0) {
                    throw new IllegalArgumentException("unknown line type " + type + "=");
                }
                sessionFields.add(new Field(type, value));
            }
        }
    }

    private void mediaLine(char type, String value) {
        switch (type) {
            case 'c' -> section.connection = once(section.connection, Connection.parse(value), "c= in a media section");
            case 'a' -> section.attributes.add(attribute(value, section.rtp));
            default -> {
                if (Field.MEDIA_TYPES.indexOf(type) >= 0) {
                    section.fields.add(new Field(type, value));
                } else if (Field.SESSION_TYPES.indexOf(type) >= 0 || "vost".indexOf(type) >= 0) {
                    throw new IllegalArgumentException(type + "= is not allowed in a media section");
                } else {
                    throw new IllegalArgumentException("unknown line type " + type + "=");
                }
            }
        }
    }

    private void startSection(String value) {
        finishSection();
        if (origin == null || sessionName == null || timing == null) {
            throw new IllegalArgumentException("m= before the session's " + (origin == null ? "o=" : sessionName
                    == null ? "s=" : "t=") + " line");
        }
        if (media.size() >= limits.maxMediaSections()) {
            throw new IllegalArgumentException("more than " + limits.maxMediaSections() + " media sections");
        }
        String[] w = Syntax.words(value, 4, "m=");
        String port = w[1];
        int portCount = 0;
        int slash = port.indexOf('/');
        if (slash >= 0) {
            portCount = Syntax.integer(port.substring(slash + 1), 1, 65535, "m= number of ports");
            port = port.substring(0, slash);
        }
        section = new Section(lineNumber, w[0], Syntax.integer(port, 0, 65535, "m= port"), portCount, w[2],
                Arrays.asList(w).subList(3, w.length));
        sectionLines = 1;
    }

    private void finishSection() {
        if (section == null) {
            return;
        }
        try {
            media.add(new MediaSection(section.media, section.port, section.portCount, section.proto,
                    section.formats, section.connection, inWriterOrder(section.fields, MEDIA_ORDER), section.attributes));
        } catch (IllegalArgumentException e) {
            throw new SdpException(section.line, e.getMessage());
        }
        section = null;
    }

    /** {@code rtp}: rtpmap, fmtp and rtcp-fb name payload types only in RTP sections; elsewhere they stay text. */
    private static Attribute attribute(String line, boolean rtp) {
        int colon = line.indexOf(':');
        String field = Syntax.token(colon < 0 ? line : line.substring(0, colon), "attribute name");
        String value = colon < 0 ? null : line.substring(colon + 1);
        Direction direction = Direction.byField(field);
        if (direction != null) {
            if (value != null) {
                throw new IllegalArgumentException("a=" + field + " takes no value");
            }
            return direction;
        }
        if (value == null) {
            if (NEED_VALUE.contains(field)) {
                throw new IllegalArgumentException("a=" + field + " needs a value");
            }
            return PlainAttribute.flag(field);
        }
        return switch (field) {
            case "setup" -> Setup.parse(value);
            case "group" -> Group.parse(value);
            case "msid-semantic" -> MsidSemantic.parse(value);
            case "ice-options" -> IceOptions.parse(value);
            case "fingerprint" -> Fingerprint.parse(value);
            case "candidate" -> Candidate.parse(value);
            case "mid" -> PlainAttribute.of(field, Syntax.token(value, "a=mid"));
            case "ice-ufrag" -> PlainAttribute.of(field, Syntax.iceChars(value, 4, 256, "a=ice-ufrag"));
            case "ice-pwd" -> PlainAttribute.of(field, Syntax.iceChars(value, 22, 256, "a=ice-pwd"));
            case "rtpmap" -> rtp ? Rtpmap.parse(value) : PlainAttribute.of(field, value);
            case "fmtp" -> rtp ? Fmtp.parse(value) : PlainAttribute.of(field, value);
            case "rtcp-fb" -> rtp ? RtcpFb.parse(value) : PlainAttribute.of(field, value);
            case "extmap" -> Extmap.parse(value);
            case "ssrc" -> SsrcAttribute.parse(value);
            case "ssrc-group" -> SsrcGroup.parse(value);
            case "msid" -> Msid.parse(value);
            case "rid" -> Rid.parse(value);
            case "simulcast" -> Simulcast.parse(value);
            default -> PlainAttribute.of(field, value);
        };
    }

    private static <T> T once(T current, T value, String what) {
        if (current != null) {
            throw new IllegalArgumentException(what + " again: only one is allowed");
        }
        return value;
    }

    /** A media section being read. */
    private static final class Section {
        final int line;
        final String media;
        final int port;
        final int portCount;
        final String proto;
        final List<String> formats;
        final boolean rtp;
        Connection connection;
        final List<Field> fields = new ArrayList<>();
        final List<Attribute> attributes = new ArrayList<>();

        Section(int line, String media, int port, int portCount, String proto, List<String> formats) {
            this.line = line;
            this.media = media;
            this.port = port;
            this.portCount = portCount;
            this.proto = proto;
            this.formats = formats;
            this.rtp = MediaSection.isRtp(proto);
        }
    }
}
