package io.xsfu.webrtc.sdp;

/** Which end of the DTLS handshake a side takes, and the {@code a=setup} that says so. */
public enum DtlsRole {
    /** Sends the ClientHello: {@code a=setup:active}. */
    CLIENT(Setup.ACTIVE),
    /** Waits for it: {@code a=setup:passive}. */
    SERVER(Setup.PASSIVE);

    private final Setup setup;

    DtlsRole(Setup setup) {
        this.setup = setup;
    }

    public Setup setup() {
        return setup;
    }
}
