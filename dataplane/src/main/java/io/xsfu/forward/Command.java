package io.xsfu.forward;

import io.xsfu.route.RoutingTable;
import java.net.InetAddress;

/** What the control side asks of the forwarding agent; applied between batches, in order. */
public sealed interface Command {
    /** Swap in a new routing table (participants joined, left or changed). */
    record ApplyRoutingTable(RoutingTable table) implements Command {
    }

    /** Bytes the WebRTC conductor sends (a STUN response, DTLS records) from an SFU port to a handshake peer. */
    record SendHandshake(int localPort, java.net.InetSocketAddress to, byte[] data) implements Command {
    }

    /** The next hop toward {@code destination} has this MAC now ({@code Endpoint.MAC_UNRESOLVED} if lost). */
    record NextHopResolved(InetAddress destination, long mac) implements Command {
    }
}
