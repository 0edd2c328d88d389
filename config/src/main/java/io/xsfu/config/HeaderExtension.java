package io.xsfu.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The RTP header extensions (RFC 8285) the SFU knows, by the URI that names them in SDP
 * {@code a=extmap}. A config may list only these: the SFU cannot honour one it does not know, and a
 * misspelt URI would otherwise be silently useless.
 */
public enum HeaderExtension implements JsonName {
    /** RFC 8843: the media id, for demultiplexing by m-line. */
    MID("urn:ietf:params:rtp-hdrext:sdes:mid"),
    /** RFC 8852: the RTP stream id of a simulcast encoding. */
    RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
    /** RFC 8852: the RTP stream id an RTX stream repairs. */
    REPAIRED_RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"),
    /** The send time REMB bandwidth estimation uses. */
    ABS_SEND_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    /** The transport-wide sequence number transport-cc feedback reports on. */
    TRANSPORT_WIDE_CC("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
    /** RFC 6464: audio level of a packet, for speaker detection without decoding. */
    SSRC_AUDIO_LEVEL("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
    /** 3GPP TS 26.114 coordination of video orientation. */
    VIDEO_ORIENTATION("urn:3gpp:video-orientation"),
    /** RFC 5450: transmission time offset. */
    TOFFSET("urn:ietf:params:rtp-hdrext:toffset"),
    /** The playout delay bounds a sender asks of the receiver. */
    PLAYOUT_DELAY("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"),
    /** The capture time of a frame, for synchronisation across senders. */
    ABS_CAPTURE_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time");

    /** The URIs, in documentation order. */
    public static final List<String> URIS = Arrays.stream(values()).map(HeaderExtension::uri).toList();

    private final String uri;

    HeaderExtension(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    @Override
    public String jsonName() {
        return uri;
    }

    /** The extension named by {@code uri}, compared exactly (URIs in SDP are case-sensitive). */
    public static Optional<HeaderExtension> byUri(String uri) {
        return Arrays.stream(values()).filter(e -> e.uri.equals(uri)).findFirst();
    }
}
