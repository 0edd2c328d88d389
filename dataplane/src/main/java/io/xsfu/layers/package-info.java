/**
 * Simulcast and temporal layer selection for one consumer, driven packet by packet by the forwarding agent.
 *
 * <p>Flow per received packet of a simulcast producer, for each of its consumers: the agent fills a reused
 * {@link io.xsfu.layers.LayerPacket} (encoding index from the SSRC/RID, RTP fields, and the VP8 descriptor's
 * temporal id, layer sync, picture id, TL0PICIDX), calls {@link io.xsfu.layers.SimulcastStream#process}, and
 * either drops the copy (a {@link io.xsfu.layers.LayerDrop} reason) or sends it with the rewritten sequence
 * number, timestamp, picture id and TL0PICIDX. {@link io.xsfu.layers.LayerSelector} makes the per-frame
 * decisions (which encoding, which temporal layers, when to ask for a keyframe) towards a target the allocator
 * sets from outside; {@link io.xsfu.layers.EncodingClocks} relates the encodings' RTP clocks from their sender
 * reports so that switches keep the timeline exact.
 *
 * <p>Invariants the subscriber can rely on: a new encoding starts only at the first packet of one of its
 * keyframes; frames are forwarded whole or not at all (except the frame a switch interrupts, which a keyframe
 * follows); no forwarded frame references one this consumer dropped; sequence numbers, picture ids and TL0PICIDX
 * have gaps only where the source had them; timestamps never go back. Single-threaded, allocation free.
 *
 * <p>Control side: which layers each subscriber receives: {@link io.xsfu.layers.LayerAllocator} spreads a subscriber's
 * bandwidth estimate ({@code io.xsfu.bwe}) over the streams it consumes ({@link io.xsfu.layers.StreamDemand}:
 * measured layer rates, priority, preferred layer), lowest layers first, upgrades in priority order, with
 * hysteresis. It runs on the control side; the forwarding agent receives the resulting
 * {@link io.xsfu.layers.Allocation} as a decision and only obeys it (switching at the next keyframe or
 * temporal switch point is the agent's part).
 */
package io.xsfu.layers;
