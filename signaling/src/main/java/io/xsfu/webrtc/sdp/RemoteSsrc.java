package io.xsfu.webrtc.sdp;

import java.util.OptionalLong;

/**
 * An SSRC the offer says the client will send on an m-line, with the RTX SSRC its {@code a=ssrc-group:FID}
 * pairs with it.
 *
 * @param cname its {@code a=ssrc:<ssrc> cname:}, empty when the offer gave none
 */
public record RemoteSsrc(long ssrc, OptionalLong rtxSsrc, String cname) {}
