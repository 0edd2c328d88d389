/**
 * STUN (RFC 8489, RFC 5389) as an ICE-lite agent needs it, and the ICE-lite responder of a WebRTC transport
 * (RFC 8445, consent freshness RFC 7675).
 *
 * <p>{@link io.xsfu.stun.StunMessage} is a flyweight over one message in a segment: {@code validate()} checks
 * framing, attributes and FINGERPRINT in one pass and returns {@link io.xsfu.packet.DropReason#OK} or a
 * {@link io.xsfu.stun.StunDrop} reason; accessors then read in place, and {@code verifyIntegrity} checks
 * MESSAGE-INTEGRITY with an {@link io.xsfu.stun.HmacSha1} key. {@link io.xsfu.stun.StunWriter} builds
 * messages (Binding success, error and request) into a bounded region. {@link io.xsfu.stun.IceLiteResponder}
 * decides, per datagram, what to answer, and tracks the nominated pair and consent.
 *
 * <p>Where it runs: the forwarding agent demultiplexes STUN by its first byte (RFC 7983) and hands the
 * datagram to the WebRTC conductor (a control thread), which owns one responder per transport and queues the
 * response back to the agent. Checking a request and writing its response allocate nothing; bad input is a
 * returned reason, never an exception.
 */
package io.xsfu.stun;
