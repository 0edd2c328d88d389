package io.xsfu.route;

import io.xsfu.rtp.SequenceRewriter;
import io.xsfu.rtp.TimestampRewriter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One outgoing copy of one producer to one transport (mediasoup's Consumer): its own SSRC (so producers
 * with colliding SSRCs stay distinct streams), the payload type, RTX SSRC/PT when the subscriber takes RTX,
 * and the agent-owned rewriting state that keeps the stream continuous for the subscriber.
 */
public final class Consumer {
    private final Producer producer;
    private final Transport transport;
    private final int ssrc;
    private final int rtxSsrc;
    private final int rtxPayloadType;
    private final long keepExtensions;
    /** The payload type this subscriber knows the codec by (the producer's unless it negotiated another). */
    private final int payloadType;
    private final int twccId;
    private final int absSendTimeId;
    /** What the control side asked for in the table that made this consumer; applied by the agent. */
    private final boolean requestedPaused;

    // Agent-owned runtime state.
    /** Simulcast: which encoding and temporal layers reach the subscriber, and the rewriting that joins them. */
    private io.xsfu.layers.SimulcastStream simulcast;
    private LayerCounters layerCounters;
    private SequenceRewriter sequence;
    private TimestampRewriter timestamp;
    private ConsumerCounters counters;
    private boolean paused;
    private boolean waitingForKeyFrame;
    private boolean syncPending;
    private int epoch = -1;
    private int rtxSequence;
    /** Retransmission budget (a token bucket refilled with time): a NACK storm costs bounded work. */
    private double retransmitTokens = RETRANSMIT_BURST;
    private long retransmitRefillNanos;
    private long packetsSent;
    private long octetsSent;

    Consumer(Producer producer, Transport transport, int ssrc, int rtxSsrc, int rtxPayloadType, long keepExtensions,
             boolean requestedPaused, int payloadType) {
        this.payloadType = payloadType;
        this.keepExtensions = keepExtensions;
        this.requestedPaused = requestedPaused;
        // The transport-wide number is the SFU's own: the subscriber's id, whatever the publisher negotiated (a copy
        // of a packet without the element gets one added).
        this.twccId = transport.options().subscriberId(TransportOptions.TRANSPORT_WIDE_CC);
        this.absSendTimeId = transport.options().ownedId(TransportOptions.ABS_SEND_TIME, producer.transport().options());
        this.producer = producer;
        this.transport = transport;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.rtxPayloadType = rtxPayloadType;
    }

    public void attach(ConsumerCounters counters) {
        attach(counters, null);
    }

    /** As {@link #attach(ConsumerCounters)}, with the layer gauges of a simulcast consumer (null otherwise). */
    public void attach(ConsumerCounters counters, LayerCounters layers) {
        this.counters = counters;
        this.sequence = new SequenceRewriter();
        this.timestamp = new TimestampRewriter(producer.spec().clockRate());
        // Video starts at a keyframe: anything before it would not decode.
        this.waitingForKeyFrame = producer.codec().video();
        if (producer.simulcast()) {
            this.simulcast = newSimulcast(sequence, timestamp);
            this.layerCounters = layers;
            publishLayers();
        }
    }

    /** The selection over the producer's encodings, numbering the subscriber's stream with these rewriters. */
    private io.xsfu.layers.SimulcastStream newSimulcast(SequenceRewriter seq, TimestampRewriter ts) {
        int n = producer.encodings().length;
        return new io.xsfu.layers.SimulcastStream(new io.xsfu.layers.LayerSelector(n), producer.clocks(), n,
                producer.spec().clockRate(), seq, ts);
    }

