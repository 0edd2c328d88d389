package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.metrics.CountersFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics from a real counters file (Agrona counters, read through a view as another process would). */
class MetricsExporterTest {
    @TempDir
    Path directory;
    private CountersFile file;
    private CountersFile.View view;

    @BeforeEach
    void setUp() {
        file = CountersFile.create(directory, 64);
        view = CountersFile.open(file.path());
    }

    @AfterEach
    void tearDown() {
        view.close();
        file.close();
    }

    private void counter(String label, long value) {
        file.manager().newCounter(label, 1).set(value);
    }

    /** Series (name and labels as printed) to value, and the TYPE line of each family. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    @Test
    void countersAreCountersGaugesAreGaugesAndLabelsSurvive() {
        counter("xsfu_rx_packets_total", 10);
        counter("xsfu_drops_total{reason=\"unknown_ssrc\"}", 3);
        counter("xsfu_drops_total{reason=\"tx_ring_full\"}", 0);
        counter("xsfu_umem_frames{queue=\"0\",owner=\"free\"}", 4000);
        counter("xsfu_umem_frames{queue=\"0\",owner=\"tx\"}", 96);
        counter("xsfu_producer_rx_packets_total{room=\"r\",participant=\"alice\",producer=\"cam\",ssrc=\"1111\"}", 42);
        counter("xsfu_participant_bwe_bps{room=\"r\",participant=\"alice\"}", 1_500_000);
        counter("xsfu_bwe_anomalies_total{reason=\"remb_above_max\"}", 2);
        String text = new MetricsExporter(CounterSource.of(view)).render(List.of(), 0, 0, 0);

        assertTrue(text.contains("# TYPE xsfu_rx_packets_total counter\n"), text);
        assertTrue(text.contains("# TYPE xsfu_drops_total counter\n"), text);
        assertTrue(text.contains("# HELP xsfu_drops_total Packets not forwarded and copies not sent, by reason\n"), text);
        assertTrue(text.contains("# TYPE xsfu_umem_frames gauge\n"), text);
        assertTrue(text.contains("# TYPE xsfu_participant_bwe_bps gauge\n"), text);
        assertTrue(text.contains("# HELP xsfu_participant_bwe_bps Send-side bandwidth estimate"), text);
        assertTrue(text.contains("# TYPE xsfu_bwe_anomalies_total counter\n"), text);
        Map<String, Double> samples = samples(text);
        assertEquals(10.0, samples.get("xsfu_rx_packets_total"));
        assertEquals(3.0, samples.get("xsfu_drops_total{reason=\"unknown_ssrc\"}"));
        assertEquals(0.0, samples.get("xsfu_drops_total{reason=\"tx_ring_full\"}"));
        assertEquals(4000.0, samples.get("xsfu_umem_frames{owner=\"free\",queue=\"0\"}"));
        assertEquals(96.0, samples.get("xsfu_umem_frames{owner=\"tx\",queue=\"0\"}"));
        assertEquals(42.0, samples.get(
                "xsfu_producer_rx_packets_total{participant=\"alice\",producer=\"cam\",room=\"r\",ssrc=\"1111\"}"));
        assertEquals(1_500_000.0, samples.get("xsfu_participant_bwe_bps{participant=\"alice\",room=\"r\"}"));
        assertEquals(2.0, samples.get("xsfu_bwe_anomalies_total{reason=\"remb_above_max\"}"));
    }

    @Test
    void valuesAreReadLiveAtEachScrape() {
        var counter = file.manager().newCounter("xsfu_tx_packets_total", 1);
        MetricsExporter exporter = new MetricsExporter(CounterSource.of(view));
        counter.set(5);
        assertEquals(5.0, samples(exporter.render(List.of(), 0, 0, 0)).get("xsfu_tx_packets_total"));
        counter.set(7);
        assertEquals(7.0, samples(exporter.render(List.of(), 0, 0, 0)).get("xsfu_tx_packets_total"));
    }

    @Test
    void labelsThatAreNotSeriesAndClashingNamesAreSkippedNotFatal() {
        counter("xsfu_drops_total{reason=\"unknown_port\"}", 1);
        counter("xsfu_drops_total{reason=\"unknown_port\"}", 2); // re-allocated: the later one is current
        counter("not a metric", 5);
        counter("xsfu_bad{reason=\"unterminated}", 5);
        counter("xsfu_rooms", 99); // exported by signaling from the room model, not from the file
        counter("xsfu_drops", 4); // a gauge named like the counter family
        counter("xsfu_escaped_total{path=\"a\\\"b\"}", 6);
        String text = new MetricsExporter(CounterSource.of(view)).render(List.of(), 0, 0, 0);
        Map<String, Double> samples = samples(text);
        assertEquals(2.0, samples.get("xsfu_drops_total{reason=\"unknown_port\"}"));
        assertEquals(0.0, samples.get("xsfu_rooms"), "the room model's count, not the file's");
        assertFalse(text.contains("not a metric"));
        assertFalse(text.contains("xsfu_bad"));
        assertFalse(samples.containsKey("xsfu_drops"));
        assertEquals(6.0, samples.get("xsfu_escaped_total{path=\"a\\\"b\"}"));
    }

    @Test
    void roomGaugesComeFromTheRoomModelAndSignalingCountsItself() {
        FakeSfu sfu = new FakeSfu();
        SignalingFixture fixture = new SignalingFixture(SignalingFixture.config(), sfu, CounterSource.of(view));
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":7}");
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        bob.result("consume", "{\"producer\":\"alice/cam\"}");
        fixture.joined("s", "carol").disconnect();
        bob.error("nope", "{}", ErrorCode.UNKNOWN_METHOD);
        counter("xsfu_rx_packets_total", 1);

        String text = fixture.signaling.metricsText().join();
        assertTrue(text.contains("# TYPE xsfu_room_participants gauge\n"), text);
        Map<String, Double> samples = samples(text);
        assertEquals(2.0, samples.get("xsfu_rooms"));
        assertEquals(2.0, samples.get("xsfu_room_participants{room=\"r\"}"));
        assertEquals(1.0, samples.get("xsfu_room_participants{room=\"s\"}"));
        assertEquals(1.0, samples.get("xsfu_room_producers{room=\"r\"}"));
        assertEquals(1.0, samples.get("xsfu_room_consumers{room=\"r\"}"));
        assertEquals(0.0, samples.get("xsfu_room_consumers{room=\"s\"}"));
        assertEquals(2.0, samples.get("xsfu_signaling_connections"));
        assertEquals(2.0, samples.get("xsfu_signaling_sessions{state=\"connected\"}"));
        assertEquals(1.0, samples.get("xsfu_signaling_sessions{state=\"waiting\"}"));
        assertEquals(3.0, samples.get("xsfu_signaling_requests_total{method=\"join\"}"));
        assertEquals(1.0, samples.get("xsfu_signaling_requests_total{method=\"unknown\"}"));
        assertEquals(1.0, samples.get("xsfu_signaling_errors_total{code=\"UNKNOWN_METHOD\"}"));
        assertEquals(1.0, samples.get("xsfu_rx_packets_total"));
    }
}
