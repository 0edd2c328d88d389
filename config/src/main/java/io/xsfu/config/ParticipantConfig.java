package io.xsfu.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A participant: one plain RTP transport with RTCP multiplexed on the same port, like mediasoup's
 * PlainTransport with rtcpMux. The participant sends to {@code port} on the SFU, and the SFU sends
 * to the participant from that same port.
 *
 * @param id        unique within its room
 * @param port      the SFU-side UDP port, inside the media port range and used by no other participant
 * @param send      whether the participant's streams are forwarded to others
 * @param receive   whether the participant gets copies of others' streams
 * @param subscribe the participants it receives from; empty means every other participant that sends
 */
public record ParticipantConfig(String id, int port, RemoteConfig remote, boolean send, boolean receive,
                                Optional<List<String>> subscribe) {

    public ParticipantConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(remote, "remote");
        subscribe = Objects.requireNonNull(subscribe, "subscribe").map(List::copyOf);
    }

    /** A participant that sends and receives from every other sender. */
    public static ParticipantConfig of(String id, int port, RemoteConfig remote) {
        return new ParticipantConfig(id, port, remote, true, true, Optional.empty());
    }

    /** Whether this participant gets {@code sender}'s streams (which must be in the same room). */
    public boolean receivesFrom(ParticipantConfig sender) {
        if (!receive || !sender.send || sender.id.equals(id)) {
            return false;
        }
        return subscribe.map(ids -> ids.contains(sender.id)).orElse(true);
    }

    public ParticipantConfig withId(String value) {
        return new ParticipantConfig(value, port, remote, send, receive, subscribe);
    }

    public ParticipantConfig withPort(int value) {
        return new ParticipantConfig(id, value, remote, send, receive, subscribe);
    }

    public ParticipantConfig withRemote(RemoteConfig value) {
        return new ParticipantConfig(id, port, value, send, receive, subscribe);
    }

    public ParticipantConfig withSend(boolean value) {
        return new ParticipantConfig(id, port, remote, value, receive, subscribe);
    }

    public ParticipantConfig withReceive(boolean value) {
        return new ParticipantConfig(id, port, remote, send, value, subscribe);
    }

    /** Receive only from the named participants. */
    public ParticipantConfig withSubscribe(String... participantIds) {
        return withSubscribe(List.of(participantIds));
    }

    /** Receive only from the named participants. */
    public ParticipantConfig withSubscribe(List<String> participantIds) {
        return new ParticipantConfig(id, port, remote, send, receive, Optional.of(participantIds));
    }

    /** Receive from every other participant that sends (the default). */
    public ParticipantConfig withoutSubscribe() {
        return new ParticipantConfig(id, port, remote, send, receive, Optional.empty());
    }
}
