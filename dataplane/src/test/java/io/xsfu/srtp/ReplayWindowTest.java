package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void startsEmptyAtIndexZero() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(0, w.check(0));
        w.accept(0);
        assertEquals(SrtpDrop.REPLAYED, w.check(0));
        w.accept(1000);
        assertEquals(SrtpDrop.TOO_OLD, w.check(0));
        assertEquals(0, w.check(937));
        assertEquals(SrtpDrop.TOO_OLD, w.check(936));
    }

    /** Against a model that remembers everything: accepted iff new and fewer than 64 behind the highest. */
    @Property(tries = 1000)
    void behavesLikeTheModel(@ForAll @Size(max = 300) List<@LongRange(min = 0, max = 400) Long> indexes) {
        ReplayWindow w = new ReplayWindow();
        Set<Long> seen = new HashSet<>();
        long highest = 0;
        for (long i : indexes) {
            int expected = seen.contains(i) && highest - i < 64 ? SrtpDrop.REPLAYED
                    : highest - i >= 64 ? SrtpDrop.TOO_OLD : 0;
            assertEquals(expected, w.check(i), "index " + i + " after " + seen);
            if (expected == 0) {
                w.accept(i);
                seen.add(i);
                highest = Math.max(highest, i);
            }
        }
    }
}
