package io.xsfu.sfu;

import io.xsfu.route.ProducerSpec;
import io.xsfu.route.TransportOptions;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What an application (through signaling) may do with the SFU at run time, like mediasoup's API: rooms
 * and participants come and go, each participant has one plain-RTP transport (one SFU port, rtcp-mux,
 * both directions), produces streams and consumes others' producers. Every call is a control-path call:
 * it validates, changes the room model, and publishes a new routing snapshot to the forwarding agent
 * through its lock-free command queue; it never waits for the data path. Thread-safe.
 *
 * <p>Failures are {@link SfuException}s with a stable {@link SfuException.Code}; nothing changes when a
 * call fails.
 */
public interface SfuControl {
    /** A participant joins (a room is created on first join). Fails with ROOM_FULL, TOO_MANY_ROOMS, CONFLICT. */
    JoinResult join(String room, String participant);

    /**
     * The participant's transport: a free port of the media range is allocated. {@code remote} null means
     * comedia (learned from the first packet). With {@code options.srtp()} its media is SRTP under those keys, which
     * reach the agent with the routing table (no command to race with the first packet) and stay with the
     * transport ({@link #configureTransport} cannot change them). Fails with CONFLICT if it has one, NO_PORTS when
     * the range is used up.
     */
    TransportInfo createTransport(String room, String participant, InetSocketAddress remote, TransportOptions options);

    /** Declares a stream the participant sends on its transport; returns the producer id. CONFLICT on a duplicate id or SSRC. */
    ProducerInfo produce(String room, String participant, ProducerSpec spec);

    /** A copy of {@code producerKey} ("participant/producer" in the same room) to this participant. */
    default ConsumerInfo consume(String room, String participant, String producerKey, boolean paused) {
        return consume(room, participant, producerKey, paused, -1);
    }

    /**
     * As {@link #consume(String, String, String, boolean)} with the payload type the subscriber negotiated for
     * this codec ({@code -1}: the producer's); the SFU rewrites it in every copy.
     */
    default ConsumerInfo consume(String room, String participant, String producerKey, boolean paused, int payloadType) {
        return consume(room, participant, producerKey, paused, payloadType, -1);
    }

    /**
     * As above, with the RTX payload type the subscriber negotiated ({@code -1}: the producer's); it matters only
     * when retransmissions go to this subscriber as RTX.
     */
    ConsumerInfo consume(String room, String participant, String producerKey, boolean paused, int payloadType,
                         int rtxPayloadType);

    /** Stops the copy of {@code producerKey} to this participant (a subscriber's renegotiation dropped it). */
    void closeConsumer(String room, String participant, String producerKey);

    /**
     * Replaces what the participant's transport negotiated (RTCP feedback, RTX, header extensions): a WebRTC
     * transport learns them from each offer. The port and the agent's state for it (ICE peer, SRTP) stay.
     */
    void configureTransport(String room, String participant, TransportOptions options);

    /**
     * Releases the participant's transport (its port) and everything on it: its producers (and every consumer
     * of them) and its consumers. The participant stays in the room and may create a transport again; a WebRTC
     * transport whose handshake failed ends this way.
     */
    void closeTransport(String room, String participant);

    void setConsumerPaused(String room, String participant, String consumerId, boolean paused);

    /**
     * The subscriber's wish for a simulcast consumer (e.g. from the size it shows the video at): at most encoding
     * {@code spatial} (0 is the lowest) and temporal layer {@code temporal}; the allocator never goes above it and
     * goes below when the subscriber's bandwidth says so. Ignored by single-stream consumers. NOT_FOUND without
     * such a consumer.
     */
    void setPreferredLayers(String room, String participant, String consumerId, int spatial, int temporal);

    void closeProducer(String room, String participant, String producerId);

    /** Releases everything the participant owned (its transport, producers, and every consumer of them). */
    void leave(String room, String participant);

    /** The rooms as they are now, for admin views and stats. */
    List<RoomView> rooms();

    void addListener(SfuListener listener);

    record JoinResult(String room, String participant, List<String> participants, List<ProducerInfo> producers) {
    }

    /** Where the participant sends (and receives from): the SFU's media addresses and this transport's port. */
    record TransportInfo(List<String> addresses, int port) {
    }

    /** A producer as others see it: key "participant/producer", kind, codec and payload type. */
    record ProducerInfo(String key, String participant, String id, String kind, String codec, int payloadType,
                        int clockRate) {
    }

    /**
     * What the subscriber needs to receive the copy: the consumer's own SSRC, the payload type and codec,
     * and the RTX SSRC/payload type when retransmissions come as RTX (else -1).
     */
    record ConsumerInfo(String id, String producerKey, long ssrc, int payloadType, String codec, int clockRate,
                        long rtxSsrc, int rtxPayloadType, boolean paused) {
    }

    record RoomView(String id, List<ParticipantView> participants) {
    }

    /** {@code port} -1 before the transport exists; {@code remote} null while a comedia remote is not learned. */
    record ParticipantView(String id, int port, String remote, boolean isStatic, List<ProducerInfo> producers,
                           List<ConsumerInfo> consumers) {
    }

    /** Room events, delivered on the calling control thread after the change is published. */
    interface SfuListener {
        default void participantJoined(String room, String participant) {
        }

        default void participantLeft(String room, String participant) {
        }

        default void producerAdded(String room, ProducerInfo producer) {
        }

        default void producerClosed(String room, String producerKey) {
        }
    }
}
