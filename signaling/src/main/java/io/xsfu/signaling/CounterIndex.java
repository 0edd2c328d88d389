package io.xsfu.signaling;

import io.xsfu.metrics.CountersFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of the counters, indexed by what signaling asks about: a participant's, a producer's or a
 * consumer's counter by metric name, room, participant and producer ({@code id} for a producer, the
 * {@code participant/id} key it copies for a consumer). The {@code ssrc} label is not part of the key.
 */
final class CounterIndex {
    private final Map<String, Long> values = new HashMap<>();

    private CounterIndex() {
    }

    static CounterIndex of(List<CountersFile.Entry> entries) {
        CounterIndex index = new CounterIndex();
        for (CountersFile.Entry entry : entries) {
            Series.parse(entry.label()).ifPresent(series -> {
                String room = series.label("room");
                String participant = series.label("participant");
                if (room != null && participant != null) {
                    // Later allocations win: a counter re-created for the same stream is the current one.
                    // A "layer" label (a simulcast consumer's gauges) is part of the name: one series per layer kind.
                    String layer = series.label("layer");
                    String name = layer == null ? series.name() : series.name() + "/" + layer;
                    index.values.put(key(name, room, participant, series.label("producer")), entry.value());
                }
            });
        }
        return index;
    }

    /** The counter's value, 0 when there is none (the agent allocates counters when it applies a change). */
    long value(String metric, String room, String participant, String producer) {
        return values.getOrDefault(key(metric, room, participant, producer), 0L);
    }

    /** Whether there is such a counter (gauges that exist only for some streams, like simulcast layers). */
    boolean has(String metric, String room, String participant, String producer) {
        return values.containsKey(key(metric, room, participant, producer));
    }

    private static String key(String metric, String room, String participant, String producer) {
        return metric + '\0' + room + '\0' + participant + '\0' + (producer == null ? "" : producer);
    }
}
