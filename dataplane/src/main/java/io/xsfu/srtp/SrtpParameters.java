package io.xsfu.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The keys of a plain-RTP transport with SRTP, given rather than negotiated by DTLS (mediasoup's
 * PlainTransport with {@code enableSrtp}): one crypto suite, and per direction a master key followed by its
 * master salt, the layout of mediasoup's {@code keyBase64}. {@code receiveKey} unprotects what the SFU
 * receives (the remote's sending key); {@code sendKey} protects what it sends (the key the remote decrypts
 * with). The arrays are copies both ways; equality compares contents; {@link #toString()} shows no key material.
 */
public record SrtpParameters(SrtpProfile profile, byte[] receiveKey, byte[] sendKey) {
    public SrtpParameters {
        Objects.requireNonNull(profile, "profile");
        receiveKey = checked(profile, receiveKey, "receiveKey");
        sendKey = checked(profile, sendKey, "sendKey");
    }

    /** Bytes of master key and master salt together: 30 for the AES-CM suites, 28 for AEAD_AES_128_GCM. */
    public static int keyLength(SrtpProfile profile) {
        return profile.keyLength() + profile.saltLength();
    }

    /** A fresh session that unprotects what the transport receives (agent-owned from then on). */
    public SrtpSession inbound() {
        return session(receiveKey);
    }

    /** A fresh session that protects what the transport sends (agent-owned from then on). */
    public SrtpSession outbound() {
        return session(sendKey);
    }

    private SrtpSession session(byte[] keyAndSalt) {
        int k = profile.keyLength();
        return new SrtpSession(profile, Arrays.copyOfRange(keyAndSalt, 0, k),
                Arrays.copyOfRange(keyAndSalt, k, keyAndSalt.length));
    }

    @Override
    public byte[] receiveKey() {
        return receiveKey.clone();
    }

    @Override
    public byte[] sendKey() {
        return sendKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpParameters other && profile == other.profile
                && Arrays.equals(receiveKey, other.receiveKey) && Arrays.equals(sendKey, other.sendKey);
    }

    @Override
    public int hashCode() {
        return 31 * profile.hashCode() + Arrays.hashCode(receiveKey);
    }

    @Override
    public String toString() {
        return "SrtpParameters[" + profile + ", keys redacted]";
    }

    private static byte[] checked(SrtpProfile profile, byte[] keyAndSalt, String name) {
        Objects.requireNonNull(keyAndSalt, name);
        if (keyAndSalt.length != keyLength(profile)) {
            throw new IllegalArgumentException(name + " of " + profile + " is " + keyLength(profile)
                    + " bytes (master key and salt), got " + keyAndSalt.length);
        }
        return keyAndSalt.clone();
    }
}
