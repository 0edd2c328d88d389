package io.xsfu.config;

/**
 * A producer's retransmission stream (RFC 4588): retransmitted packets travel on their own SSRC and
 * payload type, so a receiver tells them from late originals and loss statistics stay honest.
 *
 * @param payloadType the RTX payload type, dynamic (96..127) and used by no media stream of the room
 * @param ssrc        the RTX SSRC, 1..2^32-1, unique in the room
 */
public record RtxConfig(int payloadType, long ssrc) {

    public static RtxConfig of(int payloadType, long ssrc) {
        return new RtxConfig(payloadType, ssrc);
    }
}
