package io.xsfu.sfu;

import io.xsfu.forward.Command;
import io.xsfu.layers.Allocation;
import io.xsfu.layers.Layer;
import io.xsfu.layers.LayerAllocator;
import io.xsfu.layers.LayerSelector;
import io.xsfu.layers.StreamDemand;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.route.Consumer;
import io.xsfu.route.Producer;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.route.TransportOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.agrona.concurrent.status.CountersReader;

/**
 * The layer allocation, on the control side: every {@link #INTERVAL} it reads what the agent published (each
 * subscriber's bandwidth estimate, the bytes received on every encoding), measures each encoding's rate over the
 * last second, asks one {@link LayerAllocator} per subscriber which encoding each of its simulcast consumers should
 * get, and sends the agent {@link Command.SetLayers} for it. The agent only obeys: it switches at the next keyframe
 * of the target (and asks for one).
 *
 * <p>Budget: the subscriber's estimate (send-side, from its transport-wide feedback or REMB), minus what its other
 * streams (audio, single-encoding video) take; a subscriber whose transport negotiated neither transport-wide-cc nor
 * abs-send-time can give no feedback and gets what it prefers. Priority: the room's active speaker first, then the
 * rest (the allocator's order). Preference: {@code setPreferredLayers} caps a consumer. A stream the budget cannot
 * carry at all still gets its lowest encoding: the SFU does not switch video off on its own.
 *
 * <p>Only the control thread that runs {@link #tick} touches this object's state; {@link #activeSpeakers} may be
 * set from any thread.
 */
public final class LayerController {
    private static final System.Logger LOG = System.getLogger(LayerController.class.getName());
    public static final long INTERVAL_NANOS = 200_000_000L;
    /** Rates are measured over this many intervals (1 s): a keyframe's burst does not look like a new rate. */
    static final int RATE_WINDOW = 5;
    /** Targets are sent again at least this often, even unchanged: a consumer re-created by a new table starts over. */
    static final long RESEND_NANOS = 1_000_000_000L;
    /** What a subscriber without an estimate may receive. */
    static final long UNLIMITED = Long.MAX_VALUE / 4;

    private final Supplier<RoutingTable> tables;
    private final CountersReader counters;
    private final java.util.function.Consumer<Command> agent;
    private final Function<String, Layer> preferences;
    private volatile Function<String, Optional<String>> activeSpeakers = room -> Optional.empty();

    private final Map<String, RateMeter> rates = new HashMap<>();
    private final Map<String, Subscriber> subscribers = new HashMap<>();
    private long ticks;

    /** The bytes counter of one stream over the last {@link #RATE_WINDOW} ticks. */
    private static final class RateMeter {
        final long[] bytes = new long[RATE_WINDOW + 1];
        final long[] at = new long[RATE_WINDOW + 1];
        int samples;
        int next;
        long bitsPerSecond;

        void sample(long value, long nowNanos) {
            bytes[next] = value;
            at[next] = nowNanos;
            next = (next + 1) % bytes.length;
            samples = Math.min(samples + 1, bytes.length);
            if (samples < 2) {
                return;
            }
            int newest = (next + bytes.length - 1) % bytes.length;
            int oldest = samples < bytes.length ? 0 : next;
            long dt = at[newest] - at[oldest];
            long db = bytes[newest] - bytes[oldest];
            bitsPerSecond = dt <= 0 || db < 0 ? 0 : db * 8 * 1_000_000_000L / dt;
        }
    }

    /**
     * Probing: the estimate cannot rise much above what is sent (GCC's rule: an unused rate is no evidence), so a
     * subscriber held below what it wants is probed: for {@link #PROBE_NANOS} the agent pads its transport up to
     * what one step up needs (each stream at its next encoding, with the allocator's margin and some headroom), and
     * the estimator takes what arrives without queueing as the new estimate. One step at a time, so that a link
     * that really is narrow sees a small burst (measured: probing straight for the top layer on a 500 kbit/s link
     * cost 2.5 % loss); a probe that found room is followed at once by the next step. While still held, again every
     * {@link #PROBE_FIRST_NANOS}, doubling to {@link #PROBE_MAX_NANOS}: a link that widens is found within seconds.
     */
    static final long PROBE_NANOS = 1_000_000_000L;
    static final long PROBE_FIRST_NANOS = 2_000_000_000L;
    static final long PROBE_MAX_NANOS = 4_000_000_000L;
    static final double PROBE_HEADROOM = 1.3;
    /** A probe after which the estimate is this much higher found room: the next step is probed at once. */
    static final double PROBE_SUCCESS = 1.2;

    /** One subscriber transport's allocator and what was last sent to the agent for it. */
    private static final class Subscriber {
        final LayerAllocator allocator = new LayerAllocator();
        long nextProbe = Long.MIN_VALUE;
        long probeEnd = Long.MIN_VALUE;
        long probedFrom;
        long probeBackoff = PROBE_FIRST_NANOS;
        long probes;
        Map<Integer, Long> sent = Map.of();
        long sentAt = Long.MIN_VALUE;
        Allocation last;
        long budget;
    }

