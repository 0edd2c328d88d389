package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.metrics.CountersFile;
import io.xsfu.metrics.DataplaneCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the audio producers' level counters on the control thread every {@link #INTERVAL} (never on the
 * agent: it only adds to counters), feeds the {@link ActiveSpeakerDetector}, and tells each room's connected
 * participants when its speaker changes: {@code {"event":"activeSpeaker","data":{"participant","producer",
 * "level"}}}. The current speakers are also published for readers on other threads (the layer allocator).
 */
final class ActiveSpeakers {
    /** Two to three RTP audio packets per producer (20 ms each) between samples, and a reaction within the hold. */
    static final Duration INTERVAL = Duration.ofMillis(150);

    private final Sessions sessions;
    private final CounterSource counters;
    private final ControlThread control;
    private final Clock clock;
    private final ActiveSpeakerDetector detector = new ActiveSpeakerDetector();
    /** Room → participant speaking: written on the control thread, read from any. */
    private final Map<String, String> current = new ConcurrentHashMap<>();
    private long changes;
    private ControlThread.Timer timer;

    ActiveSpeakers(Sessions sessions, CounterSource counters, ControlThread control, Clock clock) {
        this.sessions = sessions;
        this.counters = counters;
        this.control = control;
        this.clock = clock;
    }

    /** Samples from now on, unless there are no counters to read (a server without a data plane, tests). */
    void start() {
        if (counters != CounterSource.NONE) {
            timer = control.repeat(this::sample, INTERVAL);
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Reads the level counters once, decides, and sends the changes. */
    void sample() {
        long now = clock.millis();
        for (Map.Entry<List<String>, long[]> e : read(counters.counters()).entrySet()) {
            long[] v = e.getValue();
            if (v[1] > 0) { // never a level: the endpoint does not send the extension
                List<String> id = e.getKey();
                detector.sample(id.get(0), id.get(1), id.get(2), v[0], v[1], now);
            }
        }
        for (ActiveSpeakerDetector.Speaker change : detector.decide(now)) {
            changes++;
            current.put(change.room(), change.participant());
            String event = Json.event("activeSpeaker", event(change));
            for (Session session : sessions.inRoom(change.room())) {
                if (session.connection != null) {
                    session.connection.send(event);
                }
            }
        }
        current.keySet().removeIf(room -> detector.speaker(room).isEmpty());
    }

    static ObjectNode event(ActiveSpeakerDetector.Speaker speaker) {
        ObjectNode data = Json.object();
        data.put("participant", speaker.participant());
        data.put("producer", speaker.producer());
        data.put("level", Math.round(speaker.level()));
        return data;
    }

    /** (room, participant, producer id) → {energy, packets with a level}; a later allocation of a series wins. */
    private static Map<List<String>, long[]> read(List<CountersFile.Entry> entries) {
        Map<List<String>, long[]> streams = new LinkedHashMap<>();
        for (CountersFile.Entry entry : entries) {
            String label = entry.label();
            int slot = label.startsWith(DataplaneCounters.AUDIO_ENERGY + "{") ? 0
                    : label.startsWith(DataplaneCounters.AUDIO_LEVEL_PACKETS + "{") ? 1 : -1;
            if (slot < 0) {
                continue;
            }
            Series series = Series.parse(label).orElse(null);
            String room = series == null ? null : series.label("room");
            String participant = series == null ? null : series.label("participant");
            String producer = series == null ? null : series.label("producer");
            if (room != null && participant != null && producer != null) {
                streams.computeIfAbsent(List.of(room, participant, producer), k -> new long[2])[slot] = entry.value();
            }
        }
        return streams;
    }

    /** The participant speaking in {@code room}, if any. Any thread. */
    Optional<String> activeSpeaker(String room) {
        return Optional.ofNullable(current.get(room));
    }

    /** The room's speaker with its level now. Control thread. */
    Optional<ActiveSpeakerDetector.Speaker> speaker(String room) {
        return detector.speaker(room);
    }

    /** Smoothed levels in dBov by producer key. Control thread. */
    Map<String, Double> levels(String room) {
        return detector.levels(room);
    }

    List<String> rooms() {
        return detector.rooms();
    }

    /** Speaker changes since start, over all rooms. Control thread. */
    long changes() {
        return changes;
    }
}
