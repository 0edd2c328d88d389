package io.xsfu.signaling;

import io.xsfu.rtp.AudioLevelMeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who speaks in each room, from the audio producers' level counters sampled at intervals: a simplified form of
 * dominant speaker identification (Volfin and Cohen, as Jitsi uses it). Each sample gives a producer's mean
 * level over the interval (energy delta over packet delta); a short exponential average smooths the syllables.
 * A room's speaker changes only when another producer is above the speech floor and at least
 * {@link #MARGIN_DB} louder than the current one, without a break, for {@link #HOLD_MILLIS}: a cough or a
 * "yes" does not take the floor, two equally loud voices do not flap, and when everyone falls silent the last
 * speaker keeps it. Pure and single-threaded (the control thread); times are milliseconds of any clock.
 */
final class ActiveSpeakerDetector {
    /** Below this smoothed level a producer is not speaking (background noise, a muted microphone). */
    static final double SPEECH_FLOOR_DBOV = -60;
    /** How much louder a challenger must be: 6 dB is four times the power, well above a voice's own jitter. */
    static final double MARGIN_DB = 6;
    /** How long a challenger must stay louder: longer than a short interjection, shorter than a sentence. */
    static final long HOLD_MILLIS = 800;
    /** The smoothing's time constant: about one syllable. */
    static final long SMOOTHING_MILLIS = 300;
    private static final long NOT_QUALIFIED = Long.MIN_VALUE;

    /** A room's speaker: the producer's key ({@code participant/id}) and its smoothed level in dBov. */
    record Speaker(String room, String participant, String producer, double level) {
    }

    private final Map<String, Room> rooms = new HashMap<>();

    /** One producer's cumulative level counters (as the data plane keeps them) at {@code nowMillis}. */
    void sample(String room, String participant, String producerId, long energy, long packets, long nowMillis) {
        Room r = rooms.computeIfAbsent(room, k -> new Room());
        String key = participant + "/" + producerId;
        Source s = r.sources.get(key);
        if (s == null) {
            r.sources.put(key, new Source(participant, key, energy, packets, nowMillis));
            return;
        }
        s.seen = true;
        long dEnergy = energy - s.energy;
        long dPackets = packets - s.packets;
        long dt = nowMillis - s.time;
        s.energy = energy;
        s.packets = packets;
        s.time = nowMillis;
        if (dEnergy < 0 || dPackets < 0 || dt <= 0) {
            return; // the counters were re-created, or the clock did not move: a new baseline
        }
        double window = dPackets == 0 ? -AudioLevelMeter.SILENCE : AudioLevelMeter.dbov((double) dEnergy / dPackets);
        double alpha = 1 - Math.exp(-(double) dt / SMOOTHING_MILLIS);
        s.level += alpha * (window - s.level);
    }

    /**
     * Ends one round of samples: producers not sampled since the last round are gone (a speaker that left gives
     * up the floor), then each room decides. Returns the rooms whose speaker changed.
     */
    List<Speaker> decide(long nowMillis) {
        List<Speaker> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, Room>> it = rooms.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Room> e = it.next();
            Room r = e.getValue();
            r.sources.values().removeIf(s -> !s.seen);
            r.sources.values().forEach(s -> s.seen = false);
            if (r.speaker != null && !r.sources.containsKey(r.speaker.producer)) {
                r.speaker = null;
            }
            if (r.sources.isEmpty()) {
                it.remove();
                continue;
            }
            Source next = r.decide(nowMillis);
            if (next != null) {
                r.speaker = next;
                changes.add(new Speaker(e.getKey(), next.participant, next.producer, next.level));
            }
        }
        return changes;
    }

    /** The room's speaker now, with its current smoothed level. */
    Optional<Speaker> speaker(String room) {
        Room r = rooms.get(room);
        if (r == null || r.speaker == null) {
            return Optional.empty();
        }
        return Optional.of(new Speaker(room, r.speaker.participant, r.speaker.producer, r.speaker.level));
    }

    /** Every sampled producer's smoothed level in dBov, by producer key, in first-seen order. */
    Map<String, Double> levels(String room) {
        Room r = rooms.get(room);
        Map<String, Double> levels = new LinkedHashMap<>();
        if (r != null) {
            r.sources.forEach((key, s) -> levels.put(key, s.level));
        }
        return levels;
    }

    /** Rooms with sampled producers. */
    List<String> rooms() {
        return List.copyOf(rooms.keySet());
    }

    private static final class Room {
        final Map<String, Source> sources = new LinkedHashMap<>();
        Source speaker;

        /** The producer that takes the floor now, or null. */
        Source decide(long now) {
            Source best = null;
            for (Source s : sources.values()) {
                if (s == speaker) {
                    s.qualifiedSince = NOT_QUALIFIED;
                    continue;
                }
                boolean louder = s.level >= SPEECH_FLOOR_DBOV && (speaker == null || s.level >= speaker.level + MARGIN_DB);
                if (!louder) {
                    s.qualifiedSince = NOT_QUALIFIED;
                    continue;
                }
                if (s.qualifiedSince == NOT_QUALIFIED) {
                    s.qualifiedSince = now;
                }
                if (now - s.qualifiedSince >= HOLD_MILLIS && (best == null || s.level > best.level)) {
                    best = s;
                }
            }
            if (best != null) {
                sources.values().forEach(s -> s.qualifiedSince = NOT_QUALIFIED);
            }
            return best;
        }
    }

    private static final class Source {
        final String participant;
        final String producer;
        long energy;
        long packets;
        long time;
        double level = -AudioLevelMeter.SILENCE;
        long qualifiedSince = NOT_QUALIFIED;
        boolean seen = true;

        Source(String participant, String producer, long energy, long packets, long time) {
            this.participant = participant;
            this.producer = producer;
            this.energy = energy;
            this.packets = packets;
            this.time = time;
        }
    }
}
