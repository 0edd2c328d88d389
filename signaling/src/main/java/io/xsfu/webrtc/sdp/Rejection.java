package io.xsfu.webrtc.sdp;

/**
 * An m-line the answer rejects (port 0), or a stream it could not place there.
 *
 * @param index the m-line's position in the offer, from 0
 * @param mid   its mid, empty when it has none
 */
public record Rejection(int index, String mid, String reason) {}
