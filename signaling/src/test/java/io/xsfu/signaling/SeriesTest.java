package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void readsNamesAndLabels() {
        assertEquals(Optional.of(new Series("xsfu_rx_packets_total", Map.of())), Series.parse("xsfu_rx_packets_total"));
        Series s = Series.parse("xsfu_producer_rx_packets_total{room=\"r\",participant=\"alice\",producer=\"cam\","
                + "ssrc=\"1111\"}").orElseThrow();
        assertEquals("xsfu_producer_rx_packets_total", s.name());
        assertEquals(Map.of("room", "r", "participant", "alice", "producer", "cam", "ssrc", "1111"), s.labels());
        assertEquals("a\"b\\c\nd}", Series.parse("x{v=\"a\\\"b\\\\c\\nd}\"}").orElseThrow().label("v"));
        assertEquals(Map.of(), Series.parse("x{}").orElseThrow().labels());
    }

    @Test
    void anythingElseIsNotASeries() {
        for (String bad : new String[]{"", "1abc", "a b", "x{", "x{a}", "x{a=\"b\"", "x{a=\"b\"c}", "x{a=b}",
                "x{a=\"1\",a=\"2\"}", "x{=\"1\"}", "x}", "x{a=\"b\"}y", "x{1a=\"b\"}"}) {
            assertTrue(Series.parse(bad).isEmpty(), bad);
        }
    }
}
