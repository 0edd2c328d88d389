package io.xsfu.webrtc.sdp;

import io.xsfu.config.Codec;
import io.xsfu.config.MediaKind;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A payload format: a codec and the fmtp parameters that tell its incompatible variants apart. Two formats
 * match when the codec, clock rate and (audio) channels agree and so do: for VP9 {@code profile-id} (absent:
 * 0); for H.264 {@code packetization-mode} (absent: 0) and the profile of {@code profile-level-id} (absent:
 * 42000a), not its level. Other parameters (opus {@code useinbandfec}, H.264 {@code level-asymmetry-allowed})
 * tune a stream without changing what a decoder must understand, so they do not take part.
 *
 * @param parameters fmtp parameters; only those above are compared
 */
public record CodecSpec(Codec codec, Map<String, String> parameters) {
    public static final String VP9_PROFILE_ID = "profile-id";
    public static final String H264_PACKETIZATION_MODE = "packetization-mode";
    public static final String H264_PROFILE_LEVEL_ID = "profile-level-id";

    public static final CodecSpec OPUS = new CodecSpec(Codec.OPUS, Map.of());
    public static final CodecSpec VP8 = new CodecSpec(Codec.VP8, Map.of());
    /** VP9 profile 0 (8-bit 4:2:0), what every browser decodes. */
    public static final CodecSpec VP9 = new CodecSpec(Codec.VP9, Map.of(VP9_PROFILE_ID, "0"));
    /** H.264 Constrained Baseline in non-interleaved mode: what every WebRTC browser encodes and decodes. */
    public static final CodecSpec H264 = new CodecSpec(Codec.H264,
            Map.of(H264_PROFILE_LEVEL_ID, "42e01f", H264_PACKETIZATION_MODE, "1"));

    public CodecSpec {
        Objects.requireNonNull(codec, "codec");
        parameters = Map.copyOf(parameters);
        if (codec == Codec.H264 && H264Profile.of(param(parameters, H264_PROFILE_LEVEL_ID,
                H264Profile.DEFAULT_PROFILE_LEVEL_ID)).isEmpty()) {
            throw new IllegalArgumentException("H264 profile-level-id names no known profile: "
                    + parameters.get(H264_PROFILE_LEVEL_ID));
        }
    }

    public MediaKind kind() {
        return codec.kind();
    }

    /** Whether an offered payload type (its rtpmap and fmtp parameters) is this format. */
    public boolean matches(Rtpmap rtpmap, Map<String, String> fmtp) {
        if (!codec.jsonName().equalsIgnoreCase(rtpmap.encodingName()) || codec.clockRate() != rtpmap.clockRate()) {
            return false;
        }
        if (codec.channels() != 0 && rtpmap.channels() != codec.channels()) {
            return false;
        }
        return switch (codec) {
            case VP9 -> param(fmtp, VP9_PROFILE_ID, "0").equals(param(parameters, VP9_PROFILE_ID, "0"));
            case H264 -> param(fmtp, H264_PACKETIZATION_MODE, "0").equals(param(parameters, H264_PACKETIZATION_MODE,
                    "0")) && sameProfile(fmtp);
            default -> true;
        };
    }

    @Override
    public String toString() {
        return codec.rtpmap() + (parameters.isEmpty() ? "" : " " + new TreeMap<>(parameters));
    }

    private boolean sameProfile(Map<String, String> fmtp) {
        Optional<H264Profile> offered = H264Profile.of(param(fmtp, H264_PROFILE_LEVEL_ID,
                H264Profile.DEFAULT_PROFILE_LEVEL_ID));
        return offered.isPresent() && offered.equals(H264Profile.of(param(parameters, H264_PROFILE_LEVEL_ID,
                H264Profile.DEFAULT_PROFILE_LEVEL_ID)));
    }

    private static String param(Map<String, String> parameters, String name, String absent) {
        String value = parameters.get(name);
        return value == null ? absent : value;
    }
}
