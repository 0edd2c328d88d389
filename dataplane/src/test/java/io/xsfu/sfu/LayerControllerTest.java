package io.xsfu.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.forward.Command;
import io.xsfu.forward.Forwarder;
import io.xsfu.layers.Layer;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.route.Consumer;
import io.xsfu.route.Producer;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtp.MediaCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control-side allocation over a real routing table and the agent's real counters (made by a real forwarder):
 * the test plays the media by moving the byte counters and the subscribers' estimates, and checks the commands.
 */
class LayerControllerTest {
    private static final Map<String, Integer> FEEDBACK = Map.of(TransportOptions.TRANSPORT_WIDE_CC, 3);
    private static final long[] LAYER_BPS = {150_000, 450_000, 1_200_000};
    private static final long AUDIO_BPS = 40_000;

    private CountersManager manager;
    private RoutingTable table;
    private final List<Command.SetLayers> commands = new ArrayList<>();
    private final List<Command.Probe> probes = new ArrayList<>();
    private final Map<String, Layer> preferences = new HashMap<>();
    private LayerController controller;
    private long now = 1_000_000_000L;
    private final Map<String, Long> bytes = new HashMap<>();

    @BeforeEach
    void setUp() {
        manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        ProducerSpec cam = ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, 100).withSimulcast(List.of(
                new ProducerSpec.Encoding("q", 100, 0, 0), new ProducerSpec.Encoding("h", 200, 0, 0),
                new ProducerSpec.Encoding("f", 300, 0, 0)));
        TransportOptions withFeedback = new TransportOptions(true, true, false, false, FEEDBACK);
        table = RoutingTable.builder(42000, 42099)
                .participant("room", "pub", 42000, null, true, false, null)
                .producer("room", "pub", cam)
                .producer("room", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 111, 48000, 400))
                .participant("room", "wide", 42001, new InetSocketAddress("10.0.0.3", 6001), false, true, null, withFeedback)
                .participant("room", "narrow", 42002, new InetSocketAddress("10.0.0.4", 6002), false, true, null, withFeedback)
                .participant("room", "plain", 42003, new InetSocketAddress("10.0.0.5", 6003), false, true, null)
                .build();
        new Forwarder(new DataplaneCounters(manager), d -> true, table); // makes every counter, as the agent does
        controller = new LayerController(() -> table, manager, c -> {
            switch (c) {
                case Command.SetLayers l -> commands.add(l);
                case Command.Probe p -> probes.add(p);
                default -> throw new AssertionError("unexpected " + c);
            }
        }, preferences::get);
    }

    private void counter(String label, long value) {
        int[] found = {-1};
        manager.forEach((id, type, key, l) -> {
            if (l.equals(label)) {
                found[0] = id;
            }
        });
        assertTrue(found[0] >= 0, "no counter " + label);
        manager.setCounterValue(found[0], value);
    }

    private void estimate(String participant, long bps) {
        counter(DataplaneCounters.PARTICIPANT_BWE + DataplaneCounters.transportLabels("room", participant), bps);
    }

    /** Media flows for {@code seconds} at the layers' rates, the controller running every 200 ms. */
    private void run(double seconds) {
        Producer[] all = table.byLocalPort(42000).producers();
        for (int i = 0; i < (int) (seconds * 5); i++) {
            now += LayerController.INTERVAL_NANOS;
            for (Producer p : all) {
                long bps = p.codec() == MediaCodec.OPUS ? AUDIO_BPS : LAYER_BPS[p.encoding()];
                String label = DataplaneCounters.PRODUCER_RX_BYTES + DataplaneCounters.producerLabels(p);
                long b = bytes.merge(label, bps / 8 / 5, Long::sum);
                counter(label, b);
            }
            controller.tick(now);
        }
    }

    /** The spatial target last commanded for the participant's camera consumer. */
    private int target(String participant) {
        int port = table.transports().stream().filter(t -> t.participantId().equals(participant)).findFirst()
                .orElseThrow().localPort();
        Consumer cam = java.util.Arrays.stream(table.byLocalPort(port).consumers())
                .filter(c -> c.producer().simulcast()).findFirst().orElseThrow();
        for (int i = commands.size() - 1; i >= 0; i--) {
            Command.SetLayers c = commands.get(i);
            if (c.localPort() == port) {
                for (int k = 0; k < c.consumerSsrcs().length; k++) {
                    if (c.consumerSsrcs()[k] == cam.ssrc()) {
                        return c.spatial()[k];
                    }
                }
            }
        }
        return -1;
    }

    @Test
    void eachSubscriberGetsWhatItsEstimateCarries() {
        estimate("wide", 5_000_000);
        estimate("narrow", 500_000);
        run(2);
        assertEquals(2, target("wide"));
        assertEquals(0, target("narrow"), "500k minus audio, with the margin for a first allocation, is below 450k");
        assertEquals(2, target("plain"), "no feedback negotiated: no estimate, its preference");
        assertEquals(LAYER_BPS[1], controller.rate(table.byLocalPort(42000).producers()[1]), 1_000);
        assertEquals(500_000 - AUDIO_BPS, controller.budget("room/narrow"), 1_000, "audio comes off the budget");
    }

    @Test
    void aDropIsFollowedAtOnceAndARiseAfterTheHold() {
        estimate("narrow", 5_000_000);
        run(2);
        assertEquals(2, target("narrow"));
        estimate("narrow", 700_000);
        run(0.2);
        assertEquals(1, target("narrow"), "down at the next round");
        estimate("narrow", 3_000_000);
        run(1);
        assertEquals(1, target("narrow"), "not up before the hold time");
        run(2);
        assertEquals(2, target("narrow"));
    }

    @Test
    void aPreferenceCapsTheConsumerWhateverTheBudget() {
        estimate("wide", 5_000_000);
        Consumer cam = java.util.Arrays.stream(table.byLocalPort(42001).consumers())
                .filter(c -> c.producer().simulcast()).findFirst().orElseThrow();
        preferences.put(cam.key(), new Layer(0, 1));
        run(1);
        assertEquals(0, target("wide"));
        Command.SetLayers last = commands.stream().filter(c -> c.localPort() == 42001).reduce((a, b) -> b).orElseThrow();
        assertEquals(1, last.temporal()[0], "the preferred temporal layer goes to the agent as it is");
    }

    @Test
    void nothingIsCommandedBeforeMediaFlowsAndUnchangedTargetsAreRepeatedOnlyNowAndThen() {
        controller.tick(now);
        assertEquals(List.of(), commands, "no encoding measured yet: the agent's default stands");
        estimate("wide", 5_000_000);
        run(3);
        long toWide = commands.stream().filter(c -> c.localPort() == 42001).count();
        assertTrue(toWide >= 2 && toWide <= 4, "once, then about once a second: " + toWide);
    }

    @Test
    void theActiveSpeakerIsServedFirst() {
        estimate("narrow", 5_000_000);
        controller.activeSpeakers(room -> Optional.of("pub"));
        run(1);
        assertEquals(2, target("narrow"));
        assertTrue(controller.allocation("room/narrow").layers().keySet().iterator().next().contains("pub/cam"));
    }

    @Test
    void aSubscriberHeldBelowWhatItWantsIsProbedNowAndThenUntilItsEstimateCarriesIt() {
        estimate("narrow", 500_000);
        estimate("wide", 5_000_000);
        run(1);
        List<Command.Probe> narrow = probes.stream().filter(p -> p.localPort() == 42002).toList();
        assertEquals(1, narrow.size(), "at once: " + probes);
        long wanted = AUDIO_BPS + LAYER_BPS[1];
        assertEquals(wanted * 1.15 * 1.3, narrow.getFirst().targetBps(), 20_000,
                "one step up (layer 1 from 0), with the margin and headroom");
        assertTrue(probes.stream().noneMatch(p -> p.localPort() == 42001), "wide is not held back");
        assertTrue(probes.stream().noneMatch(p -> p.localPort() == 42003), "plain has no estimate to raise");
        run(2);
        assertEquals(1, probes.stream().filter(p -> p.localPort() == 42002).count(), "not again before 1 s + 2 s");
        run(10);
        long count = probes.stream().filter(p -> p.localPort() == 42002).count();
        assertTrue(count >= 3 && count <= 4, "backing off to one every 5 s: " + count);
        estimate("narrow", 800_000); // a probe found room for layer 1...
        run(1.4);
        List<Command.Probe> next = probes.stream().filter(p -> p.localPort() == 42002).toList();
        assertEquals(count + 1, next.size(), "...so the next step is probed at once, not after the back-off");
        assertEquals((AUDIO_BPS + LAYER_BPS[2]) * 1.15 * 1.3, next.getLast().targetBps(), 20_000, "for layer 2");
        estimate("narrow", 3_000_000); // and that one found room for the top
        run(1);
        long after = probes.stream().filter(p -> p.localPort() == 42002).count();
        run(10);
        assertEquals(after, probes.stream().filter(p -> p.localPort() == 42002).count(), "no more probes once it carries");
        assertEquals(2, target("narrow"));
    }
}
