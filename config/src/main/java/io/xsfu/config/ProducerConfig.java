package io.xsfu.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One RTP stream a participant sends, like a mediasoup Producer with a single encoding. The SFU
 * forwards it to each consumer with its SSRC and payload type unchanged, so within a room SSRCs are
 * unique and a payload type names one codec.
 *
 * @param id          unique within the participant; a subscription names it as {@code participant/id}
 * @param kind        audio or video, matching the codec
 * @param codec       what the payload is
 * @param payloadType the RTP payload type, dynamic: {@value #MIN_PAYLOAD_TYPE}..{@value #MAX_PAYLOAD_TYPE}
 * @param clockRate   the RTP clock rate in Hz, which the codec fixes
 * @param channels    audio channels, which the codec fixes (2 for opus); 0 for video
 * @param ssrc        the media SSRC, 1..2^32-1
 * @param rtx         the retransmission stream, if the participant sends retransmissions as RTX
 * @param encodings   simulcast (video): every encoding, lowest first, the first with {@code ssrc} (and {@code rtx}'s
 *                    SSRC); empty for a single stream
 */
public record ProducerConfig(String id, MediaKind kind, Codec codec, int payloadType, int clockRate, int channels,
                             long ssrc, Optional<RtxConfig> rtx, java.util.List<EncodingConfig> encodings) {
    /**
     * Payload types are dynamic: none of the codecs has a static one (RFC 3551), and the range
     * keeps clear of 64..95, which RTCP packet types occupy when RTP and RTCP share a port (RFC 5761).
     */
    public static final int MIN_PAYLOAD_TYPE = 96;
    public static final int MAX_PAYLOAD_TYPE = 127;
    public static final long MIN_SSRC = 1;
    public static final long MAX_SSRC = 0xFFFF_FFFFL;

    public ProducerConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(rtx, "rtx");
        encodings = encodings == null ? java.util.List.of() : java.util.List.copyOf(encodings);
    }

    public ProducerConfig(String id, MediaKind kind, Codec codec, int payloadType, int clockRate, int channels,
                          long ssrc, Optional<RtxConfig> rtx) {
        this(id, kind, codec, payloadType, clockRate, channels, ssrc, rtx, java.util.List.of());
    }

    /** At most this many simulcast encodings (browsers send 2 or 3). */
    public static final int MAX_ENCODINGS = 4;

    public ProducerConfig withEncodings(java.util.List<EncodingConfig> value) {
        return new ProducerConfig(id, kind, codec, payloadType, clockRate, channels, ssrc, rtx, value);
    }

    /** A producer of {@code codec} with the codec's kind, clock rate and channels, without RTX. */
    public static ProducerConfig of(String id, Codec codec, int payloadType, long ssrc) {
        Objects.requireNonNull(codec, "codec");
        return new ProducerConfig(id, codec.kind(), codec, payloadType, codec.clockRate(), codec.channels(), ssrc, Optional.empty());
    }

    /** A video producer; as {@link #of}, but says what it is where it is built. */
    public static ProducerConfig video(String id, Codec codec, int payloadType, long ssrc) {
        return of(id, codec, payloadType, ssrc).withKind(MediaKind.VIDEO);
    }

    /** An audio producer; as {@link #of}, but says what it is where it is built. */
    public static ProducerConfig audio(String id, Codec codec, int payloadType, long ssrc) {
        return of(id, codec, payloadType, ssrc).withKind(MediaKind.AUDIO);
    }

    /** Whether {@code ssrc} is this producer's media or RTX SSRC. */
    public boolean hasSsrc(long value) {
        return ssrc == value || rtx.map(r -> r.ssrc() == value).orElse(false)
                || encodings.stream().anyMatch(e -> e.ssrc() == value || e.rtxSsrc() != 0 && e.rtxSsrc() == value);
    }

    public ProducerConfig withId(String value) {
        return new ProducerConfig(value, kind, codec, payloadType, clockRate, channels, ssrc, rtx, encodings);
    }

    public ProducerConfig withKind(MediaKind value) {
        return new ProducerConfig(id, value, codec, payloadType, clockRate, channels, ssrc, rtx, encodings);
    }

    /** This producer with another codec; kind, clock rate and channels stay as they are. */
    public ProducerConfig withCodec(Codec value) {
        return new ProducerConfig(id, kind, value, payloadType, clockRate, channels, ssrc, rtx, encodings);
    }

    public ProducerConfig withPayloadType(int value) {
        return new ProducerConfig(id, kind, codec, value, clockRate, channels, ssrc, rtx, encodings);
    }

    public ProducerConfig withClockRate(int value) {
        return new ProducerConfig(id, kind, codec, payloadType, value, channels, ssrc, rtx, encodings);
    }

    public ProducerConfig withChannels(int value) {
        return new ProducerConfig(id, kind, codec, payloadType, clockRate, value, ssrc, rtx, encodings);
    }

    public ProducerConfig withSsrc(long value) {
        return new ProducerConfig(id, kind, codec, payloadType, clockRate, channels, value, rtx, encodings);
    }

    public ProducerConfig withRtx(int rtxPayloadType, long rtxSsrc) {
        return withRtx(RtxConfig.of(rtxPayloadType, rtxSsrc));
    }

    public ProducerConfig withRtx(RtxConfig value) {
        return new ProducerConfig(id, kind, codec, payloadType, clockRate, channels, ssrc, Optional.of(value), encodings);
    }

    public ProducerConfig withoutRtx() {
        return new ProducerConfig(id, kind, codec, payloadType, clockRate, channels, ssrc, Optional.empty(), encodings);
    }
}
