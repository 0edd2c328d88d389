/**
 * Which layers each subscriber receives: {@link io.xsfu.layers.LayerAllocator} spreads a subscriber's
 * bandwidth estimate ({@code io.xsfu.bwe}) over the streams it consumes ({@link io.xsfu.layers.StreamDemand}:
 * measured layer rates, priority, preferred layer), lowest layers first, upgrades in priority order, with
 * hysteresis. It runs on the control side; the forwarding agent receives the resulting
 * {@link io.xsfu.layers.Allocation} as a decision and only obeys it (switching at the next keyframe or
 * temporal switch point is the agent's part).
 */
package io.xsfu.layers;
