package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.rtp.AudioLevelMeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Scripted level traces through the detector with a fake clock: what the data plane's counters would hold if
 * each producer sent 50 packets/s at the given level (-dBov, 127 silence), sampled every 150 ms.
 */
class ActiveSpeakerDetectorTest {
    private static final long STEP = 150;
    private final ActiveSpeakerDetector detector = new ActiveSpeakerDetector();
    private final Map<String, long[]> counters = new HashMap<>();
    private final List<ActiveSpeakerDetector.Speaker> changes = new ArrayList<>();
    private long now = 1_000;

    @Test
    void theLoudOneTakesTheFloorAfterTheHoldNotBefore() {
        run(600, Map.of("alice", 20, "bob", 80));
        assertEquals(Optional.empty(), speaker(), "not within the hold");
        run(900, Map.of("alice", 20, "bob", 80));
        assertEquals(Optional.of("alice"), speaker());
        assertEquals(1, changes.size());
        assertEquals("alice/mic", changes.get(0).producer());
        assertTrue(changes.get(0).level() > -25 && changes.get(0).level() < -15, "level " + changes.get(0).level());
    }

    @Test
    void aSwapOfVolumesSwitchesOnceAndStays() {
        run(3000, Map.of("alice", 20, "bob", 80));
        run(5000, Map.of("alice", 80, "bob", 20));
        assertEquals(Optional.of("bob"), speaker());
        assertEquals(List.of("alice", "bob"), changes.stream().map(ActiveSpeakerDetector.Speaker::participant).toList());
    }

    @Test
    void silenceDoesNotTakeTheFloorAway() {
        run(2000, Map.of("alice", 25, "bob", 127));
        run(10_000, Map.of("alice", 127, "bob", 127));
        assertEquals(Optional.of("alice"), speaker());
        run(10_000, Map.of("alice", 127, "bob", 70)); // background noise below the speech floor
        assertEquals(Optional.of("alice"), speaker());
        assertEquals(1, changes.size());
    }

    @Test
    void aShortInterjectionDoesNotSwitch() {
        run(3000, Map.of("alice", 30, "bob", 90));
        run(450, Map.of("alice", 30, "bob", 10)); // "yes!"
        run(3000, Map.of("alice", 30, "bob", 90));
        assertEquals(Optional.of("alice"), speaker());
        assertEquals(1, changes.size());
    }

    @Test
    void aChallengerLessThanTheMarginLouderDoesNotSwitch() {
        run(3000, Map.of("alice", 30, "bob", 90));
        run(10_000, Map.of("alice", 30, "bob", 27)); // 3 dB louder: not enough
        assertEquals(Optional.of("alice"), speaker());
        run(3000, Map.of("alice", 30, "bob", 20)); // 10 dB: clearly
        assertEquals(Optional.of("bob"), speaker());
    }

    @Test
    void theSpeakerWhoLeavesGivesUpTheFloor() {
        run(3000, Map.of("alice", 20, "bob", 127));
        run(300, Map.of("bob", 127));
        assertEquals(Optional.empty(), speaker());
        run(3000, Map.of("bob", 30));
        assertEquals(Optional.of("bob"), speaker());
    }

    @Test
    void restartedCountersAreANewBaselineNotANegativeWindow() {
        run(3000, Map.of("alice", 20, "bob", 127));
        counters.put("bob", new long[2]); // bob's producer re-created: its counters start again at 0
        run(3000, Map.of("alice", 20, "bob", 127));
        assertEquals(Optional.of("alice"), speaker());
        assertEquals(1, changes.size());
    }

    /** Two voices at the same level with a few dB of jitter each: one change at most, never back and forth. */
    @Property(tries = 50)
    void equalVoicesDoNotFlap(@ForAll @IntRange(min = 10, max = 50) int level, @ForAll long seed) {
        ActiveSpeakerDetectorTest t = new ActiveSpeakerDetectorTest();
        Random random = new Random(seed);
        for (int i = 0; i < 400; i++) {
            t.run(STEP, Map.of("alice", level + random.nextInt(7) - 3, "bob", level + random.nextInt(7) - 3));
        }
        assertTrue(t.changes.size() <= 1, "changes: " + t.changes);
    }

    private Optional<String> speaker() {
        return detector.speaker("room").map(ActiveSpeakerDetector.Speaker::participant);
    }

    /** Every participant in {@code levels} sends at its level for {@code millis}; the others send nothing. */
    private void run(long millis, Map<String, Integer> levels) {
        for (long t = 0; t < millis; t += STEP) {
            now += STEP;
            for (Map.Entry<String, Integer> e : levels.entrySet()) {
                long[] c = counters.computeIfAbsent(e.getKey(), k -> new long[2]);
                int packets = (int) (STEP / 20);
                c[0] += packets * AudioLevelMeter.energy(e.getValue());
                c[1] += packets;
                detector.sample("room", e.getKey(), "mic", c[0], c[1], now);
            }
            changes.addAll(detector.decide(now));
        }
    }
}
