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

    /**
     * ICE selected {@code remote} for the WebRTC transport on {@code localPort} (one of its handshake peers);
     * null: consent was lost, nothing is sent until a pair is selected again.
     */
    record SetRemote(int localPort, java.net.InetSocketAddress remote) implements Command {
    }

    /**
     * DTLS produced the keys of the WebRTC transport on {@code localPort}: from now on its media is SRTP. The
     * sessions belong to the agent from here on (they keep replay windows and rollover counters).
     */
    record SetSrtp(int localPort, io.xsfu.srtp.SrtpSession inbound, io.xsfu.srtp.SrtpSession outbound)
            implements Command {
    }

    /**
     * The allocator's choice for the consumers of one subscriber transport ({@code localPort}): consumer
     * {@code consumerSsrcs[i]} moves towards encoding {@code spatial[i]} and temporal layer {@code temporal[i]}.
     * Consumers that are not simulcast, or no longer there, are ignored. The arrays belong to the agent from here on.
     */
    record SetLayers(int localPort, int[] consumerSsrcs, int[] spatial, int[] temporal) implements Command {
        public SetLayers {
            if (consumerSsrcs.length != spatial.length || spatial.length != temporal.length) {
                throw new IllegalArgumentException("one spatial and one temporal layer per consumer");
            }
        }
    }

    /**
     * Probe the subscriber transport on {@code localPort}: for {@code durationNanos}, raise what is sent there to
     * about {@code targetBps} with RTX duplicates of recent packets, so that its bandwidth estimate can learn the
     * link carries that much (the estimate only grows with what is delivered). Stops early on overuse or loss; a
     * new probe for the same port restarts it, a target or duration of 0 ends it. Ignored where there is no
     * transport, no estimation, or no consumer with RTX and transport-wide numbers.
     */
    record Probe(int localPort, long targetBps, long durationNanos) implements Command {
    }

    /** The next hop toward {@code destination} has this MAC now ({@code Endpoint.MAC_UNRESOLVED} if lost). */
    record NextHopResolved(InetAddress destination, long mac) implements Command {
    }
}
