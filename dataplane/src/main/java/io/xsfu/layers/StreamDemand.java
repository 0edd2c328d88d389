package io.xsfu.layers;

import java.util.Comparator;

/**
 * One stream a subscriber consumes, as the allocator sees it: the layers the publisher currently sends with
 * their measured rates, and how much the subscriber wants it.
 *
 * @param id the consumer's identity (stable across allocations: hysteresis state is kept by it)
 * @param activeSpeaker the publisher is the active speaker: served before everything else
 * @param pixels how large the subscriber shows it (width x height); larger is served first
 * @param preferredMax the highest layer worth sending (e.g. what the viewport needs)
 * @param bitrates bits per second of each layer, {@code [spatial][temporal]}, as measured on the incoming
 *     stream; 0 or less: the layer is not being received (not sent, or stopped). Not copied: do not mutate.
 */
public record StreamDemand(String id, boolean activeSpeaker, int pixels, Layer preferredMax, long[][] bitrates) {
    /** Active speaker first, then larger on screen, then by id so that equal demands have a stable order. */
    static final Comparator<StreamDemand> PRIORITY = Comparator.comparing(StreamDemand::activeSpeaker).reversed()
            .thenComparing(Comparator.comparingInt(StreamDemand::pixels).reversed())
            .thenComparing(StreamDemand::id);

    public StreamDemand {
        if (id == null || preferredMax == null || bitrates == null) {
            throw new IllegalArgumentException("id, preferredMax and bitrates are required");
        }
    }
}
