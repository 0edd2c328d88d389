/**
 * SDP for WebRTC (RFC 8866 with the attributes browsers use): a model that keeps every line it does not
 * interpret ({@link io.xsfu.webrtc.sdp.Sdp}), a bounded parser whose only failure is a
 * {@link io.xsfu.webrtc.sdp.SdpException} naming the line, a writer, and the answerer
 * ({@link io.xsfu.webrtc.sdp.OfferAnswer}) that turns a browser's offer into the SFU's answer and a structured
 * {@link io.xsfu.webrtc.sdp.Negotiation}.
 *
 * <p>Control path only: allocation is fine here, clarity matters.
 */
package io.xsfu.webrtc.sdp;
