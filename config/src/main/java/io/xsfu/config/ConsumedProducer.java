package io.xsfu.config;

import java.util.Objects;

/**
 * A producer as one receiving participant gets it: what the SFU makes a consumer of (mediasoup's
 * {@code transport.consume()}), resolved from {@code send}, {@code receive} and {@code subscribe}.
 *
 * @param sender   the participant that sends it
 * @param producer one of {@code sender}'s producers
 */
public record ConsumedProducer(ParticipantConfig sender, ProducerConfig producer) {
    public ConsumedProducer {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(producer, "producer");
    }

    /** The {@code subscribe} entry that names exactly this producer, {@code "alice/cam"}. */
    public Subscription subscription() {
        return Subscription.of(sender.id(), producer.id());
    }
}
