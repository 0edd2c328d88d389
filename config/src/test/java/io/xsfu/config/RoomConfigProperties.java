package io.xsfu.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How valid rooms resolve into consumers, over configs of every shape. */
class RoomConfigProperties {

    @Provide
    Arbitrary<XsfuConfig> configs() {
        return Arbitraries.randomValue(RandomConfigs::next);
    }

    @Property(tries = 300)
    void consumedProducersAndConsumersAgree(@ForAll("configs") XsfuConfig config) {
        for (RoomConfig room : config.rooms()) {
            for (ParticipantConfig receiver : room.participants()) {
                List<ConsumedProducer> consumed = room.consumedProducers(receiver);
                Statistics.collect(receiver.subscribe().isPresent() ? "subscribe" : "everything", consumed.isEmpty() ? "none" : "some");
                for (ParticipantConfig sender : room.participants()) {
                    for (ProducerConfig producer : sender.producers()) {
                        boolean listed = consumed.contains(new ConsumedProducer(sender, producer));
                        assertEquals(listed, room.consumersOf(sender, producer).contains(receiver));
                        assertEquals(listed, receiver.consumes(sender, producer));
                    }
                }
                Set<String> senders = new HashSet<>(consumed.stream().map(c -> c.sender().id()).toList());
                assertEquals(senders, new HashSet<>(room.sendersTo(receiver).stream().map(ParticipantConfig::id).toList()),
                        "a sender is listed exactly when some producer of it is consumed");
            }
        }
    }

    @Property(tries = 300)
    void withoutSubscribeAReceiverGetsEveryProducerOfEveryOtherSender(@ForAll("configs") XsfuConfig config) {
        for (RoomConfig room : config.rooms()) {
            for (ParticipantConfig receiver : room.participants()) {
                if (receiver.subscribe().isPresent()) {
                    continue;
                }
                long expected = receiver.receive() ? room.participants().stream()
                        .filter(s -> s.send() && !s.id().equals(receiver.id())).mapToLong(s -> s.producers().size()).sum() : 0;
                assertEquals(expected, room.consumedProducers(receiver).size());
            }
        }
    }

    /** What the room rules are for: a receiver tells every stream it gets apart by SSRC, and reads each payload type one way. */
    @Property(tries = 300)
    void aReceiverCanDemultiplexWhatItGets(@ForAll("configs") XsfuConfig config) {
        for (RoomConfig room : config.rooms()) {
            for (ParticipantConfig receiver : room.participants()) {
                Set<Long> ssrcs = new HashSet<>();
                Map<Integer, String> meanings = new HashMap<>();
                for (ConsumedProducer c : room.consumedProducers(receiver)) {
                    ProducerConfig producer = c.producer();
                    assertTrue(ssrcs.add(producer.ssrc()));
                    assertEquals(producer.codec().rtpmap(), meanings.computeIfAbsent(producer.payloadType(), pt -> producer.codec().rtpmap()));
                    receiver.rtxFor(producer).ifPresent(rtx -> {
                        assertTrue(ssrcs.add(rtx.ssrc()));
                        String meaning = "rtx " + producer.payloadType();
                        assertEquals(meaning, meanings.computeIfAbsent(rtx.payloadType(), pt -> meaning));
                    });
                }
            }
        }
    }
}
