package io.xsfu.webrtc.sdp;

/**
 * One {@code a=} line: {@code a=<field>} or {@code a=<field>:<value>}. The attributes xsfu interprets are typed
 * records; every other one is a {@link PlainAttribute}, written back verbatim.
 */
public sealed interface Attribute
        permits PlainAttribute, Direction, Setup, Group, MsidSemantic, IceOptions, Fingerprint, Candidate, Rtpmap,
        Fmtp, RtcpFb, Extmap, SsrcAttribute, SsrcGroup, Msid, Rid, Simulcast {
    String MID = "mid";
    String ICE_UFRAG = "ice-ufrag";
    String ICE_PWD = "ice-pwd";
    String ICE_LITE = "ice-lite";
    String RTCP_MUX = "rtcp-mux";
    String RTCP_RSIZE = "rtcp-rsize";
    String END_OF_CANDIDATES = "end-of-candidates";

    /** The attribute's name (RFC 8866 att-field). */
    String field();

    /** What follows the colon (att-value), or null for a property attribute such as {@code a=rtcp-mux}. */
    String value();
}
