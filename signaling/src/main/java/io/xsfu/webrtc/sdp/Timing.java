package io.xsfu.webrtc.sdp;

/** The {@code t=} line: NTP start and stop times; WebRTC always writes {@code t=0 0} (unbounded). */
public record Timing(long start, long stop) {
    public static final Timing UNBOUNDED = new Timing(0, 0);

    public Timing {
        Syntax.range(start, 0, Long.MAX_VALUE, "t= start");
        Syntax.range(stop, 0, Long.MAX_VALUE, "t= stop");
    }

    String value() {
        return start + " " + stop;
    }

    static Timing parse(String value) {
        String[] w = Syntax.words(value, 2, "t=");
        if (w.length != 2) {
            throw new IllegalArgumentException("t= needs 2 fields, got " + w.length);
        }
        return new Timing(Syntax.number(w[0], 0, Long.MAX_VALUE, "t= start"),
                Syntax.number(w[1], 0, Long.MAX_VALUE, "t= stop"));
    }
}
