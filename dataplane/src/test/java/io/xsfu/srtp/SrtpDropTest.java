package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.rtcp.RtcpDrop;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SrtpDropTest {
    @Test
    void reasonsFollowTheRtcpLayersRangeWithDistinctNames() {
        assertTrue(RtcpDrop.END <= SrtpDrop.FIRST, "RTCP reasons reach " + RtcpDrop.END);
        assertEquals(112, SrtpDrop.FIRST);
        assertEquals(SrtpDrop.END - SrtpDrop.FIRST, SrtpDrop.NAMES.length);
        Set<String> names = new HashSet<>(Set.of(DropReason.NAMES));
        names.addAll(Set.of(RtcpDrop.NAMES));
        for (int r = SrtpDrop.FIRST; r < SrtpDrop.END; r++) {
            assertTrue(SrtpDrop.name(r).matches("srtp_[a-z_]+"), SrtpDrop.name(r));
            assertTrue(names.add(SrtpDrop.name(r)), "duplicate " + SrtpDrop.name(r));
        }
        assertThrows(IllegalArgumentException.class, () -> SrtpDrop.name(SrtpDrop.END));
        assertThrows(IllegalArgumentException.class, () -> SrtpDrop.name(RtcpDrop.FIRST));
    }
}
