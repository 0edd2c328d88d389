package io.xsfu.webrtc.sdp;

/**
 * An SDP text xsfu cannot read: the only exception {@link SdpParser} throws, whatever the input. The message
 * names the line ({@code line 12: a=rtpmap: clock rate must be ...}), so that a client's developer can find it.
 * No stack trace: it describes the input, not the code.
 */
public final class SdpException extends RuntimeException {
    private final int line;
    private final String reason;

    /**
     * @param line   the 1-based line number, 0 when the whole text is at fault (too large, empty)
     * @param reason what is wrong, without the line number
     */
    public SdpException(int line, String reason) {
        super(line == 0 ? reason : "line " + line + ": " + reason, null, false, false);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line number; 0 when the whole text is at fault. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
