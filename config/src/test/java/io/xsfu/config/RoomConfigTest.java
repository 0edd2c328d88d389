package io.xsfu.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomConfigTest {
    private static final RemoteConfig COMEDIA = RemoteConfig.comedia();
    private static final ParticipantConfig A = ParticipantConfig.of("a", 1, COMEDIA);
    private static final ParticipantConfig B = ParticipantConfig.of("b", 2, COMEDIA);
    private static final ParticipantConfig LISTENER = ParticipantConfig.of("listener", 3, COMEDIA).withSend(false);
    private static final ParticipantConfig PICKY = ParticipantConfig.of("picky", 4, COMEDIA).withSubscribe("b");
    private static final ParticipantConfig SPEAKER = ParticipantConfig.of("speaker", 5, COMEDIA).withReceive(false);
    private static final RoomConfig ROOM = RoomConfig.of("r", A, B, LISTENER, PICKY, SPEAKER);

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
        assertEquals(6, ROOM.withParticipant(ParticipantConfig.of("late", 6, COMEDIA)).participants().size());
    }
}
