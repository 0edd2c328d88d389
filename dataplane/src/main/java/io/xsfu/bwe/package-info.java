/**
 * Send-side bandwidth estimation per subscriber transport, in the style of Google congestion control
 * (draft-ietf-rmcat-gcc-02, WebRTC's goog_cc), from transport-wide congestion control feedback, with REMB as
 * the fallback for receivers that send only that.
 *
 * <p>The path of one feedback:
 * <pre>
 * agent sends a copy ─▶ SendHistory.sent(twcc seq, now, bytes)
 * TWCC feedback ─▶ TransportFeedback (io.xsfu.rtcp) ─▶ FeedbackReader ─▶ PacketResults
 *   ─▶ BandwidthEstimator: DelayBasedEstimator (InterArrival ─▶ TrendlineEstimator ─▶ AimdRateControl,
 *                          AckedBitrate, LinkCapacity) and LossBasedEstimator ─▶ estimate = min of both
 * REMB ─▶ BandwidthEstimator.onRemb (followed while no transport-wide feedback is fresh)
 * </pre>
 * Everything takes time as an argument (nanoseconds of the SFU's monotonic clock; arrival times are the
 * receiver's clock, of which only differences are used), so traces replay deterministically in tests. The
 * estimate never leaves the configured {@link io.xsfu.bwe.BweConfig} bounds; input that cannot be right
 * (unknown or duplicate sequence numbers, arrival clocks that jump, absurd REMB) is counted as a
 * {@link io.xsfu.bwe.BweAnomaly} and ignored or clamped. {@link io.xsfu.bwe.SendHistory#sent} is per packet
 * and the feedback path is per feedback; both are allocation free, so the agent may run them inline.
 *
 * <p>What to do with the estimate (which layers each subscriber gets) is {@code io.xsfu.layers}' job.
 */
package io.xsfu.bwe;
