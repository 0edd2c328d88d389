package io.xsfu.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A participant: one plain RTP transport with RTCP multiplexed on the same port, like mediasoup's
 * PlainTransport with rtcpMux. The participant sends to {@code port} on the SFU, and the SFU sends
 * to the participant from that same port.
 *
 * @param id               unique within its room
 * @param port             the SFU-side UDP port, inside the media port range and used by no other participant
 * @param send             whether the participant's producers are forwarded to others; then it has at least one
 * @param receive          whether the participant gets copies of others' producers
 * @param subscribe        what it receives: participants ({@code "alice"}, all their producers) or single
 *                         producers ({@code "alice/cam"}); empty means every producer of every other sender
 * @param producers        the RTP streams it sends, the media the SFU forwards from it
 * @param rtcp             the RTCP feedback its endpoint understands
 * @param rtx              whether it accepts retransmissions as RTX (RFC 4588) on what it receives;
 *                         without, or for a producer without RTX, retransmissions are the original packets
 * @param headerExtensions the RTP header extensions negotiated with it
 * @param srtp             SRTP with given keys on its transport; empty: RTP and RTCP in clear
 */
public record ParticipantConfig(String id, int port, RemoteConfig remote, boolean send, boolean receive,
                                Optional<List<String>> subscribe, List<ProducerConfig> producers,
                                RtcpFeedbackConfig rtcp, boolean rtx, List<HeaderExtensionConfig> headerExtensions,
                                Optional<SrtpConfig> srtp) {

    public ParticipantConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(remote, "remote");
        subscribe = Objects.requireNonNull(subscribe, "subscribe").map(List::copyOf);
        producers = List.copyOf(producers);
        Objects.requireNonNull(rtcp, "rtcp");
        headerExtensions = List.copyOf(headerExtensions);
        Objects.requireNonNull(srtp, "srtp");
    }

    /** A participant whose media is in clear. */
    public ParticipantConfig(String id, int port, RemoteConfig remote, boolean send, boolean receive,
                             Optional<List<String>> subscribe, List<ProducerConfig> producers,
                             RtcpFeedbackConfig rtcp, boolean rtx, List<HeaderExtensionConfig> headerExtensions) {
        this(id, port, remote, send, receive, subscribe, producers, rtcp, rtx, headerExtensions, Optional.empty());
    }

    /**
     * A participant that sends and receives from every other sender, with default feedback, no RTX
     * and no header extensions. It sends nothing until given producers ({@link #withProducers}) or
     * {@code withSend(false)}: a valid config needs one or the other.
     */
    public static ParticipantConfig of(String id, int port, RemoteConfig remote) {
        return new ParticipantConfig(id, port, remote, true, true, Optional.empty(), List.of(), RtcpFeedbackConfig.DEFAULTS,
                false, List.of());
    }

    /** Whether this participant gets any of {@code sender}'s producers (which must be in the same room). */
    public boolean receivesFrom(ParticipantConfig sender) {
        if (!receive || !sender.send || sender.id.equals(id)) {
            return false;
        }
        return subscriptions().map(entries -> entries.stream().anyMatch(s -> s.participantId().equals(sender.id))).orElse(true);
    }

    /** Whether this participant gets {@code producer} of {@code sender} (which must be in the same room). */
    public boolean consumes(ParticipantConfig sender, ProducerConfig producer) {
        if (!receivesFrom(sender) || !sender.producers.contains(producer)) {
            return false;
        }
        return subscriptions().map(entries -> entries.stream().anyMatch(s -> s.covers(sender.id, producer.id()))).orElse(true);
    }

    /** The {@code subscribe} entries, parsed. */
    public Optional<List<Subscription>> subscriptions() {
        return subscribe.map(entries -> entries.stream().map(Subscription::parse).toList());
    }

    /**
     * How the SFU retransmits {@code producer}'s packets to this participant: as RTX with the
     * producer's RTX payload type and SSRC if both this participant accepts RTX and the producer has
     * RTX; otherwise (empty) by sending the original packet again.
     */
    public Optional<RtxConfig> rtxFor(ProducerConfig producer) {
        return rtx ? producer.rtx() : Optional.empty();
    }

    public Optional<ProducerConfig> producer(String producerId) {
        return producers.stream().filter(p -> p.id().equals(producerId)).findFirst();
    }

    /** The producer whose media or RTX stream has {@code ssrc}. */
    public Optional<ProducerConfig> producerBySsrc(long ssrc) {
        return producers.stream().filter(p -> p.hasSsrc(ssrc)).findFirst();
    }

    /** The id {@code extension} has in this participant's packets, if it was negotiated. */
    public OptionalInt headerExtensionId(HeaderExtension extension) {
        return headerExtensions.stream().filter(h -> h.extension() == extension).mapToInt(HeaderExtensionConfig::id).findFirst();
    }

    public ParticipantConfig withId(String value) {
        return new ParticipantConfig(value, port, remote, send, receive, subscribe, producers, rtcp, rtx, headerExtensions, srtp);
    }

    public ParticipantConfig withPort(int value) {
        return new ParticipantConfig(id, value, remote, send, receive, subscribe, producers, rtcp, rtx, headerExtensions, srtp);
    }

    public ParticipantConfig withRemote(RemoteConfig value) {
        return new ParticipantConfig(id, port, value, send, receive, subscribe, producers, rtcp, rtx, headerExtensions, srtp);
    }

    public ParticipantConfig withSend(boolean value) {
        return new ParticipantConfig(id, port, remote, value, receive, subscribe, producers, rtcp, rtx, headerExtensions, srtp);
    }

    public ParticipantConfig withReceive(boolean value) {
        return new ParticipantConfig(id, port, remote, send, value, subscribe, producers, rtcp, rtx, headerExtensions, srtp);
    }

    /** Receive only from the named participants ({@code "alice"}) or producers ({@code "alice/cam"}). */
    public ParticipantConfig withSubscribe(String... entries) {
        return withSubscribe(List.of(entries));
    }

    /** Receive only from the named participants ({@code "alice"}) or producers ({@code "alice/cam"}). */
    public ParticipantConfig withSubscribe(List<String> entries) {
        return new ParticipantConfig(id, port, remote, send, receive, Optional.of(entries), producers, rtcp, rtx, headerExtensions, srtp);
    }

    /** Receive every producer of every other participant that sends (the default). */
    public ParticipantConfig withoutSubscribe() {
        return new ParticipantConfig(id, port, remote, send, receive, Optional.empty(), producers, rtcp, rtx, headerExtensions, srtp);
    }

    public ParticipantConfig withProducers(ProducerConfig... value) {
        return withProducers(List.of(value));
    }

    public ParticipantConfig withProducers(List<ProducerConfig> value) {
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, value, rtcp, rtx, headerExtensions, srtp);
    }

    /** This participant with {@code producer} appended. */
    public ParticipantConfig withProducer(ProducerConfig producer) {
        List<ProducerConfig> all = new ArrayList<>(producers);
        all.add(producer);
        return withProducers(all);
    }

    public ParticipantConfig withRtcp(RtcpFeedbackConfig value) {
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, producers, value, rtx, headerExtensions, srtp);
    }

    public ParticipantConfig withRtx(boolean value) {
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, producers, rtcp, value, headerExtensions, srtp);
    }

    public ParticipantConfig withHeaderExtensions(HeaderExtensionConfig... value) {
        return withHeaderExtensions(List.of(value));
    }

    public ParticipantConfig withHeaderExtensions(List<HeaderExtensionConfig> value) {
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, producers, rtcp, rtx, value, srtp);
    }

    /** This participant with SRTP under given keys on its transport. */
    public ParticipantConfig withSrtp(SrtpConfig value) {
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, producers, rtcp, rtx, headerExtensions,
                Optional.of(value));
    }

    /** This participant with its media in clear (the default). */
    public ParticipantConfig withoutSrtp() {
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, producers, rtcp, rtx, headerExtensions,
                Optional.empty());
    }

    /** This participant with header extension {@code extension} under {@code extensionId} appended. */
    public ParticipantConfig withHeaderExtension(int extensionId, HeaderExtension extension) {
        List<HeaderExtensionConfig> all = new ArrayList<>(headerExtensions);
        all.add(HeaderExtensionConfig.of(extensionId, extension));
        return withHeaderExtensions(all);
    }
}
