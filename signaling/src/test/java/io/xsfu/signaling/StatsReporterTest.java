package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xsfu.metrics.CountersFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic stats event, read from a real counters file as the data plane writes it. */
class StatsReporterTest {
    @TempDir
    Path directory;
    private CountersFile file;
    private CountersFile.View view;
    private SignalingFixture fixture;

    @BeforeEach
    void setUp() {
        file = CountersFile.create(directory, 64);
        view = CountersFile.open(file.path());
        fixture = new SignalingFixture(SignalingFixture.config().withStatsIntervalSeconds(2), new FakeSfu(),
                CounterSource.of(view));
    }

    @AfterEach
    void tearDown() {
        view.close();
        file.close();
    }

    private AtomicCounter counter(String label, long value) {
        AtomicCounter counter = file.manager().newCounter(label, 3);
        counter.set(value);
        return counter;
    }

    @Test
    void eachParticipantGetsItsOwnStreamsCounts() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,\"ssrc\":1111}");
        var bob = fixture.joined("r", "bob");
        bob.result("createTransport", "{}");
        JsonNode consumer = bob.result("consume", "{\"producer\":\"alice/cam\"}");
        counter("xsfu_producer_rx_packets_total{room=\"r\",participant=\"alice\",producer=\"cam\",ssrc=\"1111\"}", 500);
        counter("xsfu_producer_rx_bytes_total{room=\"r\",participant=\"alice\",producer=\"cam\",ssrc=\"1111\"}", 600_000);
        AtomicCounter sent = counter("xsfu_consumer_tx_packets_total{room=\"r\",participant=\"bob\",producer=\"alice/cam\","
                + "ssrc=\"" + consumer.get("ssrc").asLong() + "\"}", 480);
        counter("xsfu_consumer_tx_bytes_total{room=\"r\",participant=\"bob\",producer=\"alice/cam\","
                + "ssrc=\"" + consumer.get("ssrc").asLong() + "\"}", 570_000);
        // Another room's participant of the same name must not be counted as ours.
        counter("xsfu_producer_rx_packets_total{room=\"s\",participant=\"alice\",producer=\"cam\",ssrc=\"9\"}", 999);
        alice.messages();
        bob.messages();

        fixture.control.advance(Duration.ofSeconds(2));
        JsonNode aliceStats = alice.events("stats").getFirst();
        assertEquals(1, aliceStats.get("producers").size());
        JsonNode producer = aliceStats.get("producers").get(0);
        assertEquals("cam", producer.get("id").asText());
        assertEquals("alice/cam", producer.get("key").asText());
        assertEquals(500, producer.get("packets").asLong());
        assertEquals(600_000, producer.get("bytes").asLong());
        assertEquals(0, aliceStats.get("consumers").size());
        assertTrue(aliceStats.get("time").asLong() > 0);

        JsonNode bobStats = bob.events("stats").getFirst();
        assertEquals(0, bobStats.get("producers").size());
        JsonNode consumed = bobStats.get("consumers").get(0);
        assertEquals(consumer.get("id"), consumed.get("id"));
        assertEquals("alice/cam", consumed.get("producer").asText());
        assertEquals(480, consumed.get("packets").asLong());
        assertEquals(570_000, consumed.get("bytes").asLong());

        sent.set(960);
        fixture.control.advance(Duration.ofSeconds(2));
        assertEquals(960, bob.events("stats").getFirst().get("consumers").get(0).get("packets").asLong());
        assertEquals(List.of(), alice.messages().stream().filter(m -> !m.has("event")).toList());
    }

    @Test
    void countersNotYetAllocatedReadAsZeroAndDisconnectedParticipantsGetNothing() {
        var alice = fixture.joined("r", "alice");
        alice.result("createTransport", "{}");
        alice.result("produce", "{\"id\":\"mic\",\"kind\":\"audio\",\"codec\":\"opus\",\"payloadType\":111,\"ssrc\":5}");
        var bob = fixture.joined("r", "bob");
        bob.disconnect();
        fixture.control.advance(Duration.ofSeconds(2));
        assertEquals(0, alice.events("stats").getFirst().get("producers").get(0).get("packets").asLong());
        assertEquals(List.of(), bob.events("stats"));
    }
}
