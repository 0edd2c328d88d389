package io.xsfu.stun;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) with one key, computed over byte arrays and segment regions, for STUN's
 * MESSAGE-INTEGRITY. Built on {@link MessageDigest} rather than {@code javax.crypto.Mac} because
 * {@code Mac.doFinal} allocates its result on every call, and checking a request must allocate nothing: here
 * the digest is written into the caller's array and segment bytes pass through a fixed scratch array.
 *
 * <p>Use: {@link #start()}, any number of {@code update}s, {@link #finish}. One instance per key and thread.
 */
public final class HmacSha1 {
    public static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final int CHUNK = 256;

    private final MessageDigest sha1 = newSha1();
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private final byte[] chunk = new byte[CHUNK];

    public HmacSha1(byte[] key) {
        byte[] k = key.length > BLOCK ? newSha1().digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /**
     * The short-term credential key of RFC 8489 §9.1.1: the password itself, in UTF-8 (OpaqueString leaves the
     * ASCII ice-chars of an ICE password unchanged).
     */
    public static HmacSha1 ofPassword(String password) {
        return new HmacSha1(password.getBytes(StandardCharsets.UTF_8));
    }

    public void start() {
        sha1.reset();
        sha1.update(innerPad, 0, BLOCK);
    }

    public void update(byte[] bytes, int offset, int length) {
        sha1.update(bytes, offset, length);
    }

    public void update(MemorySegment segment, long offset, long length) {
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(CHUNK, length - done);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset + done, chunk, 0, n);
            sha1.update(chunk, 0, n);
            done += n;
        }
    }

    /** Writes the 20-byte MAC of everything given since {@link #start()} to {@code out[offset..]}. */
    public void finish(byte[] out, int offset) {
        digestInto(inner, 0);
        sha1.update(outerPad, 0, BLOCK);
        sha1.update(inner, 0, LENGTH);
        digestInto(out, offset);
    }

    private void digestInto(byte[] out, int offset) {
        try {
            sha1.digest(out, offset, LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-1 digest is 20 bytes", e);
        }
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
