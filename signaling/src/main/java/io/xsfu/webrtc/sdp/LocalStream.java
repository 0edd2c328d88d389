package io.xsfu.webrtc.sdp;

import java.util.OptionalLong;

/**
 * A stream the SFU sends on an m-line the client receives on: a consumer. The answer declares its SSRCs
 * ({@code a=ssrc}, {@code a=ssrc-group:FID}) and msid so that the browser can demultiplex it and attach it to a
 * track, and picks the offered payload type that matches {@code codec}.
 *
 * @param rtxSsrc  the consumer's RTX SSRC, if it repairs by RTX
 * @param cname    the RTCP CNAME to declare (the producer's, for lip sync with its other streams)
 * @param streamId the msid stream id: the client groups tracks with the same one (audio and video of a peer)
 * @param trackId  the msid track id
 * @param codec    the producer's payload format, which the SFU forwards as is
 */
public record LocalStream(long ssrc, OptionalLong rtxSsrc, String cname, String streamId, String trackId,
        CodecSpec codec) {
    public LocalStream {
        Syntax.range(ssrc, 0, 0xFFFF_FFFFL, "SSRC");
        if (rtxSsrc == null || codec == null) {
            throw new IllegalArgumentException("a local stream needs an RTX SSRC (or none) and a codec");
        }
        rtxSsrc.ifPresent(rtx -> {
            Syntax.range(rtx, 0, 0xFFFF_FFFFL, "RTX SSRC");
            if (rtx == ssrc) {
                throw new IllegalArgumentException("the RTX SSRC must differ from the SSRC");
            }
        });
        Syntax.word(cname, "CNAME");
        new Msid(streamId, trackId);
    }
}
