package io.xsfu.route;

import io.xsfu.rtp.KeyFrameRequestThrottle;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.rtp.NackGenerator;
import io.xsfu.rtp.ReceiveStatistics;
import io.xsfu.rtp.RetransmissionCache;
import java.lang.foreign.Arena;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One incoming media stream of a transport and its consumers. Besides the declared identity it carries
 * the agent-owned state the SFU keeps per source: receive statistics (for its own receiver reports), the
 * NACK generator (upstream loss), the retransmission cache (answers subscribers' NACKs), the keyframe
 * request throttle, and the last sender report (translated for each consumer).
 */
public final class Producer {
    /** Packets kept for retransmission: about 1 s of video at 1,000 packets/s. */
    static final int CACHE_SLOTS = 1024;
    static final int CACHE_SLOT_SIZE = 1500;
    static final long CACHE_MAX_AGE_NANOS = 1_000_000_000L;

    private final ProducerSpec spec;
    private final Transport transport;
    private Consumer[] consumers = new Consumer[0];

    // Agent-owned runtime state, created by attach().
    private ReceiveStatistics statistics;
    private NackGenerator nack;
    private RetransmissionCache cache;
    private KeyFrameRequestThrottle keyFrames;
    private Arena arena;
    private ProducerCounters counters;
    private io.xsfu.rtp.AudioLevelMeter audioLevel = io.xsfu.rtp.AudioLevelMeter.NONE;
    private java.lang.foreign.MemorySegment cname;
    private boolean haveSenderReport;
    private long senderReportNtp;
    private int senderReportRtp;

    Producer(ProducerSpec spec, Transport transport) {
        this.spec = spec;
        this.transport = transport;
    }

    /** Creates the runtime state (a state change: allocates). The cache is only there if someone can NACK. */
    public void attach(ProducerCounters counters) {
        this.counters = counters;
        this.statistics = new ReceiveStatistics(spec.clockRate());
        this.nack = new NackGenerator();
        this.keyFrames = new KeyFrameRequestThrottle();
        this.arena = Arena.ofShared();
        this.cache = new RetransmissionCache(arena, CACHE_SLOTS, CACHE_SLOT_SIZE, CACHE_MAX_AGE_NANOS);
        this.cname = cname(transport);
        this.audioLevel = audioLevelMeter(counters);
    }

    /** This endpoint's RFC 6464 id (from its options, which may differ from the previous table's) and counters. */
    private io.xsfu.rtp.AudioLevelMeter audioLevelMeter(ProducerCounters counters) {
        Integer id = spec.codec().video() ? null : transport.options().extensions().get(TransportOptions.SSRC_AUDIO_LEVEL);
        return io.xsfu.rtp.AudioLevelMeter.of(id == null ? 0 : id, counters.audioLevel());
    }

    /** The CNAME the SFU gives a publisher's streams: one per participant, so its audio and video sync. */
    private static java.lang.foreign.MemorySegment cname(Transport t) {
        return java.lang.foreign.MemorySegment.ofArray(t.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public java.lang.foreign.MemorySegment cname() {
        return cname;
    }

    /** Takes over the runtime state of the same producer in the previous routing table. */
    public void inherit(Producer previous) {
        this.counters = previous.counters;
        this.statistics = previous.statistics;
        this.nack = previous.nack;
        this.keyFrames = previous.keyFrames;
        this.arena = previous.arena;
        this.cache = previous.cache;
        this.cname = previous.cname;
        this.audioLevel = audioLevelMeter(previous.counters);
        this.haveSenderReport = previous.haveSenderReport;
        this.senderReportNtp = previous.senderReportNtp;
        this.senderReportRtp = previous.senderReportRtp;
        previous.arena = null;
        previous.counters = null;
    }

    /** Frees what attach() made (the producer left the routing table). */
    public void close() {
        if (counters != null) {
            counters.close();
            counters = null;
        }
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }

    public String key() {
        return transport.key() + "/" + spec.id();
    }

    public ProducerSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public MediaCodec codec() {
        return spec.codec();
    }

    public int ssrc() {
        return spec.ssrc();
    }

    public Transport transport() {
        return transport;
    }

    public Consumer[] consumers() {
        return consumers;
    }

    void consumers(Consumer[] consumers) {
        this.consumers = consumers;
    }

    public ReceiveStatistics statistics() {
        return statistics;
    }

    public NackGenerator nack() {
        return nack;
    }

    public RetransmissionCache cache() {
        return cache;
    }

    public KeyFrameRequestThrottle keyFrames() {
        return keyFrames;
    }

    public ProducerCounters counters() {
        return counters;
    }

    /** Reads the audio level of received packets ({@link io.xsfu.rtp.AudioLevelMeter#NONE} when there is none). */
    public io.xsfu.rtp.AudioLevelMeter audioLevel() {
        return audioLevel;
    }

    public void senderReport(long ntp, int rtpTimestamp) {
        this.haveSenderReport = true;
        this.senderReportNtp = ntp;
        this.senderReportRtp = rtpTimestamp;
    }

    public boolean haveSenderReport() {
        return haveSenderReport;
    }

    public long senderReportNtp() {
        return senderReportNtp;
    }

    public int senderReportRtp() {
        return senderReportRtp;
    }

    /** Per-producer counters; {@code audioLevel} null for a video producer. */
    public record ProducerCounters(AtomicCounter rxPackets, AtomicCounter rxBytes, AtomicCounter rtxReceived,
                                   AtomicCounter nacksSent, AtomicCounter keyFrameRequests, AtomicCounter keyFrames,
                                   io.xsfu.rtp.AudioLevelMeter.Counters audioLevel) {
        public void close() {
            if (audioLevel != null) {
                audioLevel.close();
            }
            rxPackets.close();
            rxBytes.close();
            rtxReceived.close();
            nacksSent.close();
            keyFrameRequests.close();
            keyFrames.close();
        }
    }

    @Override
    public String toString() {
        return key() + " " + spec.codec() + " ssrc=" + Integer.toUnsignedString(spec.ssrc());
    }
}
