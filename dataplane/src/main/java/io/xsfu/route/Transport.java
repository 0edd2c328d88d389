package io.xsfu.route;

/**
 * A participant's transport (like mediasoup's PlainTransport with rtcp-mux, or a WebRTC one): one SFU port, one
 * remote endpoint; media in clear or SRTP ({@link TransportOptions}). It may carry producers (what the participant sends) and consumers (copies of other
 * participants' producers it receives).
 *
 * <p>Identity and wiring are fixed when the routing table is built; the runtime state (learned endpoint,
 * next-hop MAC, counters, the producers' and consumers' state) belongs to the forwarding agent.
 */
public final class Transport {
    private final String roomId;
    private final String participantId;
    private final int localPort;
    private final boolean comedia;
    private final boolean sends;
    private final boolean receives;
    private final Endpoint remote;
    private final TransportOptions options;
    private final int rtcpSsrc;
    private Producer[] producers = new Producer[0];
    private final int ridId;
    private final int repairedRidId;
    private boolean learnsRids;
    /** When the packets a publisher numbered transport-wide arrived (for its feedback); agent-owned, or null. */
    private io.xsfu.rtp.TransportWideArrivals arrivals;
    private final int twccId;
    private Consumer[] consumers = new Consumer[0];
    private TransportCounters counters;
    private int twccSequence;
    /** Send-side bandwidth estimation of what the SFU sends here (transports that receive copies). Agent-owned. */
    private io.xsfu.bwe.TransportBandwidth bandwidth;
    /** Addresses that sent this (WebRTC) transport STUN or DTLS: the only ones the SFU answers. Agent-owned. */
    private final Endpoint[] handshakePeers = new Endpoint[MAX_HANDSHAKE_PEERS];
    private int handshakePeerCount;
    /**
     * SRTP of what this transport receives and sends: on a WebRTC transport once DTLS produced the keys, on a
     * plain one with given keys from the first table that has it. Agent-owned.
     */
    private io.xsfu.srtp.SrtpSession inboundSrtp;
    private io.xsfu.srtp.SrtpSession outboundSrtp;

    public Transport(String roomId, String participantId, int localPort, boolean comedia, boolean sends,
                     boolean receives, Endpoint remote, TransportOptions options, int rtcpSsrc) {
        this.roomId = roomId;
        this.participantId = participantId;
        this.localPort = localPort;
        this.comedia = comedia;
        this.sends = sends;
        this.receives = receives;
        this.remote = remote;
        this.options = options;
        this.rtcpSsrc = rtcpSsrc;
        this.ridId = options.subscriberId(TransportOptions.RTP_STREAM_ID);
        this.twccId = options.subscriberId(TransportOptions.TRANSPORT_WIDE_CC);
        this.repairedRidId = options.subscriberId(TransportOptions.REPAIRED_RTP_STREAM_ID);
    }

    /** "room/participant", the key that survives routing-table swaps. */
    public String key() {
        return roomId + "/" + participantId;
    }

    public String roomId() {
        return roomId;
    }

    public String participantId() {
        return participantId;
    }

    public int localPort() {
        return localPort;
    }

    public boolean comedia() {
        return comedia;
    }

    public boolean sends() {
        return sends;
    }

    public boolean receives() {
        return receives;
    }

    public Endpoint remote() {
        return remote;
    }

    public TransportOptions options() {
        return options;
    }

    /** The SSRC the SFU uses as sender of the RTCP it sends on this transport. */
    public int rtcpSsrc() {
        return rtcpSsrc;
    }

    public Producer[] producers() {
        return producers;
    }

    void producers(Producer[] producers) {
        this.producers = producers;
        boolean rids = false;
        for (Producer p : producers) {
            rids |= p.learnsByRid();
        }
        this.learnsRids = rids && (ridId != 0 || repairedRidId != 0);
    }

    /** The transport-wide-cc element's id on this transport (0: not negotiated). */
    public int twccId() {
        return twccId;
    }

    /** The arrival record of a sending transport that negotiated transport-wide-cc (created by the agent), or null. */
    public io.xsfu.rtp.TransportWideArrivals arrivals() {
        return arrivals;
    }

    public void arrivals(io.xsfu.rtp.TransportWideArrivals value) {
        this.arrivals = value;
    }

    /** Whether some producer's encodings are known by RID only: an unknown SSRC may name one in its header. */
    public boolean learnsRids() {
        return learnsRids;
    }

    /** The rtp-stream-id element's id on this transport (0: not negotiated). */
    public int ridId() {
        return ridId;
    }

    /** The repaired-rtp-stream-id element's id on this transport (0: not negotiated). */
    public int repairedRidId() {
        return repairedRidId;
    }

    /** The copies this transport receives. */
    public Consumer[] consumers() {
        return consumers;
    }

    void consumers(Consumer[] consumers) {
        this.consumers = consumers;
    }

    /** The producer whose media SSRC this is, or null. A handful of producers: a linear scan. */
    public Producer producerBySsrc(int ssrc) {
        for (Producer p : producers) {
            if (p.ssrc() == ssrc && ssrc != 0) { // 0: an encoding known by RID whose SSRC is not learned yet
                return p;
            }
        }
        return null;
    }

    /** The producer whose RTX SSRC this is, or null. */
    public Producer producerByRtxSsrc(int ssrc) {
        for (Producer p : producers) {
            if (p.spec().hasRtx() && p.rtxSsrc() == ssrc && ssrc != 0) {
                return p;
            }
        }
        return null;
    }

