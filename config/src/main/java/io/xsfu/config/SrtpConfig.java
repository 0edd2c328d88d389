package io.xsfu.config;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * SRTP on a participant's plain transport with keys given in the config, like mediasoup's PlainTransport
 * with {@code enableSrtp}: one crypto suite and, per direction, the master key followed by the master salt,
 * in standard base64 (mediasoup's {@code keyBase64}).
 *
 * @param cryptoSuite the suite, the same both ways
 * @param receiveKey  what the SFU unprotects this participant's packets with: the key the participant sends with
 * @param sendKey     what the SFU protects its packets to this participant with: the key the participant decrypts with
 */
public record SrtpConfig(SrtpCryptoSuite cryptoSuite, String receiveKey, String sendKey) {

    public SrtpConfig {
        Objects.requireNonNull(cryptoSuite, "cryptoSuite");
        Objects.requireNonNull(receiveKey, "receiveKey");
        Objects.requireNonNull(sendKey, "sendKey");
    }

    public static SrtpConfig of(SrtpCryptoSuite cryptoSuite, byte[] receiveKey, byte[] sendKey) {
        return new SrtpConfig(cryptoSuite, Base64.getEncoder().encodeToString(receiveKey),
                Base64.getEncoder().encodeToString(sendKey));
    }

    /** The bytes of {@code receiveKey}; the config must be valid (the validator checks base64 and length). */
    public byte[] receiveKeyBytes() {
        return decode(receiveKey).orElseThrow(() -> new IllegalStateException("receiveKey is not base64"));
    }

    /** The bytes of {@code sendKey}; the config must be valid. */
    public byte[] sendKeyBytes() {
        return decode(sendKey).orElseThrow(() -> new IllegalStateException("sendKey is not base64"));
    }

    /** Standard base64 (padding optional), or empty; no line breaks, no URL alphabet. */
    static Optional<byte[]> decode(String base64) {
        try {
            return Optional.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Keys are secrets: a config printed in a log or an error shows none. */
    @Override
    public String toString() {
        return "SrtpConfig[" + cryptoSuite.jsonName() + ", keys redacted]";
    }
}
