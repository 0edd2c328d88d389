package io.xsfu.signaling;

import io.xsfu.metrics.CountersFile;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.status.CountersReader;

/**
 * The SFU's live counters, labelled Prometheus-style ({@code xsfu_drops_total{reason="unknown_ssrc"}}): read
 * for {@code /metrics}, {@code /admin/rooms} and the {@code stats} events, never written.
 */
@FunctionalInterface
public interface CounterSource {
    /** No counters (a server without a data plane, some tests). */
    CounterSource NONE = List::of;

    /** Every counter now, in allocation order. */
    List<CountersFile.Entry> counters();

    /** The counters of a counters file, in this process or another. */
    static CounterSource of(CountersFile.View view) {
        return view::entries;
    }

    /** The counters of a reader (the server's own {@code CountersManager}). */
    static CounterSource of(CountersReader reader) {
        return () -> {
            List<CountersFile.Entry> entries = new ArrayList<>();
            reader.forEach((value, id, label) -> entries.add(new CountersFile.Entry(id, label, value)));
            return entries;
        };
    }
}
