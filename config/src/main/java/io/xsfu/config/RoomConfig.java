package io.xsfu.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A static room: media flows only between its participants.
 *
 * @param id unique among rooms
 */
public record RoomConfig(String id, List<ParticipantConfig> participants) {

    public RoomConfig {
        Objects.requireNonNull(id, "id");
        participants = List.copyOf(participants);
    }

    public static RoomConfig of(String id, ParticipantConfig... participants) {
        return new RoomConfig(id, List.of(participants));
    }

    public Optional<ParticipantConfig> participant(String participantId) {
        return participants.stream().filter(p -> p.id().equals(participantId)).findFirst();
    }

    /** The participants any of whose producers {@code receiver} gets, in room order. */
    public List<ParticipantConfig> sendersTo(ParticipantConfig receiver) {
        return participants.stream().filter(receiver::receivesFrom).toList();
    }

    /** The producers {@code receiver} gets, in room order and, per sender, in the sender's order. */
    public List<ConsumedProducer> consumedProducers(ParticipantConfig receiver) {
        List<ConsumedProducer> consumed = new ArrayList<>();
        for (ParticipantConfig sender : participants) {
            for (ProducerConfig producer : sender.producers()) {
                if (receiver.consumes(sender, producer)) {
                    consumed.add(new ConsumedProducer(sender, producer));
                }
            }
        }
        return List.copyOf(consumed);
    }

    /** The participants that get {@code producer} of {@code sender}, in room order: its consumers. */
    public List<ParticipantConfig> consumersOf(ParticipantConfig sender, ProducerConfig producer) {
        return participants.stream().filter(p -> p.consumes(sender, producer)).toList();
    }

    public RoomConfig withId(String value) {
        return new RoomConfig(value, participants);
    }

    public RoomConfig withParticipants(List<ParticipantConfig> value) {
        return new RoomConfig(id, value);
    }

    /** This room with {@code participant} appended. */
    public RoomConfig withParticipant(ParticipantConfig participant) {
        List<ParticipantConfig> all = new ArrayList<>(participants);
        all.add(participant);
        return new RoomConfig(id, all);
    }
}
