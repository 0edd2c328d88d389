package io.xsfu.webrtc.sdp;

import io.xsfu.config.HeaderExtension;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the SFU accepts from an offer.
 *
 * @param codecs           the payload formats it forwards; the first the offer lists (in the offer's order of
 *                         preference) is chosen for an m-line that carries no stream of the SFU's
 * @param rtx              whether to accept the chosen codec's RTX payload type (RFC 4588) when offered
 * @param feedback         the {@code a=rtcp-fb} kinds it handles, written as {@link RtcpFb#feedback()}
 * @param headerExtensions the RTP header extensions it accepts; the offer's ids are kept
 * @param simulcast        whether to accept rid-based simulcast (answer {@code a=rid:<id> recv} and
 *                         {@code a=simulcast:recv ...}); when false the client sends one encoding and the
 *                         offered rids are only reported
 */
public record Capabilities(List<CodecSpec> codecs, boolean rtx, Set<String> feedback,
        Set<HeaderExtension> headerExtensions, boolean simulcast) {
    public static final Set<String> DEFAULT_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb",
            "transport-cc");
    public static final Capabilities DEFAULT = new Capabilities(
            List.of(CodecSpec.OPUS, CodecSpec.VP8, CodecSpec.VP9, CodecSpec.H264), true, DEFAULT_FEEDBACK,
            EnumSet.of(HeaderExtension.MID, HeaderExtension.RTP_STREAM_ID, HeaderExtension.REPAIRED_RTP_STREAM_ID,
                    HeaderExtension.ABS_SEND_TIME, HeaderExtension.TRANSPORT_WIDE_CC, HeaderExtension.SSRC_AUDIO_LEVEL,
                    HeaderExtension.VIDEO_ORIENTATION),
            false);

    public Capabilities {
        codecs = Syntax.list(codecs, "codecs");
        feedback = Set.copyOf(feedback);
        headerExtensions = Set.copyOf(headerExtensions);
    }

    public Capabilities withCodecs(List<CodecSpec> value) {
        return new Capabilities(value, rtx, feedback, headerExtensions, simulcast);
    }

    public Capabilities withRtx(boolean value) {
        return new Capabilities(codecs, value, feedback, headerExtensions, simulcast);
    }

    public Capabilities withFeedback(Set<String> value) {
        return new Capabilities(codecs, rtx, value, headerExtensions, simulcast);
    }

    public Capabilities withHeaderExtensions(Set<HeaderExtension> value) {
        return new Capabilities(codecs, rtx, feedback, value, simulcast);
    }

    public Capabilities withSimulcast(boolean value) {
        return new Capabilities(codecs, rtx, feedback, headerExtensions, value);
    }

    boolean acceptsExtension(String uri) {
        return HeaderExtension.byUri(uri).filter(headerExtensions::contains).isPresent();
    }
}
