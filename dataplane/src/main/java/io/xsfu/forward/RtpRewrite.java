package io.xsfu.forward;

/**
 * How one copy's RTP header differs from the received packet's: the consumer's SSRC, sequence number,
 * timestamp and payload type, and which header extensions it keeps (others become padding). One instance
 * is reused by the agent for every copy; the egress reads it during {@link Egress#sendRtp}.
 */
public final class RtpRewrite {
    /** Keep every extension element. */
    public static final long KEEP_ALL_EXTENSIONS = -1L;

    public int ssrc;
    public int sequenceNumber;
    public int timestamp;
    public int payloadType;
    public long keepExtensions = KEEP_ALL_EXTENSIONS;

    public RtpRewrite set(int ssrc, int sequenceNumber, int timestamp, int payloadType, long keepExtensions) {
        this.ssrc = ssrc;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.payloadType = payloadType;
        this.keepExtensions = keepExtensions;
        return this;
    }
}
