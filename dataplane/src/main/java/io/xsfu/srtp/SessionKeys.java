package io.xsfu.srtp;

/**
 * The keys one SRTP session uses, for SRTP and for SRTCP: encryption key, salt and (AES-CM profiles) the
 * HMAC-SHA1 key. Tests build them directly from the RFC vectors, which give session keys.
 */
record SessionKeys(byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey,
        byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey) {
    /** HMAC-SHA1 keys are 160 bits (RFC 3711 §8.2). */
    static final int AUTH_KEY_LENGTH = 20;

    static SessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte master key and a "
                    + profile.saltLength() + "-byte master salt, got " + masterKey.length + " and " + masterSalt.length);
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        int a = profile.aead() ? 0 : AUTH_KEY_LENGTH;
        return new SessionKeys(
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTP_ENCRYPTION, k),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTP_SALT, s),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTP_AUTHENTICATION, a),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTCP_ENCRYPTION, k),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTCP_SALT, s),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTCP_AUTHENTICATION, a));
    }
}
