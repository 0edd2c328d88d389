package io.xsfu.route;

import io.xsfu.rtp.MediaCodec;

/**
 * One media source a participant declared (like mediasoup's produce()): codec, payload type, clock rate,
 * SSRC and, if it retransmits as RTX (RFC 4588), the RTX payload type and SSRC ({@code rtxPayloadType} -1
 * when not).
 */
public record ProducerSpec(String id, MediaCodec codec, int payloadType, int clockRate, int ssrc, int rtxPayloadType,
                           int rtxSsrc) {
    public static final int NONE = -1;

    public ProducerSpec {
        if (payloadType < 0 || payloadType > 127 || clockRate <= 0) {
            throw new IllegalArgumentException(id + ": bad payload type or clock rate");
        }
    }

    public static ProducerSpec of(String id, MediaCodec codec, int payloadType, int clockRate, int ssrc) {
        return new ProducerSpec(id, codec, payloadType, clockRate, ssrc, NONE, 0);
    }

    public ProducerSpec withRtx(int payloadType, int ssrc) {
        return new ProducerSpec(id, codec, this.payloadType, clockRate, this.ssrc, payloadType, ssrc);
    }

    public boolean hasRtx() {
        return rtxPayloadType != NONE;
    }
}
