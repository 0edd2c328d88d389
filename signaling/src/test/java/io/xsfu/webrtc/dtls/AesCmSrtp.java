package io.xsfu.webrtc.dtls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP with AES-128 counter mode and HMAC-SHA1 (RFC 3711), written for the tests from the RFC with javax.crypto: an
 * implementation independent of both DTLS stacks, to show that keys exported by the endpoint protect and unprotect
 * what a real SRTP stack (libsrtp in GStreamer) does. The caller gives the rollover counter.
 */
final class AesCmSrtp {
    private static final int LABEL_ENCRYPTION = 0x00;
    private static final int LABEL_AUTHENTICATION = 0x01;
    private static final int LABEL_SALT = 0x02;
    private static final int SALT_LENGTH = 14;

    private final byte[] sessionKey;
    private final byte[] sessionSalt;
    private final byte[] authKey;
    private final int tagLength;

    /** From the master key and salt (key derivation rate 0, as DTLS-SRTP uses). */
    AesCmSrtp(byte[] masterKey, byte[] masterSalt, int tagLength) {
        this(derive(masterKey, masterSalt, LABEL_ENCRYPTION, 16), derive(masterKey, masterSalt, LABEL_SALT, SALT_LENGTH),
                derive(masterKey, masterSalt, LABEL_AUTHENTICATION, 20), tagLength);
    }

    private AesCmSrtp(byte[] sessionKey, byte[] sessionSalt, byte[] authKey, int tagLength) {
        this.sessionKey = sessionKey;
        this.sessionSalt = sessionSalt;
        this.authKey = authKey;
        this.tagLength = tagLength;
    }

    static AesCmSrtp fromSessionKeys(byte[] sessionKey, byte[] sessionSalt, byte[] authKey, int tagLength) {
        return new AesCmSrtp(sessionKey, sessionSalt, authKey, tagLength);
    }

    /** RFC 3711 §4.3.1: AES-CM keyed with the master key, over (master salt XOR label at byte 7) * 2^16. */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, SALT_LENGTH);
        iv[7] ^= (byte) label;
        return ctr(masterKey, iv, new byte[length]);
    }

    byte[] protect(byte[] rtp, int roc) {
        int header = headerLength(rtp);
        byte[] out = Arrays.copyOf(rtp, rtp.length + tagLength);
        byte[] encrypted = ctr(sessionKey, iv(rtp, roc), Arrays.copyOfRange(rtp, header, rtp.length));
        System.arraycopy(encrypted, 0, out, header, encrypted.length);
        byte[] tag = tag(out, rtp.length, roc);
        System.arraycopy(tag, 0, out, rtp.length, tagLength);
        return out;
    }

    /** The RTP packet, or null if the tag does not verify. */
    byte[] unprotect(byte[] srtp, int roc) {
        int end = srtp.length - tagLength;
        if (end < 12) {
            return null;
        }
        byte[] expected = tag(srtp, end, roc);
        if (!MessageDigest.isEqual(Arrays.copyOf(expected, tagLength), Arrays.copyOfRange(srtp, end, srtp.length))) {
            return null;
        }
        int header = headerLength(srtp);
        byte[] rtp = Arrays.copyOf(srtp, end);
        byte[] plain = ctr(sessionKey, iv(srtp, roc), Arrays.copyOfRange(srtp, header, end));
        System.arraycopy(plain, 0, rtp, header, plain.length);
        return rtp;
    }

    static int headerLength(byte[] rtp) {
        int length = 12 + 4 * (rtp[0] & 0x0f);
        if ((rtp[0] & 0x10) != 0) {
            length += 4 + 4 * ((rtp[length + 2] & 0xff) << 8 | (rtp[length + 3] & 0xff));
        }
        return length;
    }

    /** RFC 3711 §4.1.1: (session salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), index = ROC * 2^16 + SEQ. */
    private byte[] iv(byte[] rtp, int roc) {
        byte[] iv = new byte[16];
        System.arraycopy(sessionSalt, 0, iv, 0, SALT_LENGTH);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= rtp[8 + i];
        }
        long index = ((roc & 0xffffffffL) << 16) | ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
        }
        return iv;
    }

    private byte[] tag(byte[] packet, int length, int roc) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
            mac.update(packet, 0, length);
            mac.update(new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ctr(byte[] key, byte[] iv, byte[] data) {
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return aes.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
