package io.xsfu.signaling;

import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.sfu.SfuControl.RoomView;
import java.util.List;
import java.util.Optional;

/** Lookups in a {@link io.xsfu.sfu.SfuControl#rooms()} snapshot. */
final class Views {
    private Views() {
    }

    static Optional<RoomView> room(List<RoomView> rooms, String room) {
        return rooms.stream().filter(r -> r.id().equals(room)).findFirst();
    }

    static Optional<ParticipantView> participant(List<RoomView> rooms, String room, String participant) {
        return room(rooms, room).flatMap(r -> r.participants().stream().filter(p -> p.id().equals(participant)).findFirst());
    }

    /** Whether the participant has a transport: the view gives its port, which is positive once allocated. */
    static boolean hasTransport(ParticipantView participant) {
        return participant.port() > 0;
    }
}
