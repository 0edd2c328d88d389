package io.xsfu.webrtc.sdp;

import io.xsfu.config.Codec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The codec an answer settled on for an m-line, with the offer's payload types.
 *
 * @param parameters      the offer's fmtp parameters for it, in order (empty when it had none)
 * @param rtxPayloadType  its RTX payload type, when both sides do RTX
 * @param feedback        the {@code a=rtcp-fb} kinds both sides handle, as {@code nack pli}, {@code transport-cc}
 */
public record NegotiatedCodec(Codec codec, int payloadType, int clockRate, int channels,
        Map<String, String> parameters, OptionalInt rtxPayloadType, List<String> feedback) {
    public NegotiatedCodec {
        parameters = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(parameters));
        feedback = List.copyOf(feedback);
    }

    /** The format, to place this producer's stream on a subscriber's m-line ({@link LocalStream#codec()}). */
    public CodecSpec spec() {
        return new CodecSpec(codec, parameters);
    }

    public boolean hasFeedback(String kind) {
        return feedback.contains(kind);
    }
}
