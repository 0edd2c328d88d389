package io.xsfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.forward.ForwardDrop;
import io.xsfu.packet.DropReason;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtcpDropTest {
    @Test
    void reasonsFollowTheForwardingLayersRangeWithDistinctNames() {
        assertTrue(ForwardDrop.END <= RtcpDrop.FIRST, "forwarding reasons reach " + ForwardDrop.END);
        assertEquals(96, RtcpDrop.FIRST);
        assertEquals(RtcpDrop.END - RtcpDrop.FIRST, RtcpDrop.NAMES.length);
        Set<String> names = new HashSet<>(Set.of(DropReason.NAMES));
        for (int r = RtcpDrop.FIRST; r < RtcpDrop.END; r++) {
            assertTrue(RtcpDrop.name(r).matches("rtcp_[a-z_]+"), RtcpDrop.name(r));
            assertTrue(names.add(RtcpDrop.name(r)), "duplicate " + RtcpDrop.name(r));
        }
        assertThrows(IllegalArgumentException.class, () -> RtcpDrop.name(RtcpDrop.END));
        assertThrows(IllegalArgumentException.class, () -> RtcpDrop.name(DropReason.RTCP_TRUNCATED));
    }

    @Test
    void kindsHaveNames() {
        Set<String> names = new HashSet<>();
        for (int k = 0; k < RtcpKind.COUNT; k++) {
            assertTrue(names.add(RtcpKind.name(k)));
        }
        assertEquals("remb", RtcpKind.name(RtcpKind.REMB));
        assertThrows(IllegalArgumentException.class, () -> RtcpKind.name(RtcpKind.COUNT));
    }
}
