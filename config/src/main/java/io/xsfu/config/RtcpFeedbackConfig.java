package io.xsfu.config;

/**
 * The RTCP feedback a participant's endpoint understands (SDP {@code a=rtcp-fb}). The SFU sends a
 * participant only feedback it understands and ignores the rest from it: NACKs only to a
 * participant with {@code nack}, keyframe requests as PLI if it has {@code pli}, else as FIR if it
 * has {@code fir}, else none.
 *
 * @param nack        generic NACK (RFC 4585): lost packets are asked for and retransmitted
 * @param pli         picture loss indication (RFC 4585), the usual keyframe request
 * @param fir         full intra request (RFC 5104), the older keyframe request
 * @param remb        receiver estimated maximum bitrate (goog-remb); needs the abs-send-time header extension
 * @param transportCc transport-wide congestion control feedback; needs the transport-wide-cc header extension
 */
public record RtcpFeedbackConfig(boolean nack, boolean pli, boolean fir, boolean remb, boolean transportCc) {

    /** What a participant understands unless its config says otherwise: NACK and PLI. */
    public static final RtcpFeedbackConfig DEFAULTS = new RtcpFeedbackConfig(true, true, false, false, false);

    /** No feedback at all: a plain RTP endpoint that only sends reports. */
    public static final RtcpFeedbackConfig NONE = new RtcpFeedbackConfig(false, false, false, false, false);

    /** Whether the SFU can ask this participant for a keyframe (by PLI or FIR). */
    public boolean keyFrameRequests() {
        return pli || fir;
    }

    public RtcpFeedbackConfig withNack(boolean value) {
        return new RtcpFeedbackConfig(value, pli, fir, remb, transportCc);
    }

    public RtcpFeedbackConfig withPli(boolean value) {
        return new RtcpFeedbackConfig(nack, value, fir, remb, transportCc);
    }

    public RtcpFeedbackConfig withFir(boolean value) {
        return new RtcpFeedbackConfig(nack, pli, value, remb, transportCc);
    }

    public RtcpFeedbackConfig withRemb(boolean value) {
        return new RtcpFeedbackConfig(nack, pli, fir, value, transportCc);
    }

    public RtcpFeedbackConfig withTransportCc(boolean value) {
        return new RtcpFeedbackConfig(nack, pli, fir, remb, value);
    }
}
