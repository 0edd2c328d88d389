package io.xsfu.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void theFullRunCoversEveryFanOutPayloadAndForwarderAndEightByEight() {
        BenchOptions o = BenchOptions.parse();
        assertFalse(o.quick());
        List<Scenario> s = o.scenarios();
        assertEquals(10, s.size());
        assertEquals(new Scenario(1, 1, 200), s.getFirst());
        assertTrue(s.contains(new Scenario(1, 64, 1200)));
        assertTrue(s.contains(new Scenario(8, 8, 200)));
        assertTrue(s.contains(new Scenario(8, 8, 1200)));
        assertEquals(List.of(ForwarderKind.values()), o.forwarders());
        assertTrue(o.pinned());
        assertEquals(2, o.retries());
    }

    @Test
    void quickIsShortAndOptionsOverrideIt() {
        BenchOptions o = BenchOptions.parse("--quick", "--fanouts", "2", "--multi", "none", "--forwarders",
                "xsfu-afxdp,xsfu-socket", "--seconds", "1.5", "--server-cpu", "-1", "--out", "/tmp/x");
        assertTrue(o.quick());
        assertEquals(List.of(new Scenario(1, 2, 200)), o.scenarios());
        assertEquals(List.of(ForwarderKind.XSFU_AFXDP, ForwarderKind.XSFU_SOCKET), o.forwarders());
        assertEquals(1.5, o.seconds());
        assertFalse(o.pinned());
        assertEquals(Path.of("/tmp/x"), o.out());
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fanouts", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--forwarders", "mediasoup"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--multi", "8"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--seconds"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--bogus", "1"));
        assertTrue(e.getMessage().contains("usage"));
        assertThrows(IllegalArgumentException.class, () -> new Scenario(1, 100, 200), "publishers + fan-out fit the port range");
    }

    @Test
    void srtpRowsAreXsfusAndNeedRoomForTheStampExtension() {
        assertTrue(ForwarderKind.ofLabel("xsfu-afxdp-srtp").srtp());
        assertEquals("socket", ForwarderKind.XSFU_SOCKET_SRTP.backend());
        assertTrue(ForwarderKind.XSFU_SOCKET_SRTP.isXsfu());
        assertFalse(ForwarderKind.XSFU_AFXDP.srtp());
        assertFalse(ForwarderKind.C_AFXDP.srtp());
        assertEquals(null, ForwarderKind.XSFU_AFXDP_SRTP.unsupported(new Scenario(1, 4, 200)));
        assertTrue(ForwarderKind.XSFU_AFXDP_SRTP.unsupported(new Scenario(1, 4, 40)).contains("SRTP"));
        assertEquals(null, ForwarderKind.XSFU_AFXDP.unsupported(new Scenario(1, 4, 40)));
        assertTrue(BenchOptions.parse("--quick").forwarders().containsAll(List.of(ForwarderKind.XSFU_AFXDP_SRTP,
                ForwarderKind.XSFU_SOCKET_SRTP)), "quick runs have the SRTP rows too");
    }

    @Test
    void sockfwdIsSkippedAboveFanOutSixteen() {
        assertEquals(null, ForwarderKind.C_SOCKET.unsupported(new Scenario(1, 16, 200)));
        assertTrue(ForwarderKind.C_SOCKET.unsupported(new Scenario(1, 64, 200)).contains("16"));
        assertEquals(null, ForwarderKind.C_AFXDP.unsupported(new Scenario(1, 64, 200)));
    }
}
