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
    /**
     * Payload bytes a simulcast copy changes: the VP8 picture id (7 or 15 bits, by the packet's M bit) and TL0PICIDX,
     * each at an offset from the RTP header's start ({@link #NO_PATCH}: unchanged). {@link #patchEnd} is the first
     * byte after the last one changed (0: the payload is the received one); egresses that share the received payload
     * between copies give such a copy its own bytes up to there.
     */
    public static final int NO_PATCH = -1;
    public int pictureIdAt = NO_PATCH;
    public int pictureId;
    public int tl0PicIdxAt = NO_PATCH;
    public int tl0PicIdx;
    public int patchEnd;
    /**
     * The packet has no transport-wide sequence element but the subscriber's feedback needs one: the copy gets one
     * (element {@link #twccId}) added to its header extension block, which grows by {@link #grown} bytes (4, or 8
     * when the packet had no block). Everything after the block moves by that much.
     */
    public boolean insertTwcc;
    public int grown;

    public RtpRewrite set(int ssrc, int sequenceNumber, int timestamp, int payloadType, long keepExtensions) {
        this.ssrc = ssrc;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.payloadType = payloadType;
        this.keepExtensions = keepExtensions;
        this.twccId = 0;
        this.absSendTimeId = 0;
        this.pictureIdAt = NO_PATCH;
        this.tl0PicIdxAt = NO_PATCH;
        this.patchEnd = 0;
        this.insertTwcc = false;
        this.grown = 0;
        return this;
    }

    /**
     * VP8 fields to write into this copy's payload descriptor: {@code pictureIdAt}/{@code tl0PicIdxAt} are offsets
     * from the RTP header's start ({@link #NO_PATCH} or a negative value: leave it), as found by the agent's descriptor
     * parse.
     */
    public RtpRewrite vp8(int pictureIdAt, int pictureId, int tl0PicIdxAt, int tl0PicIdx) {
        this.pictureIdAt = pictureId < 0 ? NO_PATCH : pictureIdAt;
        this.pictureId = pictureId;
        this.tl0PicIdxAt = tl0PicIdx < 0 ? NO_PATCH : tl0PicIdxAt;
        this.tl0PicIdx = tl0PicIdx;
        int end = 0;
        if (this.pictureIdAt >= 0) {
            end = this.pictureIdAt + 2;
        }
        if (this.tl0PicIdxAt >= 0) {
            end = Math.max(end, this.tl0PicIdxAt + 1);
        }
        this.patchEnd = end;
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
