package io.xsfu.forward;

import io.xsfu.packet.ParsedPacket;
import io.xsfu.route.Transport;

/**
 * The transmit half of a backend: turns one received datagram into one outgoing copy per subscriber.
 * The AF_XDP egress writes whole frames (Ethernet/IP/UDP headers + payload) into TX frames; the socket
 * egress queues the payload for sendmmsg. Implementations are called only from the agent thread.
 */
public interface Egress {
    /** Whether copies need the next hop's MAC (the AF_XDP backend builds Ethernet headers itself). */
    boolean needsNextHopMac();

    /** Called once per received datagram that will be copied, before the first {@link #send}. */
    void begin(ParsedPacket in);

    /**
     * Queues one copy of {@code in}'s UDP payload to {@code to}'s remote endpoint, from {@code to}'s SFU port.
     *
     * @return 0, or a {@link ForwardDrop} reason when this copy could not be queued
     */
    int send(ParsedPacket in, Transport to);
}
