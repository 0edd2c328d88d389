package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;
import io.xsfu.packet.PayloadKind;
import io.xsfu.packet.RtpHeader;
import io.xsfu.route.Endpoint;
import io.xsfu.route.RoutingTable;
import io.xsfu.packet.PacketParser;
import io.xsfu.route.Consumer;
import io.xsfu.route.Producer;
import io.xsfu.rtp.KeyFrames;
import io.xsfu.route.Transport;
import io.xsfu.srtp.SrtpSession;
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

    private final DataplaneCounters counters;
    private final NextHopRequests nextHops;
    private final RtpHeader rtp = new RtpHeader();
    private final RtpRewrite rewrite = new RtpRewrite();
    private final RtcpEngine rtcp;
    private final Prober prober;
    /** A simulcast packet as the layer selection sees it: filled once per packet, read by every consumer. */
    private final io.xsfu.layers.LayerPacket layer = new io.xsfu.layers.LayerPacket();
    private final io.xsfu.layers.PayloadDescriptor descriptor = new io.xsfu.layers.PayloadDescriptor();
    /** Offsets from the RTP header's start of the received packet's VP8 picture id and TL0PICIDX (or NO_PATCH). */
    private int pictureIdAt;
    private int tl0PicIdxAt;
    private final boolean[] created = new boolean[1];
    private HandshakeQueue handshakes;
    /** The largest datagram the conductor may send (DTLS records are cut to the path MTU long before). */
    static final int HANDSHAKE_OUT_BYTES = 4096;
    private final MemorySegment handshakeOut = java.lang.foreign.Arena.ofAuto().allocate(HANDSHAKE_OUT_BYTES, 64);
    private RoutingTable table;

    public Forwarder(DataplaneCounters counters, NextHopRequests nextHops, RoutingTable initial) {
        this.counters = counters;
        this.nextHops = nextHops;
        this.rtcp = new RtcpEngine(counters);
        this.prober = new Prober(counters, rtcp);
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
        if (from.options().webrtc() && (kind == PayloadKind.STUN || kind == PayloadKind.DTLS)) {
            return handOff(from, p, egress, nowNanos);
        }
        Endpoint remote = from.remote();
        boolean learning = false;
        if (remote.known()) {
            if (!matchesSource(remote, p)) {
                return drop(ForwardDrop.UNKNOWN_SOURCE);
            }
        } else if (!from.options().webrtc() && (kind == PayloadKind.RTP || kind == PayloadKind.RTCP)) {
            // comedia: the first valid RTP or RTCP packet tells where the participant is (on WebRTC transports,
            // ICE decides: nothing is learned from media).
            learning = true;
        } else {
            return drop(ForwardDrop.UNKNOWN_SOURCE);
        }
        if (from.srtpRequired() && (kind == PayloadKind.RTP || kind == PayloadKind.RTCP)) {
            // SRTP media (WebRTC, or plain with given keys): authenticated and decrypted in place before anything
            // reads past the header.
            SrtpSession srtp = from.inboundSrtp();
            if (srtp == null) {
                return drop(ForwardDrop.SRTP_NOT_READY);
            }
            int n = kind == PayloadKind.RTP
                    ? srtp.unprotectRtp(p.segment(), p.payloadOffset(), p.payloadLength())
                    : srtp.unprotectRtcp(p.segment(), p.payloadOffset(), p.payloadLength());
            if (n < 0) {
                return drop(-n);
            }
            PacketParser.setPayloadLength(p, n);
        }
        if (learning) {
            // Only after authentication on an SRTP transport: a forged packet must not take the participant's place.
            learn(from, p, egress, nowNanos);
        }
        switch (kind) {
            case PayloadKind.RTP -> {
                return forwardRtp(from, p, egress, nowNanos);
            }
            case PayloadKind.RTCP -> {
                return rtcp.onRtcp(from, p, egress, nowNanos);
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
        if (!from.sends()) {
            return drop(ForwardDrop.NOT_A_SENDER);
        }
        // The padding count is checked here, not by the parser: in SRTP it is encrypted until now.
        int padding = PacketParser.checkRtpPadding(p);
        if (padding != io.xsfu.packet.DropReason.OK) {
            return drop(padding);
        }
        int length = p.payloadLength();
        io.xsfu.rtp.TransportWideArrivals arrivals = from.arrivals();
        if (arrivals != null) {
            // The publisher's own congestion control needs to know when each of its packets came, whatever becomes
            // of it here: its padding-only probes, RTX and packets of streams not declared (yet) included.
            long at = io.xsfu.packet.RtpHeaderExtensions.find(p.segment(), p.payloadOffset(), from.twccId());
            if (at >= 0 && (at >>> 48) == RtpPatch.TWCC_ELEMENT_LENGTH) {
                arrivals.received(io.xsfu.packet.Wire.u16(p.segment(), at & 0xFFFF_FFFF_FFFFL), nowNanos);
            }
        }
        rtp.wrap(p.segment(), p.payloadOffset(), length);
        int ssrc = rtp.ssrc();
        Producer producer = from.producerBySsrc(ssrc);
        if (producer == null && from.learnsRids() && from.producerByRtxSsrc(ssrc) == null) {
            // A browser's simulcast encodings are named by RID; their SSRCs come with the packets (RFC 8852).
            learnByRid(from, p, ssrc);
            producer = from.producerBySsrc(ssrc);
        }
        if (producer == null) {
            producer = from.producerByRtxSsrc(ssrc);
            if (producer == null) {
                return drop(ForwardDrop.UNKNOWN_SSRC);
            }
            if (rtp.payloadType() != producer.spec().rtxPayloadType()) {
                return drop(ForwardDrop.WRONG_PAYLOAD_TYPE);
            }
            // A retransmission we asked for (RFC 4588): restore the original packet, then treat it as one.
            if (!PacketParser.unwrapRtx(p, producer.ssrc(), producer.spec().payloadType())) {
                return drop(ForwardDrop.RTX_TRUNCATED);
            }
            producer.counters().rtxReceived().incrementRelease();
            length = p.payloadLength();
            rtp.wrap(p.segment(), p.payloadOffset(), length);
        } else if (rtp.payloadType() != producer.spec().payloadType()) {
            return drop(ForwardDrop.WRONG_PAYLOAD_TYPE);
        }
        from.counters().received(length);
        producer.counters().rxPackets().incrementRelease();
        producer.counters().rxBytes().getAndAddRelease(length);
        int seq = rtp.sequenceNumber();
        int ts = rtp.timestamp();
        boolean keyFrame = producer.codec().video()
                && KeyFrames.isKeyFrame(producer.codec(), p.segment(), rtp.payloadOffset(), rtp.payloadLength());
        producer.statistics().receive(seq, ts, nowNanos);
        producer.audioLevel().measure(p.segment(), p.payloadOffset());
        producer.nack().receive(seq, keyFrame, nowNanos);
        if (keyFrame) {
            producer.keyFrames().keyFrameReceived();
            producer.counters().keyFrames().incrementRelease();
        }
        producer.cache().store(seq, p.segment(), p.payloadOffset(), length, nowNanos);

        Consumer[] consumers = producer.consumers();
        if (consumers.length == 0) {
            return drop(ForwardDrop.NO_SUBSCRIBER);
        }
        if (producer.simulcast()) {
            int reason = describeLayers(producer, p, seq, ts, keyFrame);
            if (reason != 0) {
                // Its frame cannot be placed (a descriptor that lies about its length): no consumer gets it.
                return drop(reason);
            }
        }
        egress.begin(p);
        boolean needsMac = egress.needsNextHopMac();
        int copies = 0;
        // Consumers of one producer share its extension ids: whether the element is there is looked up once.
        int twccChecked = 0;
        int twccPlan = RtpPatch.TWCC_NONE;
        for (Consumer c : consumers) {
            if (c.paused()) {
                continue;
            }
            Transport to = c.transport();
            Endpoint dst = to.remote();
            if (!dst.known()) {
                drop(ForwardDrop.REMOTE_NOT_LEARNED);
                continue;
            }
            if (to.srtpRequired() && to.outboundSrtp() == null) {
                // ICE may select a pair before DTLS keys the transport: nothing leaves in clear meanwhile.
                drop(ForwardDrop.SRTP_NOT_READY);
                continue;
            }
            if (needsMac && dst.nextHopMac() == Endpoint.MAC_UNRESOLVED) {
                requestNextHop(dst, nowNanos);
                drop(ForwardDrop.NEXT_HOP_UNRESOLVED);
                continue;
            }
            io.xsfu.layers.SimulcastStream layers = c.simulcast();
            if (layers != null) {
                // The selection decides per frame which encoding and temporal layers this subscriber gets.
                int verdict = layers.process(layer, nowNanos);
                if (layer.keyFrameRequest != io.xsfu.layers.LayerPacket.ABSENT) {
                    rtcp.requestKeyFrame(producer.encodings()[layer.keyFrameRequest], egress, nowNanos);
                }
                c.publishLayers();
                if (verdict != io.xsfu.layers.LayerDrop.FORWARD) {
                    if (verdict != io.xsfu.layers.LayerDrop.OTHER_ENCODING) {
                        // Other encodings' packets are the selection itself (counted in the stream), not drops.
                        drop(verdict);
                    }
                    continue;
                }
                rewrite.set(c.ssrc(), layer.outSequence, layer.outTimestamp, c.payloadType(), c.keepExtensions())
                        .vp8(pictureIdAt, layer.outPictureId, tl0PicIdxAt, layer.outTl0PicIdx);
            } else {
                if (c.waitingForKeyFrame()) {
                    if (!keyFrame) {
                        rtcp.requestKeyFrame(producer, egress, nowNanos);
                        drop(ForwardDrop.WAITING_FOR_KEYFRAME);
                        continue;
                    }
                    c.waitingForKeyFrame(false);
                    c.syncAt(seq, ts, nowNanos);
                } else if (c.syncPending()) {
                    c.syncAt(seq, ts, nowNanos);
                }
                int outSeq = c.sequence().rewrite(seq);
                if (outSeq < 0) {
                    drop(ForwardDrop.RTP_DUPLICATE_OR_OLD);
                    continue;
                }
                int outTs = c.rewriteTimestamp(ts, nowNanos);
                rewrite.set(c.ssrc(), outSeq, outTs, c.payloadType(), c.keepExtensions());
            }
            int twccId = c.twccId();
            if (twccId != 0 && twccId != twccChecked) {
                twccChecked = twccId;
                twccPlan = RtpPatch.twccPlan(p.segment(), p.payloadOffset(), twccId);
            }
            if (twccPlan == RtpPatch.TWCC_NONE) {
                twccId = 0;
            }
            if (twccId != 0 || c.absSendTimeId() != 0) {
                rewrite.owned(twccId, twccId != 0 ? to.nextTwccSequence() : 0, c.absSendTimeId(), absSendTime(nowNanos));
            }
            if (twccId != 0 && twccPlan > 0) {
                rewrite.insertTwcc = true;
                rewrite.grown = twccPlan;
            }
            int reason = egress.sendRtp(p, to, rewrite);
            if (reason != 0) {
                // The subscriber sees a gap and may NACK it: the packet is in the retransmission cache. Its
                // transport-wide number was never used: no gap there.
                if (rewrite.twccId != 0) {
                    to.returnTwccSequence(rewrite.twccSequence);
                }
                drop(reason);
                continue;
            }
            copies++;
            if (rewrite.twccId != 0) {
                recordSent(to, rewrite.twccSequence, nowNanos, length + rewrite.grown);
            }
            c.sent(rtp.payloadLength());
            c.counters().txPackets().incrementRelease();
            c.counters().txBytes().getAndAddRelease(length);
            to.counters().sent(length);
        }
        return copies;
    }

    /**
     * An SSRC no producer has: if the packet's rtp-stream-id (or repaired-rtp-stream-id) names an encoding declared by
     * RID, that encoding's media (or RTX) SSRC is this one from now on (a state change; the browser may also change an
     * encoding's SSRC on renegotiation: the newest wins). The packet is authenticated already on SRTP transports.
     */
    private void learnByRid(Transport from, ParsedPacket p, int ssrc) {
        if (ssrc == 0) {
            return; // 0 marks an encoding not learned yet: never an SSRC to learn (counted as unknown_ssrc)
        }
        boolean rtx = false;
        long at = from.ridId() == 0 ? -1 : io.xsfu.packet.RtpHeaderExtensions.find(p.segment(), p.payloadOffset(),
                from.ridId());
        if (at < 0 && from.repairedRidId() != 0) {
            at = io.xsfu.packet.RtpHeaderExtensions.find(p.segment(), p.payloadOffset(), from.repairedRidId());
            rtx = true;
        }
        if (at < 0) {
            return;
        }
        int length = (int) (at >>> 48);
        long offset = at & 0xFFFF_FFFF_FFFFL;
        for (Producer q : from.producers()) {
            if (q.learnsByRid() && (!rtx || q.spec().hasRtx())
                    && q.ridEquals(p.segment(), offset, length)) {
                boolean first = (rtx ? q.rtxSsrc() : q.ssrc()) == 0;
                q.learnSsrc(rtx, ssrc);
                counters.ridsLearned.incrementRelease();
                if (first) {
                    // Logged once per encoding: a publisher that keeps changing SSRCs is only counted.
                    LOG.log(System.Logger.Level.INFO, "{0}: rid {1} is {2} ssrc {3}", from.key(), q.rid(),
                            rtx ? "RTX" : "media", Integer.toUnsignedString(ssrc));
                }
                return;
            }
        }
    }

    /**
     * Fills {@link #layer} for a packet of a simulcast encoding: RTP fields and what its payload descriptor says
     * ({@link io.xsfu.layers.PayloadDescriptor}: temporal layer, picture id and TL0PICIDX, and where the latter two
     * are, so that each copy can carry its own). Returns 0, or the reason a descriptor could not be read.
     */
    private int describeLayers(Producer producer, ParsedPacket p, int seq, int ts, boolean keyFrame) {
        layer.rtp(producer.encoding(), seq, ts, rtp.marker(), keyFrame, keyFrame);
        pictureIdAt = RtpRewrite.NO_PATCH;
        tl0PicIdxAt = RtpRewrite.NO_PATCH;
        int reason = descriptor.read(producer.codec(), p.segment(), rtp.payloadOffset(), rtp.payloadLength(), layer);
        if (reason != 0) {
            return reason;
        }
        int base = (int) (rtp.payloadOffset() - p.payloadOffset());
        if (descriptor.pictureIdOffset() >= 0) {
            pictureIdAt = base + descriptor.pictureIdOffset();
        }
        if (descriptor.tl0PicIdxOffset() >= 0) {
            tl0PicIdxAt = base + descriptor.tl0PicIdxOffset();
        }
        return 0;
    }

    /**
     * A copy stamped with the SFU's transport-wide sequence number left: the subscriber's feedback about it
     * is matched against this. {@code bytes} is the RTP packet (what GCC counts), without SRTP's tag.
     */
    static void recordSent(Transport to, int twccSequence, long nowNanos, int bytes) {
        io.xsfu.bwe.TransportBandwidth bandwidth = to.bandwidth();
        if (bandwidth != null) {
            bandwidth.sent(twccSequence, nowNanos, bytes);
        }
    }

    /**
     * ICE and DTLS belong to the control side: the datagram is copied to the conductor, and its source kept as a
     * handshake peer (the only addresses the SFU will answer), with its next hop asked for.
     */
    private int handOff(Transport from, ParsedPacket p, Egress egress, long nowNanos) {
        if (handshakes == null) {
            return drop(p.payloadKind() == PayloadKind.STUN ? ForwardDrop.STUN_NOT_HANDLED : ForwardDrop.DTLS_NOT_HANDLED);
        }
        Endpoint peer = from.handshakePeer(p.ipVersion(), p.ipv4Src(), p.ipv6SrcHi(), p.ipv6SrcLo(), p.srcPort(), created);
        if (peer == null) {
            return drop(ForwardDrop.HANDSHAKE_PEERS_FULL);
        }
        if (created[0] && egress.needsNextHopMac()) {
            copyKnownMac(peer);
            requestNextHop(peer, nowNanos);
        }
        if (!handshakes.offer(p)) {
            return drop(ForwardDrop.HANDSHAKE_QUEUE_FULL);
        }
        counters.handshakesHandedOff.incrementRelease();
        return 0;
    }

    /** Sends what the conductor made, from {@code localPort} to a handshake peer of that transport (never elsewhere). */
    public void sendHandshake(Command.SendHandshake c, Egress egress) {
        Transport t = table.byLocalPort(c.localPort());
        Endpoint peer = t == null ? null : t.handshakePeer(c.to());
        if (peer == null) {
            counters.drop(ForwardDrop.UNKNOWN_SOURCE);
            return;
        }
        int length = c.data().length;
        if (length > HANDSHAKE_OUT_BYTES) {
            counters.drop(ForwardDrop.TX_TOO_BIG);
            return;
        }
        // Egresses take native memory (sendto, the UMEM frame copy): one copy into the agent's scratch segment.
        MemorySegment.copy(c.data(), 0, handshakeOut, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, length);
        int reason = egress.sendRaw(handshakeOut, 0, length, t, peer);
        if (reason != 0) {
            counters.drop(reason);
        }
    }

    /**
     * ICE selected (or lost) the WebRTC transport's remote. The address must be one of its handshake peers
     * (the conductor only selects among those that passed its checks); the peer's next hop comes along.
     */
    public void setRemote(Command.SetRemote c, long nowNanos) {
        Transport t = table.byLocalPort(c.localPort());
        if (t == null || !t.options().webrtc()) {
            LOG.log(System.Logger.Level.WARNING, "remote for port {0} ignored: no WebRTC transport there", c.localPort());
            return;
        }
        Endpoint remote = t.remote();
        if (c.remote() == null) {
            remote.forget();
            LOG.log(System.Logger.Level.INFO, "{0}: ICE consent lost, nothing is sent until a pair is selected", t.key());
            return;
        }
        Endpoint peer = t.handshakePeer(c.remote());
        if (peer == null) {
            LOG.log(System.Logger.Level.WARNING, "{0}: selected {1} is not a handshake peer: ignored", t.key(), c.remote());
            return;
        }
        if (remote.known() && remote.matches(peer.ipVersion(), peer.v4(), peer.v6Hi(), peer.v6Lo(), peer.port())) {
            return;
        }
        remote.learn(peer.ipVersion(), peer.v4(), peer.v6Hi(), peer.v6Lo(), peer.port());
        remote.nextHopMac(peer.nextHopMac());
        if (peer.nextHopMac() == Endpoint.MAC_UNRESOLVED) {
            copyKnownMac(remote);
            requestNextHop(remote, nowNanos);
        }
        LOG.log(System.Logger.Level.INFO, "{0}: ICE selected {1}", t.key(), remote);
    }

    /** DTLS keyed the WebRTC transport (or keys were replaced): media is accepted (and sent) as SRTP from now on. */
    public void setSrtp(Command.SetSrtp c) {
        Transport t = table.byLocalPort(c.localPort());
        if (t == null || !t.srtpRequired()) {
            LOG.log(System.Logger.Level.WARNING, "SRTP keys for port {0} ignored: no SRTP transport there", c.localPort());
            return;
        }
        t.srtp(c.inbound(), c.outbound());
        LOG.log(System.Logger.Level.INFO, "{0}: SRTP keyed ({1})", t.key(),
                c.inbound() == null ? "none" : c.inbound().profile());
    }

    /** The allocator's layer targets for one subscriber's simulcast consumers (see {@link Command.SetLayers}). */
    public void setLayers(Command.SetLayers c) {
        Transport t = table.byLocalPort(c.localPort());
        if (t == null) {
            return;
        }
        int[] ssrcs = c.consumerSsrcs();
        for (int i = 0; i < ssrcs.length; i++) {
            Consumer consumer = t.consumerBySsrc(ssrcs[i]);
            if (consumer != null) {
                consumer.targetLayers(c.spatial()[i], c.temporal()[i]);
            }
        }
    }

    /** Starts, restarts or ends a bandwidth probe on a subscriber transport (see {@link Command.Probe}). */
    public void probe(Command.Probe c, long nowNanos) {
        Transport t = table.byLocalPort(c.localPort());
        if (t != null) {
            prober.start(t, c.targetBps(), c.durationNanos(), nowNanos);
        }
    }

    /** abs-send-time: 24 bits of seconds in 6.18 fixed point, wrapping every 64 s. */
    static int absSendTime(long nowNanos) {
        return (int) (((nowNanos % 64_000_000_000L) << 18) / 1_000_000_000L) & 0xFFFFFF;
    }

    private static boolean matchesSource(Endpoint remote, ParsedPacket p) {
        return remote.matches(p.ipVersion(), p.ipv4Src(), p.ipv6SrcHi(), p.ipv6SrcLo(), p.srcPort());
    }

    private void learn(Transport t, ParsedPacket p, Egress egress, long nowNanos) {
        Endpoint remote = t.remote();
        remote.learn(p.ipVersion(), p.ipv4Src(), p.ipv6SrcHi(), p.ipv6SrcLo(), p.srcPort());
        counters.comediaLearned.incrementRelease();
        LOG.log(System.Logger.Level.INFO, "{0}: learned remote {1} (comedia)", t.key(), remote);
        copyKnownMac(remote);
        if (egress.needsNextHopMac()) {
            requestNextHop(remote, nowNanos);
        }
    }

    /** Another endpoint at the same address (same host, same NAT) may already know the next hop. */
    private void copyKnownMac(Endpoint target) {
        for (Transport other : table.transports()) {
            Endpoint e = other.remote();
            if (e != target && e.known() && e.nextHopMac() != Endpoint.MAC_UNRESOLVED && target.inet().equals(e.inet())) {
                target.nextHopMac(e.nextHopMac());
                return;
            }
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
                if (!t.options().webrtc() || old.localPort() == t.localPort()) {
                    t.remote().inheritFrom(old.remote());
                }
                t.inheritAgentState(old);
                t.counters(old.counters());
                old.counters(null);
                if (old.bandwidth() != null && old.bandwidth() != t.bandwidth()) {
                    // A new port means a new transport-wide sequence: the old estimation describes nothing sent now.
                    old.bandwidth().close();
                }
                old.bandwidth(null);
            } else {
                t.counters(counters.newTransportCounters(t.roomId(), t.participantId()));
            }
            if (t.sends() && t.twccId() != 0 && t.arrivals() == null) {
                t.arrivals(new io.xsfu.rtp.TransportWideArrivals());
            }
            if (t.receives() && t.bandwidth() == null) {
                t.bandwidth(counters.newTransportBandwidth(t.roomId(), t.participantId()));
            }
            if (t.keyGivenSrtp()) {
                LOG.log(System.Logger.Level.INFO, "{0}: SRTP keyed ({1}, given keys)", t.key(), t.options().srtp().profile());
            }
        }
        // Producers and consumers carry their state over by key; new ones start fresh, departed ones free theirs.
        Map<String, Producer> oldProducers = new HashMap<>();
        Map<String, Consumer> oldConsumers = new HashMap<>();
        if (table != null && table != next) {
            for (Transport t : table.transports()) {
                for (Producer p : t.producers()) {
                    oldProducers.put(p.key(), p);
                }
                for (Consumer c : t.consumers()) {
                    oldConsumers.put(c.key(), c);
                }
            }
        }
        if (table != next) {
            // Every producer first: a consumer made below reads its source's state (a simulcast source's clocks),
            // whichever transport comes first in the table.
            for (Transport t : next.transports()) {
                for (Producer p : t.producers()) {
                    Producer old = oldProducers.remove(p.key());
                    if (old != null) {
                        p.inherit(old);
                    } else {
                        p.attach(counters.newProducerCounters(p));
                    }
                }
            }
            for (Transport t : next.transports()) {
                for (Consumer c : t.consumers()) {
                    Consumer old = oldConsumers.remove(c.key());
                    if (old != null) {
                        c.inherit(old);
                        if (c.needsLayerCounters()) {
                            c.layerCounters(counters.newLayerCounters(c));
                        }
                    } else {
                        c.attach(counters.newConsumerCounters(c),
                                c.producer().simulcast() ? counters.newLayerCounters(c) : null);
                    }
                    c.paused(c.requestedPaused());
                }
            }
        }
        oldProducers.values().forEach(Producer::close);
        oldConsumers.values().forEach(Consumer::close);
        for (Transport gone : previous.values()) {
            gone.close();
        }
        table = next;
    }

    /** Applies a resolved (or lost) next hop to every endpoint with that destination. */
    public void nextHopResolved(java.net.InetAddress destination, long mac) {
        for (Transport t : table.transports()) {
            for (int i = 0; i < t.handshakePeerCount(); i++) {
                Endpoint peer = t.handshakePeerAt(i);
                if (destination.equals(peer.inet())) {
                    peer.nextHopMac(mac);
                }
            }
            Endpoint e = t.remote();
            if (e.known() && destination.equals(e.inet()) && e.nextHopMac() != mac) {
                e.nextHopMac(mac);
                LOG.log(System.Logger.Level.INFO, "{0}: next hop toward {1} is {2}", t.key(), e,
                        mac == Endpoint.MAC_UNRESOLVED ? "unresolved" : io.xsfu.net.MacAddress.format(mac));
            }
        }
    }

    /** Where STUN and DTLS of WebRTC transports go (null: no WebRTC, they are counted drops). */
    public void handshakes(HandshakeQueue queue) {
        this.handshakes = queue;
    }

    /** The agent's timers: RTCP toward producers (NACKs, keyframe retries, receiver reports), and the probes' pacing. */
    public void housekeeping(Egress egress, long nowNanos) {
        rtcp.housekeeping(table, egress, nowNanos);
        prober.run(table, egress, nowNanos);
    }

    /** Frees what the forwarder allocated natively (at agent close). */
    public void close() {
        rtcp.close();
    }

    /** Endpoints in use that still wait for a MAC (asked again by the agent's housekeeping). */
    public void requestPendingNextHops(long nowNanos) {
        List<Transport> all = table.transports();
        for (int i = 0; i < all.size(); i++) {
            Transport t = all.get(i);
            Endpoint e = t.remote();
            if (e.known() && e.nextHopMac() == Endpoint.MAC_UNRESOLVED && t.receives()) {
                requestNextHop(e, nowNanos);
            }
            for (int k = 0; k < t.handshakePeerCount(); k++) {
                Endpoint peer = t.handshakePeerAt(k);
                if (peer.nextHopMac() == Endpoint.MAC_UNRESOLVED) {
                    requestNextHop(peer, nowNanos);
                }
            }
        }
    }


    public RoutingTable table() {
        return table;
    }
}
