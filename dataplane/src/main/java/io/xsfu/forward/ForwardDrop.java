package io.xsfu.forward;

import io.xsfu.packet.DropReason;

/**
 * Drop reasons of the forwarding layer, numbered after the packet layer's ({@link DropReason}); together
 * they index one counter array. Per-packet reasons first, then per-copy reasons (one copy of a packet
 * failed, the others may have gone out).
 */
public final class ForwardDrop {
    /** A datagram to a port in the media range that no participant owns. */
    public static final int UNKNOWN_PORT = DropReason.FORWARDING_FIRST;
    /** From an address other than the participant's (fixed or already learned) remote. */
    public static final int UNKNOWN_SOURCE = UNKNOWN_PORT + 1;
    /** Media from a participant configured as receive-only. */
    public static final int NOT_A_SENDER = UNKNOWN_PORT + 2;
    /** RTCP the SFU does not act on (APP, XR, ...), or feedback it did not negotiate. */
    public static final int RTCP_NOT_HANDLED = UNKNOWN_PORT + 3;
    /** STUN on a plain transport (ICE needs a WebRTC transport). */
    public static final int STUN_NOT_HANDLED = UNKNOWN_PORT + 4;
    /** DTLS on a plain transport. */
    public static final int DTLS_NOT_HANDLED = UNKNOWN_PORT + 5;
    /** RTP with an SSRC the participant did not declare (neither a producer's nor its RTX). */
    public static final int UNKNOWN_SSRC = UNKNOWN_PORT + 6;
    /** Valid media that nobody subscribes to. */
    public static final int NO_SUBSCRIBER = UNKNOWN_PORT + 7;
    /** A copy for a comedia subscriber whose address is not learned yet. */
    public static final int REMOTE_NOT_LEARNED = UNKNOWN_PORT + 8;
    /** A copy whose next hop has no MAC yet (resolution requested). */
    public static final int NEXT_HOP_UNRESOLVED = UNKNOWN_PORT + 9;
    /** A copy to a subscriber whose address family has no media address. */
    public static final int NO_SOURCE_ADDRESS = UNKNOWN_PORT + 10;
    /** No free UMEM frame for a copy. */
    public static final int TX_NO_FRAME = UNKNOWN_PORT + 11;
    /** The TX ring is full. */
    public static final int TX_RING_FULL = UNKNOWN_PORT + 12;
    /** The copy does not fit in a frame. */
    public static final int TX_TOO_BIG = UNKNOWN_PORT + 13;
    /** The kernel refused a send on the socket backend. */
    public static final int SOCKET_SEND_FAILED = UNKNOWN_PORT + 14;
    /** A payload type the producer did not declare (for its SSRC, media or RTX). */
    public static final int WRONG_PAYLOAD_TYPE = UNKNOWN_PORT + 15;
    /** An RTX packet too short to carry the original sequence number. */
    public static final int RTX_TRUNCATED = UNKNOWN_PORT + 16;
    /** An RX descriptor for a frame that was not in the fill ring (kernel or bookkeeping bug): skipped. */
    public static final int INVALID_RX_FRAME = UNKNOWN_PORT + 17;
    /** An exception while handling one packet (a bug): the packet is dropped, the loop goes on. */
    public static final int INTERNAL_ERROR = UNKNOWN_PORT + 18;
    /** A video copy for a consumer that waits for a keyframe (new, resumed): it could not be decoded. */
    public static final int WAITING_FOR_KEYFRAME = UNKNOWN_PORT + 19;
    /** A packet this consumer already got, or older than its stream's window. */
    public static final int RTP_DUPLICATE_OR_OLD = UNKNOWN_PORT + 20;
    /** A subscriber's NACK for a packet the SFU no longer has (or never had). */
    public static final int NACK_NOT_IN_CACHE = UNKNOWN_PORT + 21;
    /** Feedback (NACK, PLI, FIR, receiver report) for an SSRC the SFU does not send on this transport. */
    public static final int FEEDBACK_UNKNOWN_SSRC = UNKNOWN_PORT + 22;
    /** A retransmission a subscriber asked for beyond its budget (a NACK storm): bounded work per consumer. */
    public static final int NACK_RATE_LIMITED = UNKNOWN_PORT + 23;
    /** STUN/DTLS on a WebRTC transport while the control side's queue is full. */
    public static final int HANDSHAKE_QUEUE_FULL = UNKNOWN_PORT + 24;
    /** STUN/DTLS from more addresses than a WebRTC transport keeps track of. */
    public static final int HANDSHAKE_PEERS_FULL = UNKNOWN_PORT + 25;
    /** SRTP/SRTCP on a WebRTC transport before DTLS produced its keys. */
    public static final int SRTP_NOT_READY = UNKNOWN_PORT + 26;
    public static final int END = UNKNOWN_PORT + 27;

    private static final String[] NAMES = {
        "unknown_port", "unknown_source", "not_a_sender", "rtcp_not_handled", "stun_not_handled",
        "dtls_not_handled", "unknown_ssrc", "no_subscriber", "remote_not_learned", "next_hop_unresolved",
        "no_source_address", "tx_no_frame", "tx_ring_full", "tx_too_big", "socket_send_failed",
        "wrong_payload_type", "rtx_truncated", "invalid_rx_frame", "internal_error", "waiting_for_keyframe",
        "rtp_duplicate_or_old", "nack_not_in_cache", "feedback_unknown_ssrc", "nack_rate_limited",
        "handshake_queue_full", "handshake_peers_full", "srtp_not_ready",
    };

    private ForwardDrop() {
    }

    /** Name of any drop reason, packet layer or forwarding layer; null for unused codes. */
    public static String name(int reason) {
        if (reason > DropReason.OK && reason < DropReason.PACKET_LAYER_END) {
            return DropReason.name(reason);
        }
        if (reason >= UNKNOWN_PORT && reason < END) {
            return NAMES[reason - UNKNOWN_PORT];
        }
        return null;
    }
}