    public void inherit(Consumer previous) {
        this.counters = previous.counters;
        this.sequence = previous.sequence;
        this.timestamp = previous.timestamp;
        this.paused = previous.paused;
        this.waitingForKeyFrame = previous.waitingForKeyFrame;
        this.syncPending = previous.syncPending;
        this.epoch = previous.epoch;
        this.rtxSequence = previous.rtxSequence;
        this.packetsSent = previous.packetsSent;
        this.octetsSent = previous.octetsSent;
        if (producer.simulcast() && previous.simulcast != null
                && previous.producer.encodings().length == producer.encodings().length) {
            this.simulcast = previous.simulcast;
            this.layerCounters = previous.layerCounters;
            previous.layerCounters = null;
        } else if (producer.simulcast()) {
            // The source became simulcast, or changed its encodings: selection starts over at a keyframe, and the
            // numbering the subscriber saw continues.
            this.simulcast = newSimulcast(previous.sequence(), previous.timestamp());
            this.layerCounters = null;
        } else if (previous.simulcast != null) {
            // No longer simulcast: the single stream continues the numbering, from its next keyframe.
            this.sequence = previous.simulcast.sequence();
            this.timestamp = previous.simulcast.timestamp();
            this.waitingForKeyFrame = producer.codec().video();
            this.syncPending = true;
        }
        if (previous.layerCounters != null) {
            previous.layerCounters.close(); // not taken over: the gauges of a stream that is gone
            previous.layerCounters = null;
        }
        previous.counters = null;
    }

    public void close() {
        if (counters != null) {
            counters.close();
            counters = null;
        }
        if (layerCounters != null) {
            layerCounters.close();
            layerCounters = null;
        }
    }

    /** A simulcast consumer without its layer gauges (it was inherited from a single-stream one): they are given here. */
    public boolean needsLayerCounters() {
        return simulcast != null && layerCounters == null;
    }

    public void layerCounters(LayerCounters counters) {
        this.layerCounters = counters;
        publishLayers();
    }

    /** Simulcast: the per-frame layer selection and rewriting of this consumer, or null for a single stream. */
    public io.xsfu.layers.SimulcastStream simulcast() {
        return simulcast;
    }

    /**
     * The encoding whose packets this consumer forwards now (whose cache answers its NACKs and whose sender reports
     * become its own): the producer itself without simulcast; with it, the selected encoding (encoding 0 before any).
     */
    public Producer source() {
        if (simulcast == null) {
            return producer;
        }
        int e = simulcast.selector().currentSpatial();
        return producer.encodings()[Math.max(0, e)];
    }

    /** The layers to move towards (the allocator's choice), applied from the next frame that allows it. */
    public void targetLayers(int spatial, int temporal) {
        if (simulcast != null) {
            simulcast.target(spatial, temporal);
            publishLayers();
        }
    }

    /** Publishes the selector's state to the layer gauges when it changed (cheap compares; called per copy). */
    public void publishLayers() {
        LayerCounters g = layerCounters;
        if (g == null) {
            return;
        }
        io.xsfu.layers.LayerSelector s = simulcast.selector();
        if (g.currentSpatial.get() != s.currentSpatial()) {
            g.currentSpatial.setRelease(s.currentSpatial());
            g.spatialSwitches.setRelease(s.spatialSwitches());
        }
        if (g.currentTemporal.get() != s.currentTemporal()) {
            g.currentTemporal.setRelease(s.currentTemporal());
        }
        if (g.targetSpatial.get() != s.targetSpatial()) {
            g.targetSpatial.setRelease(s.targetSpatial());
        }
        if (g.targetTemporal.get() != s.targetTemporal()) {
            g.targetTemporal.setRelease(s.targetTemporal());
        }
        if (g.keyFrameTimeouts.get() != s.keyFrameTimeouts()) {
            g.keyFrameTimeouts.setRelease(s.keyFrameTimeouts());
        }
    }

    /** "room/subscriber<-room/publisher/producer", stable across routing tables. */
    public String key() {
        return transport.key() + "<-" + producer.key();
    }

    public Producer producer() {
        return producer;
    }

    public Transport transport() {
        return transport;
    }

