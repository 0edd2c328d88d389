package io.xsfu.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Distributes one subscriber's bandwidth estimate over the streams it consumes. In priority order
 * ({@link StreamDemand#PRIORITY}), every stream first gets its lowest available layer (so that as many
 * streams as possible keep flowing; those that do not fit are suspended, least important first); then each
 * stream in turn is raised as far as the rest of the budget allows, up to its preferred layer.
 *
 * <p>Hysteresis keeps layers from flapping when the estimate hovers around a layer's rate: a stream is raised
 * only once the budget would have allowed it with {@link #upgradeMargin} to spare, continuously for
 * {@link #upgradeHoldNanos}; it is lowered at once when the budget no longer covers it. A stream seen for the
 * first time starts at once at what the budget allows with the margin (there is nothing to flap from); one
 * that was suspended comes back like an upgrade.
 *
 * <p>Control side: it allocates, keeps state per stream id, and is not thread safe; one instance per
 * subscriber, called whenever its estimate, its streams or their rates change (and at least every few hundred
 * ms, so that a pending upgrade completes). The agent only applies the result.
 */
public final class LayerAllocator {
    public static final double DEFAULT_UPGRADE_MARGIN = 0.15;
    public static final long DEFAULT_UPGRADE_HOLD_NANOS = 2_000_000_000L;

    private static final class State {
        Layer current = Layer.NONE;
        long eligibleSince = Long.MIN_VALUE;
    }

    private final double upgradeMargin;
    private final long upgradeHoldNanos;
    private final Map<String, State> states = new HashMap<>();

    public LayerAllocator() {
        this(DEFAULT_UPGRADE_MARGIN, DEFAULT_UPGRADE_HOLD_NANOS);
    }

    public LayerAllocator(double upgradeMargin, long upgradeHoldNanos) {
        if (upgradeMargin < 0 || upgradeHoldNanos < 0) {
            throw new IllegalArgumentException("margin and hold must not be negative");
        }
        this.upgradeMargin = upgradeMargin;
        this.upgradeHoldNanos = upgradeHoldNanos;
    }

    /** The layers for {@code streams} within {@code budgetBps} at {@code nowNanos}; streams not listed are forgotten. */
    public Allocation allocate(long budgetBps, List<StreamDemand> streams, long nowNanos) {
        List<StreamDemand> ordered = new ArrayList<>(streams);
        ordered.sort(StreamDemand.PRIORITY);
        int n = ordered.size();
        Candidates[] candidates = new Candidates[n];
        int[] preferred = new int[n];
        for (int i = 0; i < n; i++) {
            candidates[i] = new Candidates(ordered.get(i));
            preferred[i] = candidates[i].size() - 1;
        }
        long budget = Math.max(0, budgetBps);
        int[] withMargin = fill((long) (budget / (1 + upgradeMargin)), candidates, preferred);

        int[] caps = new int[n];
        Set<String> present = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String id = ordered.get(i).id();
            present.add(id);
            State state = states.get(id);
            if (state == null) {
                state = new State();
                states.put(id, state);
                caps[i] = Math.max(0, Math.min(preferred[i], withMargin[i]));
                continue;
            }
            int current = candidates[i].indexAtOrBelow(state.current);
            if (withMargin[i] > current) {
                if (state.eligibleSince == Long.MIN_VALUE) {
                    state.eligibleSince = nowNanos;
                }
                caps[i] = nowNanos - state.eligibleSince >= upgradeHoldNanos ? withMargin[i] : current;
            } else {
                state.eligibleSince = Long.MIN_VALUE;
                caps[i] = current;
            }
        }
        states.keySet().retainAll(present);

        int[] chosen = fill(budget, candidates, caps);
        Map<String, Layer> layers = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < n; i++) {
            State state = states.get(ordered.get(i).id());
            Layer layer = chosen[i] < 0 ? Layer.NONE : candidates[i].layer(chosen[i]);
            if (layer.compareTo(state.current) != 0) {
                // Raised or lowered: the wait for the next raise starts over.
                state.eligibleSince = Long.MIN_VALUE;
            }
            state.current = layer;
            layers.put(ordered.get(i).id(), layer);
            if (chosen[i] >= 0) {
                total += candidates[i].rate(chosen[i]);
            }
        }
        return new Allocation(layers, total);
    }

    /**
     * The greedy allocation: lowest layers in priority order, then each stream as high as fits, never above
     * {@code caps[i]} (a candidate index; -1: nothing). Returns candidate indices, -1 for suspended.
     */
    static int[] fill(long budget, Candidates[] candidates, int[] caps) {
        int n = candidates.length;
        int[] chosen = new int[n];
        long remaining = budget;
        for (int i = 0; i < n; i++) {
            chosen[i] = -1;
            if (caps[i] >= 0 && candidates[i].size() > 0 && candidates[i].rate(0) <= remaining) {
                chosen[i] = 0;
                remaining -= candidates[i].rate(0);
            }
        }
        for (int i = 0; i < n; i++) {
            if (chosen[i] < 0) {
                continue;
            }
            long base = candidates[i].rate(chosen[i]);
            for (int k = Math.min(caps[i], candidates[i].size() - 1); k > chosen[i]; k--) {
                long extra = candidates[i].rate(k) - base;
                if (extra <= remaining) {
                    remaining -= extra;
                    chosen[i] = k;
                    break;
                }
            }
        }
        return chosen;
    }

    /** The layers of one stream that are received and wanted, lowest first, with their rates. */
    static final class Candidates {
        private final List<Layer> layers = new ArrayList<>();
        private final List<Long> rates = new ArrayList<>();

        Candidates(StreamDemand d) {
            Layer max = d.preferredMax();
            long[][] bitrates = d.bitrates();
            for (int s = 0; s < bitrates.length && s <= max.spatial(); s++) {
                long[] temporal = bitrates[s];
                if (temporal == null) {
                    continue;
                }
                for (int t = 0; t < temporal.length && t <= max.temporal(); t++) {
                    if (temporal[t] > 0) {
                        layers.add(new Layer(s, t));
                        rates.add(temporal[t]);
                    }
                }
            }
        }

        int size() {
            return layers.size();
        }

        Layer layer(int i) {
            return layers.get(i);
        }

        long rate(int i) {
            return rates.get(i);
        }

        /** The highest candidate not above {@code layer}; -1 for none (or a stream that had nothing). */
        int indexAtOrBelow(Layer layer) {
            int found = -1;
            for (int i = 0; i < layers.size() && layers.get(i).compareTo(layer) <= 0; i++) {
                found = i;
            }
            return layer.none() ? -1 : found;
        }
    }
}
