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
    /** Transport-wide sequence number to write into element {@link #twccId} (0: none). */
    public int twccId;
    public int twccSequence;
    /** abs-send-time (6.18 fixed-point seconds, 24 bits) to write into element {@link #absSendTimeId} (0: none). */
    public int absSendTimeId;
    public int absSendTime;

    public RtpRewrite set(int ssrc, int sequenceNumber, int timestamp, int payloadType, long keepExtensions) {
        this.ssrc = ssrc;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.payloadType = payloadType;
        this.keepExtensions = keepExtensions;
        this.twccId = 0;
        this.absSendTimeId = 0;
        return this;
    }

    /** The extensions the SFU owns on the outgoing transport, rewritten in place when the packet carries them. */
    public RtpRewrite owned(int twccId, int twccSequence, int absSendTimeId, int absSendTime) {
        this.twccId = twccId;
        this.twccSequence = twccSequence;
        this.absSendTimeId = absSendTimeId;
        this.absSendTime = absSendTime;
        return this;
    }
}
