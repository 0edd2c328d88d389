package io.xsfu.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a participant's {@code subscribe} list: a participant of the same room, meaning all
 * of its producers ({@code "alice"}), or one producer of it ({@code "alice/cam"}).
 *
 * @param participantId the sending participant
 * @param producerId    one of its producers; empty for all of them
 */
public record Subscription(String participantId, Optional<String> producerId) {
    public static final char SEPARATOR = '/';

    public Subscription {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(producerId, "producerId");
    }

    /** Every producer of {@code participantId}. */
    public static Subscription of(String participantId) {
        return new Subscription(participantId, Optional.empty());
    }

    /** One producer of {@code participantId}. */
    public static Subscription of(String participantId, String producerId) {
        return new Subscription(participantId, Optional.of(producerId));
    }

    /** The entry as written; everything after the first {@code /} is the producer id. */
    public static Subscription parse(String entry) {
        int slash = entry.indexOf(SEPARATOR);
        return slash < 0 ? of(entry) : of(entry.substring(0, slash), entry.substring(slash + 1));
    }

    /** Whether this entry takes {@code producer} of {@code sender}. */
    public boolean covers(String senderId, String producer) {
        return participantId.equals(senderId) && producerId.map(producer::equals).orElse(true);
    }

    /** The entry as written in {@code subscribe}. */
    @Override
    public String toString() {
        return producerId.map(p -> participantId + SEPARATOR + p).orElse(participantId);
    }
}
