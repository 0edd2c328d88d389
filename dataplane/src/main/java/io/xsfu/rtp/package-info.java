/**
 * RTP stream state of the SFU, kept by the forwarding agent beside the routing table: per producer (one
 * incoming stream) a {@link io.xsfu.rtp.ReceiveStatistics} for its receiver reports, a
 * {@link io.xsfu.rtp.NackGenerator} that detects upstream loss, a {@link io.xsfu.rtp.RetransmissionCache}
 * that answers subscribers' NACKs and a {@link io.xsfu.rtp.KeyFrameRequestThrottle} that coalesces their
 * keyframe requests; per consumer (one outgoing copy) a {@link io.xsfu.rtp.SequenceRewriter} and a
 * {@link io.xsfu.rtp.TimestampRewriter} that make pauses, source switches and the SFU's own drops invisible.
 *
 * <p>All of it is single-threaded (the agent owns it), primitive state fixed at construction, and allocation
 * free per packet. Bad input (duplicates, stray or jumping numbers) is a return value and a counter, never an
 * exception. Sequence numbers are ints in 0..65535, RTP timestamps raw 32-bit ints compared on the ring
 * ({@link io.xsfu.rtp.Serial}), times {@code System.nanoTime()}-style longs.
 */
package io.xsfu.rtp;
