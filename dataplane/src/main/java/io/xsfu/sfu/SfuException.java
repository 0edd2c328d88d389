package io.xsfu.sfu;

/** A refused control request: a stable code for protocols, and a message for people. */
public final class SfuException extends RuntimeException {
    /** Why a request was refused. */
    public enum Code {
        INVALID,
        NOT_FOUND,
        CONFLICT,
        FORBIDDEN,
        ROOM_FULL,
        TOO_MANY_ROOMS,
        NO_PORTS
    }

    private final Code code;

    public SfuException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
