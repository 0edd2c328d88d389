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

    /** The participants whose streams {@code receiver} gets, in room order. */
    public List<ParticipantConfig> sendersTo(ParticipantConfig receiver) {
        return participants.stream().filter(receiver::receivesFrom).toList();
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
