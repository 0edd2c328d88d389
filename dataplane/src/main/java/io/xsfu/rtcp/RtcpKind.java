package io.xsfu.rtcp;

/**
 * What one packet of a compound is, as int constants to switch on: the RTCP packet type refined by the
 * feedback message type (FMT) and, for application-layer feedback, the REMB identifier. Everything this
 * layer does not parse (APP, XR, other feedback messages, unassigned types) is {@link #UNKNOWN}: skipped
 * and counted, never an error.
 */
public final class RtcpKind {
    public static final int UNKNOWN = 0;
    /** PT 200, {@link SenderReport}. */
    public static final int SR = 1;
    /** PT 201, {@link ReceiverReport}. */
    public static final int RR = 2;
    /** PT 202, {@link Sdes}. */
    public static final int SDES = 3;
    /** PT 203, {@link Bye}. */
    public static final int BYE = 4;
    /** PT 205 FMT 1, {@link GenericNack}. */
    public static final int NACK = 5;
    /** PT 205 FMT 15, {@link TransportFeedback}. */
    public static final int TWCC = 6;
    /** PT 206 FMT 1, a {@link Feedback} without FCI. */
    public static final int PLI = 7;
    /** PT 206 FMT 4, {@link Fir}. */
    public static final int FIR = 8;
    /** PT 206 FMT 15 with the 'REMB' identifier, {@link Remb}. */
    public static final int REMB = 9;

    /** Number of kinds, for arrays indexed by kind. */
    public static final int COUNT = 10;

    private static final String[] NAMES = {"unknown", "sr", "rr", "sdes", "bye", "nack", "twcc", "pli", "fir", "remb"};

    private RtcpKind() {
    }

    /** A label for metrics and logs; control path only. */
    public static String name(int kind) {
        if (kind < 0 || kind >= COUNT) {
            throw new IllegalArgumentException("not an RTCP kind: " + kind);
        }
        return NAMES[kind];
    }
}
