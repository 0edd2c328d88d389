package io.xsfu.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.rtcp.RtcpDrop;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StunDropTest {
    @Test
    void reasonsFollowTheRtcpRangeWithDistinctNames() {
        assertEquals(128, StunDrop.FIRST);
        assertTrue(RtcpDrop.END <= StunDrop.FIRST, "RTCP reasons reach " + RtcpDrop.END);
        assertEquals(StunDrop.END - StunDrop.FIRST, StunDrop.NAMES.length);
        Set<String> names = new HashSet<>(Set.of(DropReason.NAMES));
        names.addAll(Set.of(RtcpDrop.NAMES));
        for (int r = StunDrop.FIRST; r < StunDrop.END; r++) {
            assertTrue(StunDrop.name(r).matches("stun_[a-z_]+"), StunDrop.name(r));
            assertTrue(names.add(StunDrop.name(r)), "duplicate " + StunDrop.name(r));
        }
        assertThrows(IllegalArgumentException.class, () -> StunDrop.name(StunDrop.END));
        assertThrows(IllegalArgumentException.class, () -> StunDrop.name(RtcpDrop.TRUNCATED));
    }
}
