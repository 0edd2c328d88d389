package io.xsfu.testbed;

/**
 * The bad (or merely unusual) frames {@link MalformedFlood} sends at an SFU's media port. Each targets one check a
 * receiver must make before trusting a field; all but the first two carry the publisher's registered source port,
 * SSRC and payload type where they have them, so that a missing check lets the frame through as media.
 */
public enum MalformedKind {
    /**
     * The 14-byte Ethernet header alone, EtherType IPv4 and no IPv4 header after it. (The kernel refuses to send
     * anything shorter than an Ethernet header, so this is the shortest frame a receiver can get.)
     */
    TRUNCATED_ETHERNET,
    /** The first 12 bytes of an IPv4 header whose total length promises UDP and RTP behind it. */
    TRUNCATED_IPV4,
    /** IHL 4 (a 16-byte header, below the minimum of 5 words) on an otherwise valid UDP/RTP packet. */
    BAD_IHL,
    /** IHL 6 with a Router Alert option before valid UDP/RTP: legal, but a parser assuming 20 bytes misreads it. */
    IPV4_OPTIONS,
    /** First fragment (MF set, offset 0) of a larger UDP datagram to the media port: only reassembly may see it. */
    IPV4_FIRST_FRAGMENT,
    /** A later fragment whose first bytes look like a UDP header to the media port: has no UDP header at all. */
    IPV4_NON_FIRST_FRAGMENT,
    /** UDP length 100 bytes longer than the IPv4 payload that carries it. */
    UDP_LENGTH_MISMATCH,
    /** A valid UDP/RTP packet whose IPv4 header checksum is wrong. */
    BAD_IPV4_CHECKSUM,
    /** Valid UDP with random bytes whose first byte (80..127) is none of RTP/RTCP, STUN, DTLS or TURN (RFC 7983). */
    NON_RTP_PAYLOAD,
    /** An RTP header with version 0, 1 or 3 (rotating) instead of 2, registered SSRC and payload type. */
    RTP_BAD_VERSION,
    /** RTP version 2 declaring 15 CSRCs (60 bytes) in a packet that has 8 bytes after the fixed header. */
    RTP_CSRC_OVERRUN,
    /** UDP with no payload (length 8). */
    EMPTY_UDP,
    /** Valid RTP with the registered SSRC from a source port the SFU does not know. */
    UNKNOWN_SOURCE_PORT
}
