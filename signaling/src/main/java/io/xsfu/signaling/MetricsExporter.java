package io.xsfu.signaling;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.sfu.SfuControl.RoomView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /metrics}: the SFU's counters file, per-room gauges from the SFU's room model, and signaling's
 * own connections, sessions, requests and errors, in the Prometheus text format. Rendering runs on the control
 * thread (it reads the room model); the request and error counters may be bumped from any thread.
 */
final class MetricsExporter {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter errors;
    /** What the gauges report, set for the duration of one render. */
    private List<RoomView> rooms = List.of();
    private int connections;
    private int connectedSessions;
    private int waitingSessions;

    MetricsExporter(CounterSource counters) {
        this(counters, null);
    }

    /** {@code speakers} null: no speaker detection, its series are not exported. */
    MetricsExporter(CounterSource counters, ActiveSpeakers speakers) {
        registry.register(new CountersCollector(counters, Set.of("xsfu_rooms", "xsfu_room_participants",
                "xsfu_room_producers", "xsfu_room_consumers", "xsfu_signaling_connections", "xsfu_signaling_sessions",
                "xsfu_signaling_requests", "xsfu_signaling_errors", "xsfu_active_speaker_changes", "xsfu_audio_level_dbov")));
        if (speakers != null) {
            CounterWithCallback.builder().name("xsfu_active_speaker_changes_total")
                    .help("Times a room's active speaker changed, over all rooms")
                    .callback(cb -> cb.call(speakers.changes())).register(registry);
            GaugeWithCallback.builder().name("xsfu_audio_level_dbov")
                    .help("Smoothed RFC 6464 audio level of a producer, dBov (0 loudest, -127 silence)")
                    .labelNames("room", "participant", "producer")
                    .callback(cb -> {
                        for (String room : speakers.rooms()) {
                            speakers.levels(room).forEach((key, level) -> {
                                int slash = key.indexOf('/');
                                cb.call(level, room, key.substring(0, slash), key.substring(slash + 1));
                            });
                        }
                    }).register(registry);
        }
        GaugeWithCallback.builder().name("xsfu_rooms").help("Rooms in the SFU")
                .callback(cb -> cb.call(rooms.size())).register(registry);
        GaugeWithCallback.builder().name("xsfu_room_participants").help("Participants of a room").labelNames("room")
                .callback(cb -> rooms.forEach(r -> cb.call(r.participants().size(), r.id()))).register(registry);
        GaugeWithCallback.builder().name("xsfu_room_producers").help("Producers in a room").labelNames("room")
                .callback(cb -> rooms.forEach(r -> cb.call(r.participants().stream()
                        .mapToInt(p -> p.producers().size()).sum(), r.id()))).register(registry);
        GaugeWithCallback.builder().name("xsfu_room_consumers").help("Consumers in a room").labelNames("room")
                .callback(cb -> rooms.forEach(r -> cb.call(r.participants().stream()
                        .map(ParticipantView::consumers).mapToInt(List::size).sum(), r.id()))).register(registry);
        GaugeWithCallback.builder().name("xsfu_signaling_connections").help("Open signaling WebSocket connections")
                .callback(cb -> cb.call(connections)).register(registry);
        GaugeWithCallback.builder().name("xsfu_signaling_sessions")
                .help("Participants joined through signaling: connected, or waiting for a reconnect").labelNames("state")
                .callback(cb -> {
                    cb.call(connectedSessions, "connected");
                    cb.call(waitingSessions, "waiting");
                }).register(registry);
        requests = Counter.builder().name("xsfu_signaling_requests_total").help("Signaling requests by method")
                .labelNames("method").register(registry);
        errors = Counter.builder().name("xsfu_signaling_errors_total").help("Signaling error responses by code")
                .labelNames("code").register(registry);
    }

    /** Counts a request; unknown methods are counted as {@code unknown} so clients cannot create series. */
    void request(String method) {
        requests.labelValues(RequestHandler.METHODS.contains(method) ? method : "unknown").inc();
    }

    void error(ErrorCode code) {
        errors.labelValues(code.name()).inc();
    }

    String render(List<RoomView> rooms, int connections, int connectedSessions, int waitingSessions) {
        this.rooms = rooms;
        this.connections = connections;
        this.connectedSessions = connectedSessions;
        this.waitingSessions = waitingSessions;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            this.rooms = List.of();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
