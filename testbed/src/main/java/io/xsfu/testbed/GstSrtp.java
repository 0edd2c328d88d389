package io.xsfu.testbed;

import java.util.HexFormat;
import java.util.Objects;

/**
 * SRTP for a GStreamer client (gst-plugins-bad's {@code srtpenc}/{@code srtpdec}, libsrtp underneath) under a
 * given key, named like mediasoup's crypto suites: the key is the master key followed by the master salt, the
 * bytes a plain SRTP transport's {@code keyBase64} holds.
 *
 * @param cryptoSuite {@code AES_CM_128_HMAC_SHA1_80}, {@code AES_CM_128_HMAC_SHA1_32} or {@code AEAD_AES_128_GCM}
 * @param key         master key and master salt: 30 bytes for the AES-CM suites, 28 for GCM
 */
public record GstSrtp(String cryptoSuite, byte[] key) {
    public GstSrtp {
        Objects.requireNonNull(cryptoSuite, "cryptoSuite");
        int length = switch (cryptoSuite) {
            case "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32" -> 30;
            case "AEAD_AES_128_GCM" -> 28;
            default -> throw new IllegalArgumentException("unknown SRTP crypto suite " + cryptoSuite);
        };
        if (key.length != length) {
            throw new IllegalArgumentException(cryptoSuite + " takes " + length + " bytes of key and salt, got " + key.length);
        }
        key = key.clone();
    }

    /** libsrtp's cipher and authentication for SRTP and SRTCP, as srtpenc's property values. */
    private String[] ciphers() {
        return switch (cryptoSuite) {
            case "AES_CM_128_HMAC_SHA1_80" -> new String[] {"aes-128-icm", "hmac-sha1-80", "aes-128-icm", "hmac-sha1-80"};
            // SRTCP keeps the 80-bit tag (RFC 5764 4.1.2).
            case "AES_CM_128_HMAC_SHA1_32" -> new String[] {"aes-128-icm", "hmac-sha1-32", "aes-128-icm", "hmac-sha1-80"};
            default -> new String[] {"aes-128-gcm", "null", "aes-128-gcm", "null"};
        };
    }

    /** An {@code srtpenc} that protects what it is given (RTP on its first request pad). */
    String encoder() {
        String[] c = ciphers();
        return "srtpenc key=" + HexFormat.of().formatHex(key) + " rtp-cipher=" + c[0] + " rtp-auth=" + c[1]
                + " rtcp-cipher=" + c[2] + " rtcp-auth=" + c[3];
    }

    /**
     * The fields {@code srtpdec} reads from its sink caps to unprotect the stream of {@code ssrc} (libsrtp's
     * streams are per SSRC; another SSRC would make it ask for a key, which gst-launch cannot answer).
     */
    String decoderCaps(long ssrc) {
        String[] c = ciphers();
        return "ssrc=(uint)" + ssrc + ",srtp-key=(buffer)" + HexFormat.of().formatHex(key) + ",srtp-cipher=(string)" + c[0]
                + ",srtp-auth=(string)" + c[1] + ",srtcp-cipher=(string)" + c[2] + ",srtcp-auth=(string)" + c[3];
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "GstSrtp[" + cryptoSuite + "]";
    }
}