    /** The consumer on this transport sending with this SSRC (what the subscriber's feedback names), or null. */
    public Consumer consumerBySsrc(int ssrc) {
        for (Consumer c : consumers) {
            if (c.ssrc() == ssrc) {
                return c;
            }
        }
        return null;
    }

    /** ICE candidates a browser tries are few; a bound keeps a spoofing flood from growing state. */
    public static final int MAX_HANDSHAKE_PEERS = 8;

    /**
     * The handshake peer with this source, created if there is room (a state change); null when the table is
     * full. {@code created[0]} tells the caller to ask for its next hop.
     */
    public Endpoint handshakePeer(int ipVersion, int v4, long v6Hi, long v6Lo, int port, boolean[] created) {
        created[0] = false;
        for (int i = 0; i < handshakePeerCount; i++) {
            if (handshakePeers[i].matches(ipVersion, v4, v6Hi, v6Lo, port)) {
                return handshakePeers[i];
            }
        }
        if (handshakePeerCount == MAX_HANDSHAKE_PEERS) {
            return null;
        }
        Endpoint e = Endpoint.unknown();
        e.learn(ipVersion, v4, v6Hi, v6Lo, port);
        handshakePeers[handshakePeerCount++] = e;
        created[0] = true;
        return e;
    }

    /** The handshake peer at this address, or null (the SFU answers only those that spoke to it). */
    public Endpoint handshakePeer(java.net.InetSocketAddress address) {
        for (int i = 0; i < handshakePeerCount; i++) {
            Endpoint e = handshakePeers[i];
            if (e.port() == address.getPort() && address.getAddress().equals(e.inet())) {
                return e;
            }
        }
        return null;
    }

    public int handshakePeerCount() {
        return handshakePeerCount;
    }

    public Endpoint handshakePeerAt(int i) {
        return handshakePeers[i];
    }

    /**
     * Takes over what the agent learned on the same transport in the previous table: handshake peers, SRTP
     * sessions, the transport-wide sequence and the bandwidth estimation that goes with it. Only from the same SFU port: a participant that left and came
     * back has a new transport and starts fresh.
     */
    public void inheritAgentState(Transport previous) {
        if (previous.localPort != localPort) {
            return;
        }
        for (int i = 0; i < previous.handshakePeerCount; i++) {
            handshakePeers[i] = previous.handshakePeers[i];
        }
        handshakePeerCount = previous.handshakePeerCount;
        twccSequence = previous.twccSequence;
        bandwidth = previous.bandwidth;
        if (arrivals == null) {
            arrivals = previous.arrivals;
        }
        // Given keys that changed start fresh sessions (see keyGivenSrtp); DTLS keys stay until DTLS says otherwise.
        if (java.util.Objects.equals(previous.options.srtp(), options.srtp())) {
            inboundSrtp = previous.inboundSrtp;
            outboundSrtp = previous.outboundSrtp;
        }
    }

    /**
     * Keys a plain transport with given SRTP keys that has no sessions yet (new in this table, or its keys
     * changed); returns whether it did. A state change on the agent thread: it allocates and derives keys.
     */
    public boolean keyGivenSrtp() {
        io.xsfu.srtp.SrtpParameters keys = options.srtp();
        if (keys == null || inboundSrtp != null) {
            return false;
        }
        inboundSrtp = keys.inbound();
        outboundSrtp = keys.outbound();
        return true;
    }

    /** Whether media on this transport is SRTP (WebRTC, or plain with given keys): nothing goes in clear, either way. */
    public boolean srtpRequired() {
        return options.srtpRequired();
    }

    /** What unprotects received SRTP/SRTCP; null until keyed (agent thread). */
    public io.xsfu.srtp.SrtpSession inboundSrtp() {
        return inboundSrtp;
    }

    /** What protects sent SRTP/SRTCP; null until keyed (agent thread). */
    public io.xsfu.srtp.SrtpSession outboundSrtp() {
        return outboundSrtp;
    }

    /** Keys (or, with nulls, unkeys) the transport: DTLS finished, or restarted. Agent thread. */
    public void srtp(io.xsfu.srtp.SrtpSession inbound, io.xsfu.srtp.SrtpSession outbound) {
        this.inboundSrtp = inbound;
        this.outboundSrtp = outbound;
    }

    /** The next transport-wide sequence number of what the SFU sends on this transport (agent thread). */
    public int nextTwccSequence() {
        int s = twccSequence;
        twccSequence = (twccSequence + 1) & 0xFFFF;
        return s;
    }

    /**
     * Gives back the number just taken by {@link #nextTwccSequence} for a copy that never left (the egress refused
     * it): the subscriber then sees no gap that its feedback would report as loss, and the estimator no number it
     * cannot place. Only right before anything else takes a number (the agent does both in one step).
     */
    public void returnTwccSequence(int sequence) {
        if (((sequence + 1) & 0xFFFF) == twccSequence) {
            twccSequence = sequence;
        }
    }

    /** The estimation of what this transport carries toward the participant; null when it receives nothing. */
    public io.xsfu.bwe.TransportBandwidth bandwidth() {
        return bandwidth;
    }

    public void bandwidth(io.xsfu.bwe.TransportBandwidth bandwidth) {
        this.bandwidth = bandwidth;
    }

    public TransportCounters counters() {
        return counters;
    }

    public void counters(TransportCounters counters) {
        this.counters = counters;
    }

    /** Frees the counters of a transport that left the routing table (its producers and consumers free their own). */
    public void close() {
        if (counters != null) {
            counters.close();
            counters = null;
        }
        if (bandwidth != null) {
            bandwidth.close();
            bandwidth = null;
        }
    }

    @Override
    public String toString() {
        return key() + " port " + localPort + " remote " + remote;
    }
}
