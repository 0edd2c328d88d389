/**
 * DTLS-SRTP for WebRTC transports (RFC 5763/5764): the SFU's self-signed certificate and its SDP fingerprint, one
 * DTLS 1.2 association per transport (BouncyCastle's blocking protocol on a virtual thread of its own, fed datagrams
 * by the WebRTC conductor), and the SRTP master keys exported once the peer's certificate matched the fingerprint its
 * SDP announced. Control side only: nothing here runs on, or blocks, the forwarding agent.
 */
package io.xsfu.webrtc.dtls;
