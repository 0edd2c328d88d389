package io.xsfu.signaling;

/** A refused request: becomes {@code {"id": .., "error": {"code": .., "message": ..}}}. No stack trace: it is a value. */
final class SignalingException extends RuntimeException {
    private final ErrorCode code;

    SignalingException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }
}
