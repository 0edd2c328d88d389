package io.xsfu.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over a reused {@link MessageDigest}. {@code javax.crypto.Mac.doFinal(byte[], int)}
 * allocates the 20-byte result (and the provider one more inner digest) on every call; writing the inner and
 * outer digests into fixed arrays with {@link MessageDigest#digest(byte[], int, int)} allocates nothing and
 * costs the same two extra compressions (of the padded key blocks) the JDK's HMAC pays.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5C;

    private final MessageDigest sha1;
    private final byte[] innerKey = new byte[BLOCK];
    private final byte[] outerKey = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];

    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than a block");
        }
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerKey[i] = (byte) (k ^ IPAD);
            outerKey[i] = (byte) (k ^ OPAD);
        }
        sha1.update(innerKey);
    }

    /** Adds message bytes; the first call after construction or {@link #finish} starts a new message. */
    void update(byte[] b, int offset, int length) {
        sha1.update(b, offset, length);
    }

    /** Writes the 20-byte MAC of the message so far into {@code out} and starts the next message. */
    void finish(byte[] out, int offset) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(outerKey);
            sha1.update(inner);
            sha1.digest(out, offset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("output array too small for SHA-1", e);
        }
        sha1.update(innerKey);
    }
}
