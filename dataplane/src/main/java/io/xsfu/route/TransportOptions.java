package io.xsfu.route;

import io.xsfu.srtp.SrtpParameters;
import java.util.Map;

/**
 * What a participant's endpoint negotiated: which RTCP feedback the SFU answers and sends (NACK, PLI, FIR),
 * whether retransmissions go to it as RTX, its RTP header extensions (URI to id), and how its media is
 * protected: in clear (plain RTP), SRTP with keys DTLS exports ({@code webrtc}), or SRTP with keys given up
 * front ({@code srtp}, plain RTP with SRTP like mediasoup's PlainTransport with {@code enableSrtp}).
 */
public record TransportOptions(boolean nack, boolean pli, boolean fir, boolean rtx, Map<String, Integer> extensions,
                               boolean webrtc, SrtpParameters srtp) {
    /** NACK and PLI understood; plain retransmissions; no header extensions negotiated. */
    public static final TransportOptions DEFAULT = new TransportOptions(true, true, false, false, Map.of());

    public TransportOptions {
        extensions = Map.copyOf(extensions);
        if (webrtc && srtp != null) {
            throw new IllegalArgumentException("a WebRTC transport's SRTP keys come from DTLS, not from its options");
        }
    }

    /** A plain-RTP transport's options, media in clear. */
    public TransportOptions(boolean nack, boolean pli, boolean fir, boolean rtx, Map<String, Integer> extensions) {
        this(nack, pli, fir, rtx, extensions, false, null);
    }

    /** Options of a plain-RTP ({@code webrtc} false) or WebRTC transport, without given SRTP keys. */
    public TransportOptions(boolean nack, boolean pli, boolean fir, boolean rtx, Map<String, Integer> extensions,
                            boolean webrtc) {
        this(nack, pli, fir, rtx, extensions, webrtc, null);
    }

    /** The same options on a WebRTC transport: ICE-lite and DTLS-SRTP, STUN and DTLS handed to the control side. */
    public TransportOptions asWebRtc() {
        return new TransportOptions(nack, pli, fir, rtx, extensions, true, null);
    }

    /** The same options on a plain transport whose media is SRTP under these keys. */
    public TransportOptions withSrtp(SrtpParameters keys) {
        return new TransportOptions(nack, pli, fir, rtx, extensions, false, java.util.Objects.requireNonNull(keys, "keys"));
    }

    /** Whether the transport's media is SRTP, either way: nothing is accepted or sent in clear on it. */
    public boolean srtpRequired() {
        return webrtc || srtp != null;
    }

    public static final String TRANSPORT_WIDE_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** RFC 6464: the level of an audio packet, read for speaker detection. */
    public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /** The id this endpoint uses for {@code uri} if a copy from {@code sender} keeps it (same id both sides), else 0. */
    /** The id this endpoint negotiated for {@code uri} if it can be written in a copy (1..63), else 0. */
    public int subscriberId(String uri) {
        Integer id = extensions.get(uri);
        return id != null && id > 0 && id <= 63 ? id : 0;
    }

    public int ownedId(String uri, TransportOptions sender) {
        Integer id = extensions.get(uri);
        return id != null && id.equals(sender.extensions.get(uri)) && id > 0 && id <= 63 ? id : 0;
    }

    /**
     * Header extension ids a copy from {@code sender} to this endpoint keeps: those both negotiated for the
     * same URI under the same id (bit i = id i). Others become padding in the copy (ids are not remapped yet).
     */
    public long keepMaskFrom(TransportOptions sender) {
        long mask = 0;
        for (Map.Entry<String, Integer> e : extensions.entrySet()) {
            Integer id = sender.extensions.get(e.getKey());
            if (id != null && id.equals(e.getValue()) && id > 0 && id <= 63) {
                mask |= 1L << id;
            }
        }
        return mask;
    }
}
