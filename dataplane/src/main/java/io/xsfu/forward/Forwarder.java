package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.PayloadKind;
import io.xsfu.packet.RtpHeader;
import io.xsfu.route.Endpoint;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Stream;
import io.xsfu.route.Transport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SFU's decision for one received datagram, the same for every backend: which participant sent it
 * (by SFU port), whether it is really theirs (source check, comedia learning), which stream it belongs to,
 * and one copy per subscriber through the backend's {@link Egress}. Owned by the forwarding agent: no locks,
 * no allocation per packet (a new stream or a learned endpoint is a state change and may allocate once).
 */
public final class Forwarder {
    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());
    /** How often a missing next hop is asked for again while copies keep being dropped. */
    static final long RESOLVE_RETRY_NANOS = 200_000_000L;
    /** A stream silent this long gives up its slot to a new SSRC of the same participant. */
    static final long STREAM_IDLE_NANOS = 5_000_000_000L;

    private final DataplaneCounters counters;
    private final NextHopRequests nextHops;
    private final RtpHeader rtp = new RtpHeader();
    private final RtpRewrite rewrite = new RtpRewrite();
    private RoutingTable table;

    public Forwarder(DataplaneCounters counters, NextHopRequests nextHops, RoutingTable initial) {
        this.counters = counters;
        this.nextHops = nextHops;
        apply(initial);
    }

    /**
     * Handles one parsed datagram; returns the number of copies handed to {@code egress}. Every packet ends
     * either forwarded or counted under exactly one drop reason; each failed copy is counted too.
     */
    public int onDatagram(ParsedPacket p, Egress egress, long nowNanos) {
        Transport from = table.byLocalPort(p.dstPort());
        if (from == null) {
            return drop(ForwardDrop.UNKNOWN_PORT);
        }
        int kind = p.payloadKind();
        counters.receivedKind(kind);
        Endpoint remote = from.remote();
        if (remote.known()) {
            if (!matchesSource(remote, p)) {
                return drop(ForwardDrop.UNKNOWN_SOURCE);
            }
        } else if (kind == PayloadKind.RTP || kind == PayloadKind.RTCP) {
            // comedia: the first valid RTP or RTCP packet tells where the participant is.
            learn(from, p, egress, nowNanos);
        } else {
            return drop(ForwardDrop.UNKNOWN_SOURCE);
        }
        switch (kind) {
            case PayloadKind.RTP -> {
                return forwardRtp(from, p, egress, nowNanos);
            }
            case PayloadKind.RTCP -> {
                from.counters().received(p.payloadLength());
                return drop(ForwardDrop.RTCP_NOT_HANDLED);
            }
            case PayloadKind.STUN -> {
                return drop(ForwardDrop.STUN_NOT_HANDLED);
            }
            case PayloadKind.DTLS -> {
                return drop(ForwardDrop.DTLS_NOT_HANDLED);
            }
            default -> {
                return drop(io.xsfu.packet.DropReason.NOT_MEDIA);
            }
        }
    }

    private int forwardRtp(Transport from, ParsedPacket p, Egress egress, long nowNanos) {
        int length = p.payloadLength();
        if (!from.sends()) {
            return drop(ForwardDrop.NOT_A_SENDER);
        }
        from.counters().received(length);
        long ssrc = rtp.wrap(p.segment(), p.payloadOffset(), length).ssrc() & 0xffffffffL;
        Stream stream = from.stream(ssrc);
        if (stream == null) {
            stream = newStream(from, ssrc, nowNanos);
            if (stream == null) {
                return 0;
            }
        }
        stream.received(length, nowNanos);
        Transport[] subscribers = from.subscribers();
        if (subscribers.length == 0) {
            return drop(ForwardDrop.NO_SUBSCRIBER);
        }
        egress.begin(p);
        // Until producers and consumers own the rewriting, every copy keeps the received header.
        rtp.wrap(p.segment(), p.payloadOffset(), length);
        rewrite.set(rtp.ssrc(), rtp.sequenceNumber(), rtp.timestamp(), rtp.payloadType(), RtpRewrite.KEEP_ALL_EXTENSIONS);
        boolean needsMac = egress.needsNextHopMac();
        int copies = 0;
        for (Transport to : subscribers) {
            Endpoint dst = to.remote();
            if (!dst.known()) {
                drop(ForwardDrop.REMOTE_NOT_LEARNED);
                continue;
            }
            if (needsMac && dst.nextHopMac() == Endpoint.MAC_UNRESOLVED) {
                requestNextHop(dst, nowNanos);
                drop(ForwardDrop.NEXT_HOP_UNRESOLVED);
                continue;
            }
            int reason = egress.sendRtp(p, to, rewrite);
            if (reason != 0) {
                drop(reason);
                continue;
            }
            copies++;
            to.counters().sent(length);
        }
        stream.forwarded(copies, (long) copies * length);
        return copies;
    }

    /** A state change (once per SSRC): allocation and a log line are fine here. Null when refused (counted). */
    private Stream newStream(Transport from, long ssrc, long nowNanos) {
        if (!from.canAddStream() && !from.evictIdleStream(nowNanos, STREAM_IDLE_NANOS)) {
            drop(ForwardDrop.TOO_MANY_STREAMS);
            return null;
        }
        Stream stream;
        try {
            stream = counters.newStream(from.roomId(), from.participantId(), ssrc);
        } catch (IllegalStateException countersFull) {
            drop(ForwardDrop.COUNTERS_EXHAUSTED);
            return null;
        }
        from.addStream(stream);
        LOG.log(System.Logger.Level.INFO, "{0}: new stream ssrc={1} from {2}", from.key(), Long.toString(ssrc),
                from.remote());
        return stream;
    }

    private static boolean matchesSource(Endpoint remote, ParsedPacket p) {
        return remote.matches(p.ipVersion(), p.ipv4Src(), p.ipv6SrcHi(), p.ipv6SrcLo(), p.srcPort());
    }

    private void learn(Transport t, ParsedPacket p, Egress egress, long nowNanos) {
        Endpoint remote = t.remote();
        remote.learn(p.ipVersion(), p.ipv4Src(), p.ipv6SrcHi(), p.ipv6SrcLo(), p.srcPort());
        counters.comediaLearned.incrementRelease();
        LOG.log(System.Logger.Level.INFO, "{0}: learned remote {1} (comedia)", t.key(), remote);
        // Another participant at the same address (same host, same NAT) already knows the next hop.
        for (Transport other : table.transports()) {
            Endpoint e = other.remote();
            if (e != remote && e.known() && e.nextHopMac() != Endpoint.MAC_UNRESOLVED && remote.inet().equals(e.inet())) {
                remote.nextHopMac(e.nextHopMac());
                break;
            }
        }
        if (egress.needsNextHopMac()) {
            requestNextHop(remote, nowNanos);
        }
    }

    private void requestNextHop(Endpoint dst, long nowNanos) {
        if (dst.resolveDue(nowNanos, RESOLVE_RETRY_NANOS) && nextHops.request(dst.inet())) {
            dst.resolveRequested(nowNanos);
        }
    }

    private int drop(int reason) {
        counters.drop(reason);
        return 0;
    }

    /**
     * Swaps in a new table. Participants present in both keep their learned endpoint, MAC and streams;
     * new ones get counters; departed ones free theirs. A state change: allocation is fine here.
     */
    public void apply(RoutingTable next) {
        Map<String, Transport> previous = new HashMap<>();
        if (table != null) {
            for (Transport t : table.transports()) {
                previous.put(t.key(), t);
            }
        }
        for (Transport t : next.transports()) {
            Transport old = previous.remove(t.key());
            if (old == t) {
                continue; // the same table again: nothing to carry over
            }
            if (old != null) {
                t.remote().inheritFrom(old.remote());
                t.inheritStreams(old);
                t.counters(old.counters());
            } else {
                t.counters(counters.newTransportCounters(t.roomId(), t.participantId()));
            }
        }
        for (Transport gone : previous.values()) {
            gone.close();
        }
        table = next;
    }

    /** Applies a resolved (or lost) next hop to every endpoint with that destination. */
    public void nextHopResolved(java.net.InetAddress destination, long mac) {
        for (Transport t : table.transports()) {
            Endpoint e = t.remote();
            if (e.known() && destination.equals(e.inet()) && e.nextHopMac() != mac) {
                e.nextHopMac(mac);
                LOG.log(System.Logger.Level.INFO, "{0}: next hop toward {1} is {2}", t.key(), e,
                        mac == Endpoint.MAC_UNRESOLVED ? "unresolved" : io.xsfu.net.MacAddress.format(mac));
            }
        }
    }

    /** Endpoints in use that still wait for a MAC (asked again by the agent's housekeeping). */
    public void requestPendingNextHops(long nowNanos) {
        List<Transport> all = table.transports();
        for (int i = 0; i < all.size(); i++) {
            Endpoint e = all.get(i).remote();
            if (e.known() && e.nextHopMac() == Endpoint.MAC_UNRESOLVED && all.get(i).receives()) {
                requestNextHop(e, nowNanos);
            }
        }
    }

    public RoutingTable table() {
        return table;
    }
}
