package io.xsfu.route;

import java.util.Map;

/**
 * What a participant's endpoint negotiated: which RTCP feedback the SFU answers and sends (NACK, PLI, FIR),
 * whether retransmissions go to it as RTX, and its RTP header extensions (URI to id).
 */
public record TransportOptions(boolean nack, boolean pli, boolean fir, boolean rtx, Map<String, Integer> extensions,
                               boolean webrtc) {
    /** NACK and PLI understood; plain retransmissions; no header extensions negotiated. */
    public static final TransportOptions DEFAULT = new TransportOptions(true, true, false, false, Map.of());

    public TransportOptions {
        extensions = Map.copyOf(extensions);
    }

    /** A plain-RTP transport's options. */
    public TransportOptions(boolean nack, boolean pli, boolean fir, boolean rtx, Map<String, Integer> extensions) {
        this(nack, pli, fir, rtx, extensions, false);
    }

    /** The same options on a WebRTC transport: ICE-lite and DTLS-SRTP, STUN and DTLS handed to the control side. */
    public TransportOptions asWebRtc() {
        return new TransportOptions(nack, pli, fir, rtx, extensions, true);
    }

    public static final String TRANSPORT_WIDE_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /** The id this endpoint uses for {@code uri} if a copy from {@code sender} keeps it (same id both sides), else 0. */
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
