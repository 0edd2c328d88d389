package io.xsfu.bench.latency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProbeOptionsTest {
    @Test
    void parsesEveryOption() {
        ProbeOptions o = ProbeOptions.parse(new String[] {"--label", "x", "--target", "10.0.0.1:4000", "--bind", "10.0.0.2",
            "--source-port", "5000", "--first-port", "6000", "--fanout", "4", "--rates", "10,20", "--seconds", "2",
            "--warmup", "1", "--payload", "100", "--grace-ms", "50"});
        assertEquals("x", o.label());
        assertEquals(4000, o.target().getPort());
        assertEquals("10.0.0.2", o.bind().getHostAddress());
        assertEquals(5000, o.sourcePort());
        assertEquals(6000, o.firstPort());
        assertEquals(4, o.fanout());
        assertArrayEquals(new int[] {10, 20}, o.rates());
        assertEquals(2.0, o.seconds());
        assertEquals(1.0, o.warmupSeconds());
        assertEquals(100, o.payload());
        assertEquals(50, o.graceMillis());
    }

    @Test
    void refusesWhatCannotBeMeasured() {
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.parse(new String[] {"--fanout", "0"}));
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.parse(new String[] {"--payload", "20"}));
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.parse(new String[] {"--rates", "0"}));
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.parse(new String[] {"--what", "1"}));
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.parse(new String[] {"--fanout"}));
    }
}