    /**
     * @param tables      the routing table now (immutable snapshots)
     * @param counters    the agent's counters (read only)
     * @param agent       the agent's command queue
     * @param preferences a consumer's preferred layers by {@code Consumer.key()}, or null
     */
    public LayerController(Supplier<RoutingTable> tables, CountersReader counters,
                           java.util.function.Consumer<Command> agent, Function<String, Layer> preferences) {
        this.tables = tables;
        this.counters = counters;
        this.agent = agent;
        this.preferences = preferences;
    }

    /** Who speaks in a room (participant id), for priority; from signaling's speaker detection. */
    public void activeSpeakers(Function<String, Optional<String>> speakers) {
        this.activeSpeakers = speakers;
    }

    /** One round: measure, allocate, command. Never throws (a bad round is logged and the next one tries again). */
    public void tick(long nowNanos) {
        try {
            allocate(nowNanos);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "layer allocation round failed (the next one retries)", e);
        }
    }

    /** The last allocation for a subscriber transport ("room/participant"), or null: for views and tests. */
    public Allocation allocation(String transportKey) {
        Subscriber s = subscribers.get(transportKey);
        return s == null ? null : s.last;
    }

    /** The budget the last allocation for a subscriber had, bits per second ({@link #UNLIMITED}: no estimate). */
    public long budget(String transportKey) {
        Subscriber s = subscribers.get(transportKey);
        return s == null ? 0 : s.budget;
    }

    /** The measured rate of one stream (a producer's encoding), bits per second, 0 before two samples. */
    public long rate(Producer p) {
        RateMeter m = rates.get(DataplaneCounters.producerLabels(p));
        return m == null ? 0 : m.bitsPerSecond;
    }

    private void allocate(long nowNanos) {
        ticks++;
        RoutingTable table = tables.get();
        Map<String, Long> values = read();
        Set<String> producers = new HashSet<>();
        for (Transport t : table.transports()) {
            for (Producer p : t.producers()) {
                String label = DataplaneCounters.producerLabels(p);
                producers.add(label);
                Long bytes = values.get(DataplaneCounters.PRODUCER_RX_BYTES + label);
                if (bytes != null) {
                    rates.computeIfAbsent(label, k -> new RateMeter()).sample(bytes, nowNanos);
                }
            }
        }
        rates.keySet().retainAll(producers);

        Set<String> present = new HashSet<>();
        for (Transport t : table.transports()) {
            // Identity only (immutable): the consumers' agent-owned state is not read here.
            if (!t.receives() || java.util.Arrays.stream(t.consumers()).noneMatch(c -> c.producer().simulcast())) {
                continue;
            }
            present.add(t.key());
            Subscriber s = subscribers.computeIfAbsent(t.key(), k -> new Subscriber());
            allocate(t, s, values, nowNanos);
        }
        subscribers.keySet().retainAll(present);
    }

    private void allocate(Transport t, Subscriber s, Map<String, Long> values, long nowNanos) {
        long budget = UNLIMITED;
        if (estimated(t.options())) {
            Long gauge = values.get(DataplaneCounters.PARTICIPANT_BWE
                    + DataplaneCounters.transportLabels(t.roomId(), t.participantId()));
            if (gauge != null && gauge > 0) {
                budget = gauge;
            }
        }
        long estimate = budget;
        long others = 0;
        long wanted = 0;
        String speaker = activeSpeakers.apply(t.roomId()).orElse(null);
        List<StreamDemand> demands = new ArrayList<>();
        List<Consumer> layered = new ArrayList<>();
        for (Consumer c : t.consumers()) {
            if (c.requestedPaused()) {
                continue;
            }
            if (!c.producer().simulcast()) {
                others += rate(c.producer());
                continue;
            }
            Producer[] encodings = c.producer().encodings();
            long[][] bitrates = new long[encodings.length][];
            boolean measured = false;
            for (int e = 0; e < encodings.length; e++) {
                bitrates[e] = new long[] {rate(encodings[e])};
                measured |= bitrates[e][0] > 0;
            }
            if (!measured) {
                // Nothing flows yet: the agent's default (the best it can get) stands, and the allocator's first
                // placement waits for rates (a stream it has seen starts its upgrade hold).
                continue;
            }
            Layer preferred = preferences.apply(c.key());
            int maxSpatial = preferred == null ? encodings.length - 1 : Math.min(preferred.spatial(), encodings.length - 1);
            boolean speaking = c.producer().transport().participantId().equals(speaker);
            demands.add(new StreamDemand(c.key(), speaking, 0, new Layer(maxSpatial, 0), bitrates));
            layered.add(c);
        }
        if (budget != UNLIMITED) {
            budget -= others;
        }
        s.budget = budget;
        Allocation allocation = s.allocator.allocate(Math.max(0, budget), demands, nowNanos);
        s.last = allocation;
        if (estimate != UNLIMITED) {
            // What one step up would take: each stream at the encoding just above the best the estimate already
            // covers (up to its preference; a stream at its best wants no more).
            double margin = 1 + LayerAllocator.DEFAULT_UPGRADE_MARGIN;
            for (StreamDemand d : demands) {
                long[][] rates = d.bitrates();
                int top = d.preferredMax().spatial();
                int fits = -1;
                for (int e = 0; e <= top; e++) {
                    if (rates[e][0] > 0 && rates[e][0] * margin <= budget) {
                        fits = e;
                    }
                }
                long step = fits < 0 ? 0 : rates[fits][0];
                for (int e = fits + 1; e <= top; e++) {
                    if (rates[e][0] > 0) {
                        step = rates[e][0];
                        break;
                    }
                }
                wanted += step;
            }
            probe(t, s, estimate, others + wanted, nowNanos);
        }
        int n = layered.size();
        int[] ssrcs = new int[n];
        int[] spatial = new int[n];
        int[] temporal = new int[n];
        Map<Integer, Long> targets = new HashMap<>();
        int count = 0;
        for (Consumer c : layered) {
            Layer layer = allocation.layer(c.key());
            Layer preferred = preferences.apply(c.key());
            ssrcs[count] = c.ssrc();
            spatial[count] = layer.none() ? 0 : layer.spatial();
            temporal[count] = preferred == null ? LayerSelector.MAX_TEMPORAL : preferred.temporal();
            targets.put(c.ssrc(), ((long) spatial[count] << 8) | temporal[count]);
            count++;
        }
        if (count == 0) {
            return;
        }
        if (targets.equals(s.sent) && nowNanos - s.sentAt < RESEND_NANOS) {
            return;
        }
        if (!targets.equals(s.sent)) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: budget {1} bit/s, layers {2}", t.key(),
                    budget == UNLIMITED ? "unlimited" : Long.toString(budget), allocation.layers());
        }
        s.sent = targets;
        s.sentAt = nowNanos;
        agent.accept(new Command.SetLayers(t.localPort(), java.util.Arrays.copyOf(ssrcs, count),
                java.util.Arrays.copyOf(spatial, count), java.util.Arrays.copyOf(temporal, count)));
    }

    /** Asks the agent to probe the subscriber's link when its estimate holds it below what it wants (see above). */
    private void probe(Transport t, Subscriber s, long estimate, long wanted, long nowNanos) {
        double needed = wanted * (1 + LayerAllocator.DEFAULT_UPGRADE_MARGIN);
        if (s.probeEnd != Long.MIN_VALUE && nowNanos - s.probeEnd >= 0) {
            if (estimate > s.probedFrom * PROBE_SUCCESS) {
                // It found room: the next step is probed right away instead of after the back-off.
                s.probeBackoff = PROBE_FIRST_NANOS;
                s.nextProbe = nowNanos;
            }
            s.probeEnd = Long.MIN_VALUE;
        }
        if (wanted == 0 || estimate >= needed) {
            s.probeBackoff = PROBE_FIRST_NANOS; // not held back (any more): the next hold is probed at once
            s.nextProbe = Long.MIN_VALUE;
            return;
        }
        if (s.nextProbe != Long.MIN_VALUE && nowNanos - s.nextProbe < 0) {
            return;
        }
        long target = (long) (needed * PROBE_HEADROOM);
        agent.accept(new Command.Probe(t.localPort(), target, PROBE_NANOS));
        s.probes++;
        s.probedFrom = estimate;
        s.probeEnd = nowNanos + PROBE_NANOS;
        s.nextProbe = nowNanos + PROBE_NANOS + s.probeBackoff;
        s.probeBackoff = Math.min(PROBE_MAX_NANOS, s.probeBackoff * 2);
        LOG.log(System.Logger.Level.DEBUG, "{0}: estimate {1} bit/s is below the {2} its layers want: probing to {3}",
                t.key(), Long.toString(estimate), Long.toString(wanted), Long.toString(target));
    }

    /** Probes asked for a subscriber transport so far (for views and tests). */
    public long probes(String transportKey) {
        Subscriber s = subscribers.get(transportKey);
        return s == null ? 0 : s.probes;
    }

    /** Whether the subscriber can tell the SFU what arrives: transport-wide feedback, or REMB (needs abs-send-time). */
    static boolean estimated(TransportOptions options) {
        return options.extensions().containsKey(TransportOptions.TRANSPORT_WIDE_CC)
                || options.extensions().containsKey(TransportOptions.ABS_SEND_TIME);
    }

    /** The counters the allocation needs, by their full label. */
    private Map<String, Long> read() {
        Map<String, Long> values = new HashMap<>();
        counters.forEach((counterId, typeId, keyBuffer, label) -> {
            if (label.startsWith(DataplaneCounters.PRODUCER_RX_BYTES + "{")
                    || label.startsWith(DataplaneCounters.PARTICIPANT_BWE + "{")) {
                values.put(label, counters.getCounterValue(counterId));
            }
        });
        return values;
    }

    /** How many rounds ran (for views). */
    public long ticks() {
        return ticks;
    }
}
