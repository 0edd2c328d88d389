package io.xsfu.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The codecs a producer may send. The SFU forwards payloads without decoding them, so what it needs
 * of a codec is its kind, its RTP clock rate (for timestamps in RTCP and keyframe timing) and, for
 * audio, the channel count of its payload format.
 */
public enum Codec implements JsonName {
    /** RFC 7587: always declared as 48000 Hz, 2 channels, whatever the encoder actually codes. */
    OPUS("opus", MediaKind.AUDIO, 48_000, 2),
    /** RFC 7741. */
    VP8("VP8", MediaKind.VIDEO, 90_000, 0),
    /** RFC 9628. */
    VP9("VP9", MediaKind.VIDEO, 90_000, 0),
    /** RFC 6184. */
    H264("H264", MediaKind.VIDEO, 90_000, 0);

    /** The JSON names, in documentation order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Codec::jsonName).toList();

    private final String jsonName;
    private final MediaKind kind;
    private final int clockRate;
    private final int channels;

    Codec(String jsonName, MediaKind kind, int clockRate, int channels) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.clockRate = clockRate;
        this.channels = channels;
    }

    /** The codec's canonical spelling, the encoding name of its SDP {@code rtpmap}. */
    @Override
    public String jsonName() {
        return jsonName;
    }

    public MediaKind kind() {
        return kind;
    }

    /** The RTP clock rate its payload format fixes, in Hz. */
    public int clockRate() {
        return clockRate;
    }

    /** The channel count its payload format declares; 0 for video, which has none. */
    public int channels() {
        return channels;
    }

    /** As in an SDP {@code rtpmap}: {@code VP8/90000}, {@code opus/48000/2}. */
    public String rtpmap() {
        return jsonName + "/" + clockRate + (channels == 0 ? "" : "/" + channels);
    }

    /** The codec of an encoding name in any case ({@code "vp8"}, {@code "OPUS"}), as SDP treats them (RFC 4855). */
    public static Optional<Codec> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.jsonName.equalsIgnoreCase(name)).findFirst();
    }
}
