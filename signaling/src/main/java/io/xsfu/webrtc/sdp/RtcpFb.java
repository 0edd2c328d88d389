package io.xsfu.webrtc.sdp;

/**
 * {@code a=rtcp-fb:<pt or *> <type> [<parameter>]} (RFC 4585): feedback a receiver may send for a payload type,
 * such as {@code nack}, {@code nack pli}, {@code ccm fir}, {@code goog-remb}, {@code transport-cc}.
 *
 * @param payloadType {@link #ANY} for {@code *}
 * @param parameter   what follows the type ({@code pli} of {@code nack pli}; may hold spaces), or null
 */
public record RtcpFb(int payloadType, String type, String parameter) implements Attribute {
    /** The payload type of {@code a=rtcp-fb:*}: every payload type of the m-line. */
    public static final int ANY = -1;

    public RtcpFb {
        Syntax.range(payloadType, ANY, 127, "a=rtcp-fb payload type");
        Syntax.token(type, "a=rtcp-fb type");
        if (parameter != null) {
            Syntax.words(parameter, 1, "a=rtcp-fb parameter");
            Syntax.text(parameter, "a=rtcp-fb parameter");
        }
    }

    /** The feedback itself, without the payload type: {@code nack pli}, {@code transport-cc}. */
    public String feedback() {
        return parameter == null ? type : type + " " + parameter;
    }

    /** Feedback written as {@link #feedback()} is: {@code "nack pli"} becomes type nack, parameter pli. */
    public static RtcpFb of(int payloadType, String feedback) {
        int space = feedback.indexOf(' ');
        return space < 0 ? new RtcpFb(payloadType, feedback, null)
                : new RtcpFb(payloadType, feedback.substring(0, space), feedback.substring(space + 1));
    }

    public boolean appliesTo(int pt) {
        return payloadType == ANY || payloadType == pt;
    }

    @Override
    public String field() {
        return "rtcp-fb";
    }

    @Override
    public String value() {
        return (payloadType == ANY ? "*" : Integer.toString(payloadType)) + " " + feedback();
    }

    static RtcpFb parse(String value) {
        String[] w = Syntax.words(value, 2, "a=rtcp-fb");
        int pt = w[0].equals("*") ? ANY : Syntax.integer(w[0], 0, 127, "a=rtcp-fb payload type");
        int rest = value.indexOf(' ', value.indexOf(' ') + 1);
        return new RtcpFb(pt, w[1], rest < 0 ? null : value.substring(rest + 1));
    }
}
