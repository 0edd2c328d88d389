package io.xsfu.webrtc.dtls;

/**
 * Which end of the DTLS handshake the SFU plays (RFC 5763 §5): the server when its SDP answer says
 * {@code a=setup:passive} (the default against a browser's {@code actpass}), the client for {@code active}.
 */
public enum DtlsRole {
    SERVER,
    CLIENT
}
