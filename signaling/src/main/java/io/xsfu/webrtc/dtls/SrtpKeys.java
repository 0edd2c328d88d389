package io.xsfu.webrtc.dtls;

import java.util.Arrays;

/**
 * The SRTP master keys of one transport, from the SFU's point of view: {@code local*} protect what the SFU sends,
 * {@code remote*} unprotect what it receives. {@code profile} is the negotiated SRTPProtectionProfile value
 * ({@link SrtpProfile#id()}). The arrays are copies; {@link #toString()} never shows key material.
 */
public record SrtpKeys(int profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
    public SrtpKeys {
        SrtpProfile p = SrtpProfile.fromId(profile).orElseThrow(
                () -> new IllegalArgumentException("unknown SRTP profile 0x" + Integer.toHexString(profile)));
        localKey = checked(localKey, p.keyLength(), "localKey");
        localSalt = checked(localSalt, p.saltLength(), "localSalt");
        remoteKey = checked(remoteKey, p.keyLength(), "remoteKey");
        remoteSalt = checked(remoteSalt, p.saltLength(), "remoteSalt");
    }

    /**
     * Splits keying material exported with label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2: client write key, server
     * write key, client write salt, server write salt) for the side that played {@code role}.
     */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, DtlsRole role) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material for " + profile.rfcName() + " is "
                    + profile.keyingMaterialLength() + " bytes, got " + material.length);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return role == DtlsRole.SERVER
                ? new SrtpKeys(profile.id(), serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeys(profile.id(), clientKey, clientSalt, serverKey, serverSalt);
    }

    public SrtpProfile srtpProfile() {
        return SrtpProfile.fromId(profile).orElseThrow();
    }

    @Override
    public byte[] localKey() {
        return localKey.clone();
    }

    @Override
    public byte[] localSalt() {
        return localSalt.clone();
    }

    @Override
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    @Override
    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeys other && profile == other.profile
                && Arrays.equals(localKey, other.localKey) && Arrays.equals(localSalt, other.localSalt)
                && Arrays.equals(remoteKey, other.remoteKey) && Arrays.equals(remoteSalt, other.remoteSalt);
    }

    @Override
    public int hashCode() {
        return 31 * profile + Arrays.hashCode(localKey);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + srtpProfile().rfcName() + ", keys redacted]";
    }

    private static byte[] checked(byte[] bytes, int length, String name) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return bytes.clone();
    }
}
