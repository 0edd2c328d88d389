package io.xsfu.webrtc.sdp;

import java.util.Locale;

/** {@code a=sendrecv / sendonly / recvonly / inactive}, from the point of view of the side that wrote it. */
public enum Direction implements Attribute {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The direction of the side that sends if {@code sends} and receives if {@code receives}. */
    public static Direction of(boolean sends, boolean receives) {
        return sends ? (receives ? SENDRECV : SENDONLY) : (receives ? RECVONLY : INACTIVE);
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** What the other side declares: the offerer's sendonly is the answerer's recvonly. */
    public Direction reverse() {
        return of(receives(), sends());
    }

    @Override
    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String value() {
        return null;
    }

    static Direction byField(String field) {
        return switch (field) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }
}
