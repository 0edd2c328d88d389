package io.xsfu.config;

/**
 * One simulcast encoding of a video producer: an RTP stream of the same picture at its own resolution and rate.
 *
 * @param rid        its RTP stream id as the publisher signals it (RFC 8851), or null for a plain-RTP publisher
 * @param ssrc       its media SSRC, unique in the room
 * @param rtxSsrc    its RTX SSRC when the producer has {@code rtx} (the same RTX payload type for all), else 0
 * @param maxBitrate the bitrate in bit/s the publisher keeps it under (0: not said); the layer allocator uses it
 *                   until it has measured the encoding
 */
public record EncodingConfig(String rid, long ssrc, long rtxSsrc, long maxBitrate) {
    public static EncodingConfig of(long ssrc) {
        return new EncodingConfig(null, ssrc, 0, 0);
    }
}
