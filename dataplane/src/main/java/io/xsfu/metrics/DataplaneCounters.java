package io.xsfu.metrics;

import io.xsfu.bwe.BweAnomaly;
import io.xsfu.bwe.BweConfig;
import io.xsfu.bwe.ProbeOutcome;
import io.xsfu.bwe.TransportBandwidth;
import io.xsfu.forward.ForwardDrop;
import io.xsfu.packet.PayloadKind;
import io.xsfu.rtcp.RtcpDrop;
import io.xsfu.srtp.SrtpDrop;
import io.xsfu.stun.StunDrop;
import io.xsfu.rtcp.RtcpKind;
import io.xsfu.route.Consumer;
import io.xsfu.route.Producer;
import io.xsfu.route.TransportCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The forwarding agent's counters: packets and bytes in and out, received packets by kind, and one counter
 * per drop reason. Labels are Prometheus-style ({@code name{label="value"}}) so that any exporter can
 * print them as they are. Single writer (the agent); values are published with release stores, which on
 * x86 cost a plain store.
 */
public final class DataplaneCounters {
    public static final int TYPE_DATAPLANE = 1;
    public static final int TYPE_PARTICIPANT = 2;
    public static final int TYPE_STREAM = 3;
    public static final int TYPE_KERNEL = 4;

    public final AtomicCounter rxPackets;
    public final AtomicCounter rxBytes;
    public final AtomicCounter txPackets;
    public final AtomicCounter txBytes;
    public final AtomicCounter txKicks;
    public final AtomicCounter txKickErrors;
    public final AtomicCounter comediaLearned;
    public final AtomicCounter handshakesHandedOff;
    /** Simulcast encodings (or their RTX) whose SSRC the agent learned from the RID in their packets. */
    public final AtomicCounter ridsLearned;
    /** Transport-wide feedback packets sent to publishers (what their own congestion control runs on). */
    public final AtomicCounter transportFeedbackSent;
    /** RFC 6464 elements that were not one byte long (the packet is forwarded; its level is ignored). */
    public final AtomicCounter audioLevelMalformed;
    private final AtomicCounter[] rxByKind = new AtomicCounter[PayloadKind.COUNT];
    /** Packet, forwarding, RTCP, SRTP and STUN reasons share one index space. */
    public static final int DROP_REASONS = io.xsfu.layers.LayerDrop.END;
    private final AtomicCounter[] drops = new AtomicCounter[DROP_REASONS];
    private final AtomicCounter[] rtcpByKind = new AtomicCounter[RtcpKind.COUNT];
    public final AtomicCounter rtcpSent;
    /** Bandwidth estimation input that was not taken at face value, summed over transports, by {@link BweAnomaly}. */
    private final AtomicCounter[] bweAnomalies = new AtomicCounter[BweAnomaly.END];
    /** Bandwidth probes by how the estimator settled them ({@link ProbeOutcome}), summed over transports. */
    private final AtomicCounter[] bweProbes = new AtomicCounter[ProbeOutcome.END];
    /** Probes the agent started (a restart counts again), and the RTX duplicates it sent for them. */
    public final AtomicCounter probesStarted;
    public final AtomicCounter probePackets;
    public final AtomicCounter probeBytes;
    private final CountersManager manager;

