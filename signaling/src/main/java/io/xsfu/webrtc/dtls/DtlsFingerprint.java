package io.xsfu.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A certificate fingerprint as SDP's {@code a=fingerprint} carries it (RFC 8122 §5): a hash function name in lower
 * case ("sha-256") and the digest of the DER certificate as upper-case hex pairs joined by colons. Any hash name
 * parses, so that an offer listing one we do not know still reads; only {@link #isSupported() supported} ones are
 * used to check a certificate.
 */
public record DtlsFingerprint(String algorithm, String value) {
    /** SDP hash names we can check, with the JDK's digest names. */
    private static final Map<String, String> DIGESTS = Map.of(
            "sha-1", "SHA-1",
            "sha-224", "SHA-224",
            "sha-256", "SHA-256",
            "sha-384", "SHA-384",
            "sha-512", "SHA-512");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`{|}~-]+");
    private static final Pattern HEX_PAIRS = Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2})*");
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public DtlsFingerprint {
        if (algorithm == null || !TOKEN.matcher(algorithm).matches()) {
            throw new IllegalArgumentException("fingerprint hash name is not a token: " + algorithm);
        }
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        value = value == null ? "" : value.toUpperCase(Locale.ROOT);
        if (!HEX_PAIRS.matcher(value).matches()) {
            throw new IllegalArgumentException("fingerprint is not colon-separated hex pairs: " + value);
        }
        String digest = DIGESTS.get(algorithm);
        if (digest != null) {
            int expected = messageDigest(digest).getDigestLength();
            int got = (value.length() + 1) / 3;
            if (got != expected) {
                throw new IllegalArgumentException(algorithm + " fingerprint has " + got + " bytes, not " + expected);
            }
        }
    }

    /** Parses the value of an {@code a=fingerprint:} attribute: {@code "sha-256 AB:CD:..."}. */
    public static DtlsFingerprint parse(String attribute) {
        String[] parts = attribute.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a=fingerprint needs a hash name and a value: " + attribute);
        }
        return new DtlsFingerprint(parts[0], parts[1]);
    }

    /** The fingerprint of a DER-encoded certificate with a supported hash ("sha-256"...). */
    public static DtlsFingerprint of(String algorithm, byte[] certificateDer) {
        String name = algorithm.toLowerCase(Locale.ROOT);
        String digest = DIGESTS.get(name);
        if (digest == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash " + algorithm + " (supported: "
                    + DIGESTS.keySet() + ")");
        }
        return new DtlsFingerprint(name, COLON_HEX.formatHex(messageDigest(digest).digest(certificateDer)));
    }

    public boolean isSupported() {
        return DIGESTS.containsKey(algorithm);
    }

    /** Whether this fingerprint describes that certificate; false for an unsupported hash. */
    public boolean matches(byte[] certificateDer) {
        return isSupported() && of(algorithm, certificateDer).value.equals(value);
    }

    /** As SDP writes it after {@code a=fingerprint:}. */
    public String toSdp() {
        return algorithm + " " + value;
    }

    @Override
    public String toString() {
        return toSdp();
    }

    private static MessageDigest messageDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }
}
