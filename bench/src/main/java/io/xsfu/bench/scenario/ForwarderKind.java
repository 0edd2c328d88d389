package io.xsfu.bench.scenario;

/** The forwarders a scenario is measured with, all on the same topology with the same load and sink. */
public enum ForwarderKind {
    /** xsfu, AF_XDP backend (copy mode on veth), started as users start it. */
    XSFU_AFXDP("xsfu-afxdp"),
    /** xsfu, kernel UDP sockets (recvmmsg/sendmmsg). */
    XSFU_SOCKET("xsfu-socket"),
    /** xsfu-afxdp with SRTP on every transport: it decrypts each packet and encrypts each copy. */
    XSFU_AFXDP_SRTP("xsfu-afxdp-srtp"),
    /** xsfu-socket with SRTP on every transport. */
    XSFU_SOCKET_SRTP("xsfu-socket-srtp"),
    /** The reference's {@code fwd}: AF_XDP fan-out in C, no RTP parsing, UDP checksum 0. */
    C_AFXDP("c-afxdp"),
    /** The reference's {@code sockfwd}: recvmmsg/sendmmsg fan-out in C. */
    C_SOCKET("c-socket"),
    /** Debian's Janus 1.1 VideoRoom: plain-RTP remote publishers and one rtp_forward per subscriber. */
    JANUS("janus"),
    /** No forwarder: XDP sends each packet straight back (fan-out 1), the instrument's own cost. */
    FLOOR("floor");

    private final String label;

    ForwarderKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isXsfu() {
        return this == XSFU_AFXDP || this == XSFU_SOCKET || srtp();
    }

    /** Whether its load and copies are SRTP. Only xsfu's: the C references and Janus have no SRTP on plain RTP. */
    public boolean srtp() {
        return this == XSFU_AFXDP_SRTP || this == XSFU_SOCKET_SRTP;
    }

    /** xsfu's backend ("afxdp" or "socket"); the others have none. */
    public String backend() {
        return switch (this) {
            case XSFU_AFXDP, XSFU_AFXDP_SRTP -> "afxdp";
            case XSFU_SOCKET, XSFU_SOCKET_SRTP -> "socket";
            default -> throw new IllegalStateException(label + " is not xsfu");
        };
    }

    public static ForwarderKind ofLabel(String label) {
        for (ForwarderKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown forwarder '" + label + "' (one of xsfu-afxdp, xsfu-socket, "
                + "xsfu-afxdp-srtp, xsfu-socket-srtp, c-afxdp, c-socket, janus, floor)");
    }

    /**
     * Why this forwarder cannot run {@code s}, or null. The reference's {@code sockfwd} keeps its copies in
     * arrays sized for 64 datagrams x 16 copies; a larger fan-out would write past them.
     */
    public String unsupported(Scenario s) {
        if (this == C_SOCKET && s.fanout() > 16) {
            return "sockfwd's buffers hold fan-out <= 16";
        }
        if (this == FLOOR && s.fanout() != 1) {
            return "the floor reflects one copy per packet";
        }
        int srtpMin = io.xsfu.bench.load.LoadPacket.MIN_EXTENDED_LENGTH
                + io.xsfu.bench.load.RtpLoadGenerator.SRTP_PROFILE.rtpOverhead();
        if (srtp() && s.payloadBytes() < srtpMin) {
            return "SRTP packets with the stamp extension and tag need at least " + srtpMin + " bytes";
        }
        return null;
    }
}
