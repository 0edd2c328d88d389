package io.xsfu.route;

import java.util.Arrays;

/**
 * A participant's plain-RTP transport (like mediasoup's PlainTransport with rtcp-mux): one SFU port,
 * one remote endpoint. It may send (its streams are forwarded to its subscribers) and/or receive.
 *
 * <p>The identity and wiring are fixed when the routing table is built; the runtime state (learned
 * endpoint, next-hop MAC, discovered streams) belongs to the forwarding agent.
 */
public final class Transport {
    /** Bound on SSRCs per sending transport: an SSRC flood must not exhaust counters or memory. */
    public static final int MAX_STREAMS = 16;

    private final String roomId;
    private final String participantId;
    private final int localPort;
    private final boolean comedia;
    private final boolean sends;
    private final boolean receives;
    private final Endpoint remote;
    private Transport[] subscribers = new Transport[0];
    private final Stream[] streams = new Stream[MAX_STREAMS];
    private int streamCount;
    private TransportCounters counters;

    public Transport(String roomId, String participantId, int localPort, boolean comedia, boolean sends,
                     boolean receives, Endpoint remote) {
        this.roomId = roomId;
        this.participantId = participantId;
        this.localPort = localPort;
        this.comedia = comedia;
        this.sends = sends;
        this.receives = receives;
        this.remote = remote;
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

    /** The transports that get a copy of every stream this one sends. */
    public Transport[] subscribers() {
        return subscribers;
    }

    void subscribers(Transport[] subscribers) {
        this.subscribers = subscribers;
    }

    /** The stream with this SSRC, or null. Linear scan: a transport has a handful of streams. */
    public Stream stream(long ssrc) {
        for (int i = 0; i < streamCount; i++) {
            if (streams[i].ssrc() == ssrc) {
                return streams[i];
            }
        }
        return null;
    }

    public boolean canAddStream() {
        return streamCount < MAX_STREAMS;
    }

    public void addStream(Stream stream) {
        streams[streamCount++] = stream;
    }

    /**
     * Removes the least recently seen stream if it has been silent for {@code idleNanos}, freeing its
     * counters: a client that restarts gets a new SSRC, and the old one must not hold a slot forever.
     * Returns false when every stream is active (the new one is then refused).
     */
    public boolean evictIdleStream(long nowNanos, long idleNanos) {
        int oldest = -1;
        for (int i = 0; i < streamCount; i++) {
            if (oldest < 0 || streams[i].lastSeenNanos() - streams[oldest].lastSeenNanos() < 0) {
                oldest = i;
            }
        }
        if (oldest < 0 || nowNanos - streams[oldest].lastSeenNanos() < idleNanos) {
            return false;
        }
        streams[oldest].close();
        streams[oldest] = streams[--streamCount];
        streams[streamCount] = null;
        return true;
    }

    public int streamCount() {
        return streamCount;
    }

    public Stream streamAt(int i) {
        return streams[i];
    }

    /** Takes the streams of the same participant from the previous table (their counters continue). */
    public void inheritStreams(Transport previous) {
        if (previous == this) {
            return;
        }
        for (int i = 0; i < previous.streamCount; i++) {
            streams[streamCount++] = previous.streams[i];
        }
        Arrays.fill(previous.streams, null);
        previous.streamCount = 0;
    }

    public TransportCounters counters() {
        return counters;
    }

    public void counters(TransportCounters counters) {
        this.counters = counters;
    }

    /** Frees counters of a transport that left the routing table. */
    public void close() {
        for (int i = 0; i < streamCount; i++) {
            streams[i].close();
        }
        streamCount = 0;
        if (counters != null) {
            counters.close();
        }
    }

    @Override
    public String toString() {
        return key() + " port " + localPort + " remote " + remote;
    }
}
