package io.xsfu.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SRTP crypto suites a plain transport may use, by mediasoup's names (which are also the DTLS-SRTP
 * profile names of RFC 5764 and RFC 7714), with the length of the keying material each direction is given:
 * a 128-bit master key followed by its master salt.
 */
public enum SrtpCryptoSuite implements JsonName {
    /** AES-128 counter mode, 80-bit HMAC-SHA1 tags: the usual choice. */
    AES_CM_128_HMAC_SHA1_80(16, 14),
    /** As above with a 32-bit tag on SRTP (SRTCP keeps 80 bits). */
    AES_CM_128_HMAC_SHA1_32(16, 14),
    /** AES-128 GCM (RFC 7714), a 96-bit salt. */
    AEAD_AES_128_GCM(16, 12);

    /** The names, in documentation order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(SrtpCryptoSuite::name).toList();

    private final int masterKeyLength;
    private final int masterSaltLength;

    SrtpCryptoSuite(int masterKeyLength, int masterSaltLength) {
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes of one direction's key: master key and master salt, concatenated (mediasoup's {@code keyBase64}). */
    public int keyLength() {
        return masterKeyLength + masterSaltLength;
    }

    @Override
    public String jsonName() {
        return name();
    }

    /** The suite with this exact name (names are case-sensitive, as in mediasoup and SDP). */
    public static Optional<SrtpCryptoSuite> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }
}
