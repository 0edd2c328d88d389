package io.xsfu.layers;

import java.util.Map;

/**
 * The layers a subscriber's streams get, by stream id in priority order, and the sum of their rates.
 * {@link Layer#NONE} for a stream that does not fit.
 */
public record Allocation(Map<String, Layer> layers, long bitsPerSecond) {
    public Layer layer(String id) {
        return layers.getOrDefault(id, Layer.NONE);
    }
}