    public int ssrc() {
        return ssrc;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The header extension ids its copies keep (see {@link TransportOptions#keepMaskFrom}). */
    public long keepExtensions() {
        return keepExtensions;
    }

    /** The id of the transport-wide-cc element the SFU rewrites in this consumer's copies (0: none). */
    public int twccId() {
        return twccId;
    }

    public int absSendTimeId() {
        return absSendTimeId;
    }

    public boolean rtx() {
        return rtxPayloadType != ProducerSpec.NONE;
    }

    public int rtxSsrc() {
        return rtxSsrc;
    }

    public int rtxPayloadType() {
        return rtxPayloadType;
    }

    /** The numbering the subscriber sees (the simulcast stream's, which spans encodings, when there is one). */
    public SequenceRewriter sequence() {
        return simulcast != null ? simulcast.sequence() : sequence;
    }

    public TimestampRewriter timestamp() {
        return simulcast != null ? simulcast.timestamp() : timestamp;
    }

    public ConsumerCounters counters() {
        return counters;
    }

    public boolean requestedPaused() {
        return requestedPaused;
    }

    public boolean paused() {
        return paused;
    }

    /** Pausing stops copies; resuming re-syncs the numbering and, for video, waits for a keyframe. */
    public void paused(boolean paused) {
        if (this.paused && !paused) {
            waitingForKeyFrame = producer.codec().video();
            syncPending = true;
            if (simulcast != null) {
                simulcast.selector().restart();
            }
        }
        this.paused = paused;
    }

    public boolean waitingForKeyFrame() {
        return waitingForKeyFrame;
    }

    public void waitingForKeyFrame(boolean waiting) {
        this.waitingForKeyFrame = waiting;
    }

    /** A resume (or anything that breaks continuity) asks for a re-sync at the next forwarded packet. */
    public boolean syncPending() {
        return syncPending;
    }

    /** Starts a new epoch at this packet: it follows the last one sent, in numbering and in time. */
    public void syncAt(int inSeq, int inTimestamp, long nowNanos) {
        sequence.sync(inSeq);
        timestamp.sync(inTimestamp, nowNanos);
        epoch = sequence.epoch();
        syncPending = false;
    }

    /** The output timestamp; re-synced when the sequence rewriter started a new epoch (the source renumbered). */
    public int rewriteTimestamp(int inTimestamp, long nowNanos) {
        if (sequence.epoch() != epoch) {
            timestamp.sync(inTimestamp, nowNanos);
            epoch = sequence.epoch();
        }
        return timestamp.rewrite(inTimestamp, nowNanos);
    }

    /** At most this many retransmissions in a burst, refilled at {@link #RETRANSMITS_PER_SECOND}. */
    public static final int RETRANSMIT_BURST = 200;
    public static final int RETRANSMITS_PER_SECOND = 1000;

    /** Takes one retransmission from the budget; false when a storm has used it up. */
    public boolean takeRetransmitBudget(long nowNanos) {
        long elapsed = nowNanos - retransmitRefillNanos;
        if (elapsed > 0) {
            retransmitTokens = Math.min(RETRANSMIT_BURST, retransmitTokens + elapsed * (RETRANSMITS_PER_SECOND / 1e9));
            retransmitRefillNanos = nowNanos;
        }
        if (retransmitTokens < 1) {
            return false;
        }
        retransmitTokens -= 1;
        return true;
    }

    public int nextRtxSequence() {
        int s = rtxSequence;
        rtxSequence = (rtxSequence + 1) & 0xFFFF;
        return s;
    }

    public void sent(int payloadOctets) {
        packetsSent++;
        octetsSent += payloadOctets;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long octetsSent() {
        return octetsSent;
    }

    /**
     * Gauges of a simulcast consumer (set by the agent when they change): the encoding and temporal layer forwarded
     * now and the target, with the number of spatial switches and of keyframe requests that timed out.
     */
    public record LayerCounters(AtomicCounter currentSpatial, AtomicCounter currentTemporal, AtomicCounter targetSpatial,
                                AtomicCounter targetTemporal, AtomicCounter spatialSwitches,
                                AtomicCounter keyFrameTimeouts) {
        public void close() {
            currentSpatial.close();
            currentTemporal.close();
            targetSpatial.close();
            targetTemporal.close();
            spatialSwitches.close();
            keyFrameTimeouts.close();
        }
    }

    /** Per-consumer counters. */
    public record ConsumerCounters(AtomicCounter txPackets, AtomicCounter txBytes, AtomicCounter retransmitted,
                                   AtomicCounter nacksReceived, AtomicCounter keyFrameRequestsReceived) {
        public void close() {
            txPackets.close();
            txBytes.close();
            retransmitted.close();
            nacksReceived.close();
            keyFrameRequestsReceived.close();
        }
    }

    @Override
    public String toString() {
        return key() + " ssrc=" + Integer.toUnsignedString(ssrc);
    }
}