    public DataplaneCounters(CountersManager manager) {
        this.manager = manager;
        rxPackets = manager.newCounter("xsfu_rx_packets_total", TYPE_DATAPLANE);
        rxBytes = manager.newCounter("xsfu_rx_bytes_total", TYPE_DATAPLANE);
        txPackets = manager.newCounter("xsfu_tx_packets_total", TYPE_DATAPLANE);
        txBytes = manager.newCounter("xsfu_tx_bytes_total", TYPE_DATAPLANE);
        txKicks = manager.newCounter("xsfu_tx_kicks_total", TYPE_DATAPLANE);
        txKickErrors = manager.newCounter("xsfu_tx_kick_errors_total", TYPE_DATAPLANE);
        comediaLearned = manager.newCounter("xsfu_comedia_learned_total", TYPE_DATAPLANE);
        handshakesHandedOff = manager.newCounter("xsfu_handshake_datagrams_total", TYPE_DATAPLANE);
        ridsLearned = manager.newCounter("xsfu_rids_learned_total", TYPE_DATAPLANE);
        transportFeedbackSent = manager.newCounter("xsfu_transport_feedback_sent_total", TYPE_DATAPLANE);
        audioLevelMalformed = manager.newCounter("xsfu_audio_level_malformed_total", TYPE_DATAPLANE);
        for (int k = 0; k < PayloadKind.COUNT; k++) {
            rxByKind[k] = manager.newCounter("xsfu_rx_kind_packets_total{kind=\"" + PayloadKind.NAMES[k] + "\"}",
                    TYPE_DATAPLANE);
        }
        rtcpSent = manager.newCounter("xsfu_rtcp_sent_total", TYPE_DATAPLANE);
        for (int k = 0; k < RtcpKind.COUNT; k++) {
            rtcpByKind[k] = manager.newCounter("xsfu_rtcp_received_total{kind=\"" + RtcpKind.name(k) + "\"}",
                    TYPE_DATAPLANE);
        }
        for (int a = 0; a < BweAnomaly.END; a++) {
            String reason = BweAnomaly.name(a).substring("bwe_".length());
            bweAnomalies[a] = manager.newCounter("xsfu_bwe_anomalies_total{reason=\"" + reason + "\"}", TYPE_DATAPLANE);
        }
        for (int o = 0; o < ProbeOutcome.END; o++) {
            bweProbes[o] = manager.newCounter("xsfu_bwe_probes_total{result=\"" + ProbeOutcome.name(o) + "\"}",
                    TYPE_DATAPLANE);
        }
        probesStarted = manager.newCounter("xsfu_probes_started_total", TYPE_DATAPLANE);
        probePackets = manager.newCounter("xsfu_probe_packets_total", TYPE_DATAPLANE);
        probeBytes = manager.newCounter("xsfu_probe_bytes_total", TYPE_DATAPLANE);
        for (int r = 0; r < DROP_REASONS; r++) {
            String name = r >= io.xsfu.layers.LayerDrop.FIRST ? io.xsfu.layers.LayerDrop.name(r)
                    : r >= io.xsfu.codec.CodecDrop.END ? null
                    : r >= io.xsfu.codec.CodecDrop.FIRST ? io.xsfu.codec.CodecDrop.name(r)
                    : r >= StunDrop.END ? null
                    : r >= StunDrop.FIRST ? StunDrop.name(r)
                    : r >= SrtpDrop.END ? null
                    : r >= SrtpDrop.FIRST ? SrtpDrop.name(r)
                    : r >= RtcpDrop.END ? null
                    : r >= RtcpDrop.FIRST ? RtcpDrop.name(r) : ForwardDrop.name(r);
            if (name != null) {
                drops[r] = manager.newCounter("xsfu_drops_total{reason=\"" + name + "\"}", TYPE_DATAPLANE);
            }
        }
    }

    public void received(int bytes) {
        rxPackets.incrementRelease();
        rxBytes.getAndAddRelease(bytes);
    }

    public void receivedKind(int kind) {
        rxByKind[kind].incrementRelease();
    }

    /** One RTCP packet of a compound, by {@code RtcpKind}. */
    public void rtcpReceived(int kind) {
        rtcpByKind[kind].incrementRelease();
    }

    public void transmitted(int bytes) {
        txPackets.incrementRelease();
        txBytes.getAndAddRelease(bytes);
    }

    public void drop(int reason) {
        drops[reason].incrementRelease();
    }

    public long drops(int reason) {
        return drops[reason].get();
    }

    /** Sum of every drop counter. */
    public long totalDrops() {
        long sum = 0;
        for (AtomicCounter c : drops) {
            if (c != null) {
                sum += c.get();
            }
        }
        return sum;
    }

    /** Sum over transports of one {@link BweAnomaly}. */
    public long bweAnomalies(int anomaly) {
        return bweAnomalies[anomaly].get();
    }

    /** Sum over transports of the probes settled with one {@link ProbeOutcome}. */
    public long bweProbes(int outcome) {
        return bweProbes[outcome].get();
    }

    public CountersManager manager() {
        return manager;
    }

    /** Counters of a participant that joined the routing table. Agent thread only (allocation is not thread-safe). */
    public TransportCounters newTransportCounters(String room, String participant) {
        String labels = "{room=\"" + room + "\",participant=\"" + participant + "\"}";
        return new TransportCounters(
                manager.newCounter("xsfu_participant_rx_packets_total" + labels, TYPE_PARTICIPANT),
                manager.newCounter("xsfu_participant_rx_bytes_total" + labels, TYPE_PARTICIPANT),
                manager.newCounter("xsfu_participant_tx_packets_total" + labels, TYPE_PARTICIPANT),
                manager.newCounter("xsfu_participant_tx_bytes_total" + labels, TYPE_PARTICIPANT));
    }

    /**
     * Bandwidth estimation for a participant's transport that receives copies: its estimate as a gauge
     * ({@code xsfu_participant_bwe_bps}, set, never incremented), its anomalies into the global counters.
     * A state change on the agent thread.
     */
    public TransportBandwidth newTransportBandwidth(String room, String participant) {
        String labels = transportLabels(room, participant);
        return new TransportBandwidth(BweConfig.DEFAULT,
                manager.newCounter(PARTICIPANT_BWE + labels, TYPE_PARTICIPANT), bweAnomalies, bweProbes);
    }

