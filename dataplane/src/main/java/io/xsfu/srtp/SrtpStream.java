package io.xsfu.srtp;

/**
 * The state of one SSRC within an {@link SrtpSession}: for SRTP the highest packet index (rollover counter
 * and sequence number) and, inbound, the replay window behind it; for SRTCP the replay window of received
 * indexes (inbound) or the next index to send (outbound). A session creates a stream on the first packet of
 * an SSRC that it protects, or that authenticates when it unprotects.
 */
public final class SrtpStream {
    /** SRTCP indexes are 31 bits; the top bit of the trailer word is the E flag. */
    static final long MAX_SRTCP_INDEX = 0x7FFF_FFFFL;

    private final int ssrc;
    final ReplayWindow rtp = new ReplayWindow();
    final ReplayWindow rtcp = new ReplayWindow();
    /** Outbound only: the SRTCP index of the next packet (RFC 3711 §3.4: starts at 0). */
    long nextSrtcpIndex;

    SrtpStream(int ssrc) {
        this.ssrc = ssrc;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The rollover counter of the highest SRTP index so far. */
    public long rolloverCounter() {
        return rtp.highest() >>> 16;
    }

    /** The highest 48-bit SRTP packet index protected or accepted so far. */
    public long highestRtpIndex() {
        return rtp.highest();
    }

    /** Inbound: the highest SRTCP index accepted so far. */
    public long highestSrtcpIndex() {
        return rtcp.highest();
    }

    /** Outbound: the SRTCP index the next protected RTCP packet gets. */
    public long nextSrtcpIndex() {
        return nextSrtcpIndex;
    }
}
