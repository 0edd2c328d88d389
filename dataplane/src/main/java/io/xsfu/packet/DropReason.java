package io.xsfu.packet;

/**
 * Why a received frame is not forwarded, as int constants (they index counter arrays; no object per
 * packet). 0 is {@link #OK}.
 *
 * <p>Ranges: the packet layer ({@link PacketParser} and the header {@code validate()} methods) owns
 * {@code 1 .. PACKET_LAYER_END - 1}; the forwarding layer numbers its own reasons (unknown port, unknown
 * source, ...) from {@link #FORWARDING_FIRST} up, so one counter array of {@code FORWARDING_FIRST + n}
 * entries can count both. {@link #NAMES} covers this layer's range; names are stable metric labels.
 */
public final class DropReason {
    public static final int OK = 0;

    /** The (offset, length) given to the parser does not fit the segment: a caller or ring descriptor bug. */
    public static final int FRAME_OUT_OF_BOUNDS = 1;
    public static final int ETH_TRUNCATED = 2;
    /** Neither IPv4 nor IPv6 (ARP, LLDP, an 802.3 length field, a second VLAN tag...). */
    public static final int ETH_UNSUPPORTED_ETHERTYPE = 3;
    public static final int VLAN_TRUNCATED = 4;

    public static final int IPV4_TRUNCATED = 5;
    public static final int IPV4_BAD_VERSION = 6;
    /** IHL below 5 words. */
    public static final int IPV4_BAD_IHL = 7;
    /** IHL above 5: a media client never sends IP options, so they are dropped rather than parsed. */
    public static final int IPV4_OPTIONS = 8;
    public static final int IPV4_BAD_CHECKSUM = 9;
    /**
     * Total length larger than the bytes after the Ethernet header, or smaller than the IP header. A
     * smaller total length than the frame is fine (Ethernet pads short frames); the IP length wins.
     */
    public static final int IPV4_BAD_TOTAL_LENGTH = 10;
    /** Any fragment (MF set or offset non-zero): RTP is sized to fit the MTU; reassembly is not ours. */
    public static final int IPV4_FRAGMENT = 11;
    public static final int IPV4_NOT_UDP = 12;

    public static final int IPV6_TRUNCATED = 13;
    public static final int IPV6_BAD_VERSION = 14;
    /** Payload length larger than the bytes after the fixed header. */
    public static final int IPV6_BAD_PAYLOAD_LENGTH = 15;
    /** Next header is not UDP: an extension header (never needed by media) or another protocol. */
    public static final int IPV6_NOT_UDP = 16;

    /** TTL (IPv4) or hop limit (IPv6) is 0. */
    public static final int IP_TTL_ZERO = 17;

    /** Fewer than 8 bytes of IP payload. */
    public static final int UDP_TRUNCATED = 18;
    /** The UDP length field differs from the IP payload length. */
    public static final int UDP_BAD_LENGTH = 19;
    /** A zero UDP checksum, which IPv6 forbids (RFC 8200 §8.1); the kernel drops these too. */
    public static final int UDP_ZERO_CHECKSUM_IPV6 = 20;
    public static final int UDP_EMPTY = 21;

    /** The UDP payload is none of STUN, DTLS, RTP, RTCP by its first byte (RFC 7983). */
    public static final int NOT_MEDIA = 22;

    public static final int RTP_TRUNCATED = 23;
    public static final int RTP_BAD_VERSION = 24;
    /** The CSRC list or the header extension runs past the end of the packet. */
    public static final int RTP_BAD_HEADER = 25;
    /** Padding flag set with a padding count of 0 or larger than what follows the header. */
    public static final int RTP_BAD_PADDING = 26;

    public static final int RTCP_TRUNCATED = 27;
    public static final int RTCP_BAD_VERSION = 28;
    /** The first RTCP packet's length field runs past the end of the datagram. */
    public static final int RTCP_BAD_LENGTH = 29;

    /** One past the packet layer's last reason. */
    public static final int PACKET_LAYER_END = 30;
    /** The forwarding layer's first reason; 64 leaves room for this layer to grow. */
    public static final int FORWARDING_FIRST = 64;

    /** Metric names, indexed by reason, for {@code 0 .. PACKET_LAYER_END - 1}. */
    public static final String[] NAMES = {
        "ok",
        "frame_out_of_bounds",
        "eth_truncated",
        "eth_unsupported_ethertype",
        "vlan_truncated",
        "ipv4_truncated",
        "ipv4_bad_version",
        "ipv4_bad_ihl",
        "ipv4_options",
        "ipv4_bad_checksum",
        "ipv4_bad_total_length",
        "ipv4_fragment",
        "ipv4_not_udp",
        "ipv6_truncated",
        "ipv6_bad_version",
        "ipv6_bad_payload_length",
        "ipv6_not_udp",
        "ip_ttl_zero",
        "udp_truncated",
        "udp_bad_length",
        "udp_zero_checksum_ipv6",
        "udp_empty",
        "not_media",
        "rtp_truncated",
        "rtp_bad_version",
        "rtp_bad_header",
        "rtp_bad_padding",
        "rtcp_truncated",
        "rtcp_bad_version",
        "rtcp_bad_length",
    };

    private DropReason() {
    }

    /** The metric name of a packet-layer reason; control path only. */
    public static String name(int reason) {
        if (reason < 0 || reason >= NAMES.length) {
            throw new IllegalArgumentException("not a packet-layer drop reason: " + reason);
        }
        return NAMES[reason];
    }
}
