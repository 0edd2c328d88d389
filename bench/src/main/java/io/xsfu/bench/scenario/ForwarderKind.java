package io.xsfu.bench.scenario;

/** The forwarders a scenario is measured with, all on the same topology with the same load and sink. */
public enum ForwarderKind {
    /** xsfu, AF_XDP backend (copy mode on veth), started as users start it. */
    XSFU_AFXDP("xsfu-afxdp"),
    /** xsfu, kernel UDP sockets (recvmmsg/sendmmsg). */
    XSFU_SOCKET("xsfu-socket"),
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
        return this == XSFU_AFXDP || this == XSFU_SOCKET;
    }

    public static ForwarderKind ofLabel(String label) {
        for (ForwarderKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown forwarder '" + label + "' (one of xsfu-afxdp, xsfu-socket, c-afxdp, "
                + "c-socket, janus, floor)");
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
        return null;
    }
}
