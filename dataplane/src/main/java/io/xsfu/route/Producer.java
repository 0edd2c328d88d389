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
    /** Which of the spec's encodings this stream is (0 without simulcast). */
    private final int encoding;
    /**
     * The SSRCs; for an encoding known only by its RID (a browser's simulcast) 0 until its first packet names it.
     * Agent-owned once learned.
     */
    private int ssrc;
    private int rtxSsrc;
    /** The RID as the packets' rtp-stream-id carries it (US-ASCII), or null. */
    private final byte[] rid;
    /** Every encoding of the source, this one included, lowest first (a single element without simulcast). */
    private Producer[] encodings;
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
    /** Simulcast: how the encodings' RTP clocks relate (from their sender reports). Held by encoding 0. */
    private io.xsfu.layers.EncodingClocks clocks;

    Producer(ProducerSpec spec, Transport transport) {
        this(spec, transport, 0);
    }

    Producer(ProducerSpec spec, Transport transport, int encoding) {
        this.spec = spec;
        this.transport = transport;
        this.encoding = encoding;
        this.ssrc = spec.ssrcOf(encoding);
        this.rtxSsrc = spec.rtxSsrcOf(encoding);
        String r = spec.encodings().isEmpty() ? null : spec.encodings().get(encoding).rid();
        this.rid = r == null ? null : r.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.encodings = new Producer[] {this};
    }

    /** The streams of one simulcast source, one Producer each (they share its spec), lowest encoding first. */
    static Producer[] ofSpec(ProducerSpec spec, Transport transport) {
        Producer[] all = new Producer[spec.encodingCount()];
        for (int e = 0; e < all.length; e++) {
            all[e] = new Producer(spec, transport, e);
        }
        for (Producer p : all) {
            p.encodings = all;
        }
        return all;
    }

    /** Creates the runtime state (a state change: allocates). The cache is only there if someone can NACK. */
    public void attach(ProducerCounters counters) {
        this.counters = counters;
        if (encoding == 0 && encodings.length > 1) {
            this.clocks = new io.xsfu.layers.EncodingClocks(encodings.length, spec.clockRate());
        }
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
        if (ssrc == 0 && previous.ssrc != 0) {
            ssrc = previous.ssrc; // learned from the RID of an earlier packet
        }
        if (rtxSsrc == 0 && previous.rtxSsrc != 0) {
            rtxSsrc = previous.rtxSsrc;
        }
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
        if (encoding == 0 && encodings.length > 1) {
            this.clocks = previous.clocks != null && previous.encodings.length == encodings.length ? previous.clocks
                    : new io.xsfu.layers.EncodingClocks(encodings.length, spec.clockRate());
        }
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

    /** "room/participant/producer", and "#encoding" for simulcast encodings above 0: stable across tables. */
    public String key() {
        return encoding == 0 ? transport.key() + "/" + spec.id() : transport.key() + "/" + spec.id() + "#" + encoding;
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
        return ssrc;
    }

    /** Whether this encoding waits for a packet with its RID to learn its (media, or RTX) SSRC. */
    public boolean learnsSsrc(boolean rtx) {
        return rid != null && (rtx ? rtxSsrc == 0 && spec.hasRtx() : ssrc == 0);
    }

    /** Whether the {@code length} bytes at {@code at} are this encoding's RID. No allocation. */
    public boolean ridEquals(java.lang.foreign.MemorySegment s, long at, int length) {
        if (rid == null || rid.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + i) != rid[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first packet naming this encoding's RID (or repaired RID, {@code rtx}) came with {@code value}. */
    public void learnSsrc(boolean rtx, int value) {
        if (rtx) {
            rtxSsrc = value;
        } else {
            ssrc = value;
        }
    }

    /** Whether this encoding is declared by RID without an SSRC (no allocation: the agent asks per unknown SSRC). */
    public boolean learnsByRid() {
        return rid != null && spec.ssrcOf(encoding) == 0;
    }

    /** The RID, or null (a stream known by its SSRC). */
    public String rid() {
        return rid == null ? null : new String(rid, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The RTX SSRC of this encoding (meaningful when the spec has an RTX payload type). */
    public int rtxSsrc() {
        return rtxSsrc;
    }

    public int encoding() {
        return encoding;
    }

    /** Every encoding of this source (this one among them), lowest first. */
    public Producer[] encodings() {
        return encodings;
    }

    public boolean simulcast() {
        return encodings.length > 1;
    }

    /** Simulcast: the clocks of the source's encodings (kept by encoding 0), or null. */
    public io.xsfu.layers.EncodingClocks clocks() {
        return encodings[0].clocks;
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
        return key() + " " + spec.codec() + " ssrc=" + Integer.toUnsignedString(ssrc);
    }
}
