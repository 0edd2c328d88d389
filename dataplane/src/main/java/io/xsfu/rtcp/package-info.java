/**
 * RTCP as an SFU reads, rewrites and generates it (RFC 3550, RFC 4585, RFC 5104, REMB and transport-wide
 * congestion control drafts). RTCP arrives multiplexed on the RTP port (rtcp-mux) as compound datagrams.
 *
 * <p>Receive: {@link io.xsfu.rtcp.RtcpCompound} validates a whole compound once (framing, padding and the
 * structure of every packet kind this layer parses) and returns {@link io.xsfu.packet.DropReason#OK} or an
 * {@link io.xsfu.rtcp.RtcpDrop} reason; it then walks the packets, each classified as an
 * {@link io.xsfu.rtcp.RtcpKind}, and the caller wraps the typed flyweight for it
 * ({@link io.xsfu.rtcp.SenderReport}, {@link io.xsfu.rtcp.ReceiverReport} with
 * {@link io.xsfu.rtcp.ReportBlock}, {@link io.xsfu.rtcp.Sdes}, {@link io.xsfu.rtcp.Bye},
 * {@link io.xsfu.rtcp.Feedback} for PLI, {@link io.xsfu.rtcp.GenericNack}, {@link io.xsfu.rtcp.Fir},
 * {@link io.xsfu.rtcp.Remb}, {@link io.xsfu.rtcp.TransportFeedback}). Flyweight setters rewrite SSRCs,
 * timestamps and counts in place.
 *
 * <p>Send: {@link io.xsfu.rtcp.RtcpWriter} appends packets to a bounded region and computes lengths, counts,
 * NACK bitmasks, TWCC chunks and alignment.
 *
 * <p>As in {@code io.xsfu.packet}, every per-packet method is allocation free and bad input is a returned
 * code, never an exception; flyweight accessors trust a compound that {@code RtcpCompound} accepted. Only
 * the {@code String} accessors (SDES text, BYE reason) allocate, for the control path.
 */
package io.xsfu.rtcp;