    public static final String PARTICIPANT_BWE = "xsfu_participant_bwe_bps";
    public static final String PRODUCER_RX_BYTES = "xsfu_producer_rx_bytes_total";

    /** The labels of a participant's series: what the control side looks its gauges up by. */
    public static String transportLabels(String room, String participant) {
        return "{room=\"" + room + "\",participant=\"" + participant + "\"}";
    }

    /**
     * The labels of one producer's (one simulcast encoding's) series, from its declared identity: the SSRC, or for an
     * encoding known by its RID until its packets come, "rid:" and the RID (the label never changes with learning).
     */
    public static String producerLabels(Producer p) {
        int declared = p.spec().ssrcOf(p.encoding());
        String ssrc = declared == 0 && p.rid() != null ? "rid:" + p.rid() : Integer.toUnsignedString(declared);
        return "{room=\"" + p.transport().roomId() + "\",participant=\"" + p.transport().participantId()
                + "\",producer=\"" + p.id() + "\",ssrc=\"" + ssrc + "\"}";
    }

    /**
     * Counters of a producer that joined the routing table; an audio producer also gets its level counters
     * (energy sum and packets with a level, read by speaker detection), zero while its endpoint sends none.
     * Agent thread only.
     */
    public Producer.ProducerCounters newProducerCounters(Producer p) {
        String labels = producerLabels(p);
        return new Producer.ProducerCounters(
                manager.newCounter("xsfu_producer_rx_packets_total" + labels, TYPE_STREAM),
                manager.newCounter(PRODUCER_RX_BYTES + labels, TYPE_STREAM),
                manager.newCounter("xsfu_producer_rtx_received_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_producer_nacks_sent_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_producer_keyframe_requests_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_producer_keyframes_total" + labels, TYPE_STREAM),
                p.codec().video() ? null : new io.xsfu.rtp.AudioLevelMeter.Counters(
                        manager.newCounter(AUDIO_ENERGY + labels, TYPE_STREAM),
                        manager.newCounter(AUDIO_LEVEL_PACKETS + labels, TYPE_STREAM), audioLevelMalformed));
    }

    /** Layer gauges of a consumer of a simulcast producer ({@code xsfu_consumer_layer{...,layer="current_spatial"}}...). */
    public Consumer.LayerCounters newLayerCounters(Consumer c) {
        String labels = "{room=\"" + c.transport().roomId() + "\",participant=\"" + c.transport().participantId()
                + "\",producer=\"" + c.producer().transport().participantId() + "/" + c.producer().id()
                + "\",ssrc=\"" + Integer.toUnsignedString(c.ssrc()) + "\"";
        return new Consumer.LayerCounters(
                manager.newCounter("xsfu_consumer_layer" + labels + ",layer=\"current_spatial\"}", TYPE_STREAM),
                manager.newCounter("xsfu_consumer_layer" + labels + ",layer=\"current_temporal\"}", TYPE_STREAM),
                manager.newCounter("xsfu_consumer_layer" + labels + ",layer=\"target_spatial\"}", TYPE_STREAM),
                manager.newCounter("xsfu_consumer_layer" + labels + ",layer=\"target_temporal\"}", TYPE_STREAM),
                manager.newCounter("xsfu_consumer_layer_switches_total" + labels + "}", TYPE_STREAM),
                manager.newCounter("xsfu_consumer_keyframe_timeouts_total" + labels + "}", TYPE_STREAM));
    }

    /** Sum of the energies of an audio producer's packets ({@link io.xsfu.rtp.AudioLevelMeter#FULL_SCALE_ENERGY} each at 0 dBov). */
    public static final String AUDIO_ENERGY = "xsfu_producer_audio_energy_total";
    /** Packets of an audio producer that carried an RFC 6464 level. */
    public static final String AUDIO_LEVEL_PACKETS = "xsfu_producer_audio_level_packets_total";

    /** Counters of a consumer that joined the routing table. Agent thread only. */
    public Consumer.ConsumerCounters newConsumerCounters(Consumer c) {
        String labels = "{room=\"" + c.transport().roomId() + "\",participant=\"" + c.transport().participantId()
                + "\",producer=\"" + c.producer().transport().participantId() + "/" + c.producer().id()
                + "\",ssrc=\"" + Integer.toUnsignedString(c.ssrc()) + "\"}";
        return new Consumer.ConsumerCounters(
                manager.newCounter("xsfu_consumer_tx_packets_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_consumer_tx_bytes_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_consumer_retransmitted_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_consumer_nacks_received_total" + labels, TYPE_STREAM),
                manager.newCounter("xsfu_consumer_keyframe_requests_received_total" + labels, TYPE_STREAM));
    }
}
