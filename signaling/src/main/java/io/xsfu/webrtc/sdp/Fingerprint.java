package io.xsfu.webrtc.sdp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code a=fingerprint:<hash function> <hex>} (RFC 8122): the hash of the certificate the side will present in
 * DTLS, such as {@code sha-256 91:D8:...}.
 *
 * @param algorithm the hash function's name as written ({@code sha-256}); compare it ignoring case
 * @param hex       the digest as colon-separated hex pairs, as written
 */
public record Fingerprint(String algorithm, String hex) implements Attribute {
    /** SHA-512's 64 bytes are the longest digest RFC 8122 names. */
    private static final int MAX_BYTES = 64;
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public Fingerprint {
        Syntax.token(algorithm, "a=fingerprint hash function");
        checkHex(hex);
    }

    /** The SDP form of a digest: upper-case hex pairs joined by colons. */
    public static Fingerprint of(String algorithm, byte[] digest) {
        if (digest.length == 0 || digest.length > MAX_BYTES) {
            throw new IllegalArgumentException("a fingerprint digest has 1 to " + MAX_BYTES + " bytes");
        }
        return new Fingerprint(algorithm.toLowerCase(Locale.ROOT), COLON_HEX.formatHex(digest));
    }

    /** The digest's bytes, to compare with the hash of the certificate DTLS received. */
    public byte[] digest() {
        return COLON_HEX.parseHex(hex.toUpperCase(Locale.ROOT));
    }

    /** Whether this names the same digest, ignoring the case of the hash function and the hex. */
    public boolean matches(String otherAlgorithm, byte[] otherDigest) {
        return algorithm.equalsIgnoreCase(otherAlgorithm) && Arrays.equals(digest(), otherDigest);
    }

    @Override
    public String field() {
        return "fingerprint";
    }

    @Override
    public String value() {
        return algorithm + " " + hex;
    }

    static Fingerprint parse(String value) {
        String[] w = Syntax.words(value, 2, "a=fingerprint");
        if (w.length != 2) {
            throw new IllegalArgumentException("a=fingerprint needs a hash function and a digest");
        }
        return new Fingerprint(w[0], w[1]);
    }

    private static void checkHex(String hex) {
        int length = hex == null ? 0 : hex.length();
        boolean ok = length >= 2 && length % 3 == 2 && (length + 1) / 3 <= MAX_BYTES;
        for (int i = 0; ok && i < length; i++) {
            char c = hex.charAt(i);
            ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
        }
        if (!ok) {
            throw new IllegalArgumentException("a=fingerprint digest must be 1 to " + MAX_BYTES
                    + " hex pairs separated by colons, got " + Syntax.quote(hex));
        }
    }
}
