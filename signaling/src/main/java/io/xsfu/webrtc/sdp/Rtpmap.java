package io.xsfu.webrtc.sdp;

/**
 * {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]}.
 *
 * @param channels the encoding parameter as written, 0 when absent (video; audio then means 1)
 */
public record Rtpmap(int payloadType, String encodingName, int clockRate, int channels) implements Attribute {
    public Rtpmap {
        Syntax.range(payloadType, 0, 127, "a=rtpmap payload type");
        Syntax.token(encodingName, "a=rtpmap encoding name");
        if (encodingName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a=rtpmap encoding name has a /");
        }
        Syntax.range(clockRate, 1, Integer.MAX_VALUE, "a=rtpmap clock rate");
        Syntax.range(channels, 0, 255, "a=rtpmap channels");
    }

    /** Whether this is an RTX payload type (RFC 4588), which repairs the one its fmtp's {@code apt} names. */
    public boolean isRtx() {
        return "rtx".equalsIgnoreCase(encodingName);
    }

    @Override
    public String field() {
        return "rtpmap";
    }

    @Override
    public String value() {
        return payloadType + " " + encodingName + "/" + clockRate + (channels == 0 ? "" : "/" + channels);
    }

    static Rtpmap parse(String value) {
        String[] w = Syntax.words(value, 2, "a=rtpmap");
        if (w.length != 2) {
            throw new IllegalArgumentException("a=rtpmap needs a payload type and an encoding");
        }
        String[] encoding = w[1].split("/", -1);
        if (encoding.length < 2 || encoding.length > 3) {
            throw new IllegalArgumentException("a=rtpmap encoding must be name/clock rate[/channels], got "
                    + Syntax.quote(w[1]));
        }
        return new Rtpmap(Syntax.integer(w[0], 0, 127, "a=rtpmap payload type"), encoding[0],
                Syntax.integer(encoding[1], 1, Integer.MAX_VALUE, "a=rtpmap clock rate"),
                encoding.length == 3 ? Syntax.integer(encoding[2], 1, 255, "a=rtpmap channels") : 0);
    }
}
