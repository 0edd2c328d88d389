package io.xsfu.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomConfigTest {
    private static final RemoteConfig COMEDIA = RemoteConfig.comedia();
    private static final ProducerConfig A_CAM = ProducerConfig.video("cam", Codec.VP8, 96, 11).withRtx(97, 12);
    private static final ProducerConfig A_MIC = ProducerConfig.audio("mic", Codec.OPUS, 111, 13);
    private static final ProducerConfig B_CAM = ProducerConfig.video("cam", Codec.VP8, 96, 21);
    private static final ProducerConfig PICKY_MIC = ProducerConfig.audio("mic", Codec.OPUS, 111, 41);
    private static final ProducerConfig SPEAKER_MIC = ProducerConfig.audio("mic", Codec.OPUS, 111, 51);
    private static final ProducerConfig SPEAKER_SLIDES = ProducerConfig.video("slides", Codec.H264, 102, 52).withRtx(103, 53);
    private static final ParticipantConfig A = ParticipantConfig.of("a", 1, COMEDIA).withProducers(A_CAM, A_MIC);
    private static final ParticipantConfig B = ParticipantConfig.of("b", 2, COMEDIA).withProducers(B_CAM);
    private static final ParticipantConfig LISTENER = ParticipantConfig.of("listener", 3, COMEDIA).withSend(false).withRtx(true);
    private static final ParticipantConfig PICKY = ParticipantConfig.of("picky", 4, COMEDIA).withSubscribe("b").withProducers(PICKY_MIC);
    private static final ParticipantConfig SPEAKER = ParticipantConfig.of("speaker", 5, COMEDIA).withReceive(false)
            .withProducers(SPEAKER_MIC, SPEAKER_SLIDES);
    private static final ParticipantConfig AUDIENCE = ParticipantConfig.of("audience", 6, COMEDIA).withSend(false)
            .withSubscribe("speaker/mic", "a/cam", "b");
    private static final RoomConfig ROOM = RoomConfig.of("r", A, B, LISTENER, PICKY, SPEAKER, AUDIENCE);

    @Test
    void theRoomIsValid() {
        assertEquals(List.of(), XsfuConfig.of(MediaConfig.of("eth0", 1, 10, "10.0.0.1"), ROOM).validate());
    }

    @Test
    void byDefaultAParticipantConsumesEveryProducerOfEveryOtherSender() {
        assertEquals(List.of(new ConsumedProducer(A, A_CAM), new ConsumedProducer(A, A_MIC), new ConsumedProducer(B, B_CAM),
                        new ConsumedProducer(PICKY, PICKY_MIC), new ConsumedProducer(SPEAKER, SPEAKER_MIC), new ConsumedProducer(SPEAKER, SPEAKER_SLIDES)),
                ROOM.consumedProducers(LISTENER));
        assertEquals(List.of(B_CAM, PICKY_MIC, SPEAKER_MIC, SPEAKER_SLIDES),
                ROOM.consumedProducers(A).stream().map(ConsumedProducer::producer).toList(), "never its own");
    }

    @Test
    void subscribeTakesWholeParticipantsOrSingleProducers() {
        assertEquals(List.of(new ConsumedProducer(A, A_CAM), new ConsumedProducer(B, B_CAM), new ConsumedProducer(SPEAKER, SPEAKER_MIC)),
                ROOM.consumedProducers(AUDIENCE));
        assertEquals(List.of(A, B, SPEAKER), ROOM.sendersTo(AUDIENCE), "a sender counts if any of its producers is taken");
        assertTrue(AUDIENCE.consumes(A, A_CAM));
        assertFalse(AUDIENCE.consumes(A, A_MIC));
        assertFalse(AUDIENCE.consumes(A, B_CAM), "not a producer of a");
        assertEquals(List.of(new ConsumedProducer(B, B_CAM)), ROOM.consumedProducers(PICKY));
        assertEquals(List.of(), ROOM.consumedProducers(SPEAKER), "receive is false");
    }

    @Test
    void consumersOfAProducerAreItsSubscribersInRoomOrder() {
        assertEquals(List.of(B, LISTENER, AUDIENCE), ROOM.consumersOf(A, A_CAM), "picky takes only b");
        assertEquals(List.of(B, LISTENER), ROOM.consumersOf(A, A_MIC));
        assertEquals(List.of(A, B, LISTENER), ROOM.consumersOf(SPEAKER, SPEAKER_SLIDES));
        assertEquals(List.of(), ROOM.consumersOf(LISTENER, A_CAM), "a participant that does not send has no consumers");
        for (ParticipantConfig receiver : ROOM.participants()) {
            for (ConsumedProducer consumed : ROOM.consumedProducers(receiver)) {
                assertTrue(ROOM.consumersOf(consumed.sender(), consumed.producer()).contains(receiver));
            }
        }
    }

    @Test
    void retransmissionsAreRtxOnlyWhenBothSidesHaveIt() {
        assertEquals(A_CAM.rtx(), LISTENER.rtxFor(A_CAM));
        assertEquals(Optional.empty(), LISTENER.rtxFor(B_CAM), "the producer has no RTX: plain retransmission");
        assertEquals(Optional.empty(), AUDIENCE.rtxFor(A_CAM), "the consumer takes no RTX: plain retransmission");
    }

    @Test
    void producersAreFoundByIdAndSsrc() {
        assertEquals(Optional.of(A_MIC), A.producer("mic"));
        assertEquals(Optional.empty(), A.producer("screen"));
        assertEquals(Optional.of(A_CAM), A.producerBySsrc(12), "the RTX SSRC belongs to its producer");
        assertEquals(Optional.of(A_MIC), A.producerBySsrc(13));
        assertEquals(Optional.empty(), A.producerBySsrc(21));
        assertEquals(Subscription.of("a", "cam"), new ConsumedProducer(A, A_CAM).subscription());
    }

    @Test
    void headerExtensionIdsAreLookedUpByExtension() {
        ParticipantConfig p = A.withHeaderExtension(3, HeaderExtension.ABS_SEND_TIME).withHeaderExtension(200, HeaderExtension.MID);
        assertEquals(OptionalInt.of(3), p.headerExtensionId(HeaderExtension.ABS_SEND_TIME));
        assertEquals(OptionalInt.empty(), p.headerExtensionId(HeaderExtension.TRANSPORT_WIDE_CC));
        assertTrue(p.headerExtensions().get(1).needsTwoByteHeader());
        assertFalse(p.headerExtensions().get(0).needsTwoByteHeader());
        assertEquals(HeaderExtension.MID.uri(), p.headerExtensions().get(1).uri());
    }

    @Test
    void subscriptionsParseAtTheFirstSlash() {
        assertEquals(Subscription.of("alice"), Subscription.parse("alice"));
        assertEquals(Subscription.of("alice", "cam"), Subscription.parse("alice/cam"));
        assertEquals(Subscription.of("alice", "cam/1"), Subscription.parse("alice/cam/1"));
        assertEquals(Subscription.of("alice", ""), Subscription.parse("alice/"));
        assertEquals("alice/cam", Subscription.of("alice", "cam").toString());
        assertEquals("alice", Subscription.of("alice").toString());
        assertTrue(Subscription.of("alice").covers("alice", "anything"));
        assertFalse(Subscription.of("alice", "cam").covers("alice", "mic"));
        assertFalse(Subscription.of("alice", "cam").covers("bob", "cam"));
    }

    @Test
    void byDefaultAParticipantReceivesEveryOtherSender() {
        assertEquals(List.of(B, PICKY, SPEAKER), ROOM.sendersTo(A));
        assertEquals(List.of(A, B, PICKY, SPEAKER), ROOM.sendersTo(LISTENER));
    }

    @Test
    void subscribeNarrowsTheSenders() {
        assertEquals(List.of(B), ROOM.sendersTo(PICKY));
        assertEquals(List.of(A, B, SPEAKER), ROOM.sendersTo(PICKY.withoutSubscribe()), "everyone else who sends, never itself");
    }

    @Test
    void aParticipantThatDoesNotReceiveGetsNothing() {
        assertEquals(List.of(), ROOM.sendersTo(SPEAKER));
        assertFalse(SPEAKER.receivesFrom(A));
    }

    @Test
    void nobodyReceivesFromANonSenderOrThemselves() {
        assertFalse(A.receivesFrom(LISTENER));
        assertFalse(A.receivesFrom(A));
        assertTrue(A.receivesFrom(B));
    }

    @Test
    void participantsAreFoundById() {
        assertEquals(PICKY, ROOM.participant("picky").orElseThrow());
        assertTrue(ROOM.participant("nobody").isEmpty());
        assertEquals(7, ROOM.withParticipant(ParticipantConfig.of("late", 7, COMEDIA)).participants().size());
    }
}
