package io.xsfu.forward;

import io.xsfu.packet.ParsedPacket;
import io.xsfu.route.Transport;
import java.lang.foreign.MemorySegment;

/**
 * The transmit half of a backend. The AF_XDP egress writes whole frames (Ethernet/IP/UDP headers +
 * payload) into TX frames; the socket egress queues payloads for sendmmsg. Every copy leaves from the
 * receiving transport's SFU port toward its remote endpoint. Called from the agent thread only.
 */
public interface Egress {
    /** Whether copies need the next hop's MAC (the AF_XDP backend builds Ethernet headers itself). */
    boolean needsNextHopMac();

    /**
     * Called once per received RTP packet that will be copied, before the first {@link #sendRtp}: work
     * every copy shares (the checksum sum of the payload after the RTP header) is done here once.
     */
    void begin(ParsedPacket in);

    /**
     * Queues one copy of {@code in}'s RTP packet to {@code to} with its header rewritten per {@code rewrite}.
     *
     * @return 0, or a {@link ForwardDrop} reason when this copy could not be queued
     */
    int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite);

    /** Queues bytes the SFU made (RTCP, retransmissions) to {@code to}'s remote. Returns 0 or a {@link ForwardDrop} reason. */
    default int sendRaw(MemorySegment buffer, long offset, int length, Transport to) {
        return sendRaw(buffer, offset, length, to, to.remote());
    }

    /**
     * Queues bytes from {@code via}'s SFU port to {@code to} (the transport's remote, or, for ICE, one of the
     * addresses that sent it STUN). Returns 0 or a {@link ForwardDrop} reason.
     */
    int sendRaw(MemorySegment buffer, long offset, int length, Transport via, io.xsfu.route.Endpoint to);
}
