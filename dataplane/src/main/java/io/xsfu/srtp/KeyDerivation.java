package io.xsfu.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 §4.3) with key_derivation_rate 0: each session key is the AES
 * counter-mode keystream, under the master key, of the block {@code (label << 48 XOR master salt) << 16}.
 * RFC 7714 §12 keeps this PRF for AES-GCM, whose 12-byte master salt is zero-padded to the 14 bytes here.
 */
final class KeyDerivation {
    static final int RTP_ENCRYPTION = 0x00;
    static final int RTP_AUTHENTICATION = 0x01;
    static final int RTP_SALT = 0x02;
    static final int RTCP_ENCRYPTION = 0x03;
    static final int RTCP_AUTHENTICATION = 0x04;
    static final int RTCP_SALT = 0x05;

    private static final int BLOCK = 16;
    /** The 112-bit PRF input x: master salt XOR (label || 48-bit index DIV kdr). */
    private static final int X_LENGTH = 14;
    /** Where the label byte lands in x: just above the 48-bit (zero) index. */
    private static final int LABEL_OFFSET = X_LENGTH - 7;

    private KeyDerivation() {
    }

    /** {@code length} bytes of session key material for {@code label}; control path. */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > X_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 14 bytes: " + masterSalt.length);
        }
        byte[] counter = new byte[BLOCK * ((length + BLOCK - 1) / BLOCK)];
        for (int block = 0; block < counter.length / BLOCK; block++) {
            int at = block * BLOCK;
            System.arraycopy(masterSalt, 0, counter, at, masterSalt.length);
            counter[at + LABEL_OFFSET] ^= (byte) label;
            counter[at + BLOCK - 2] = (byte) (block >>> 8);
            counter[at + BLOCK - 1] = (byte) block;
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] keystream = aes.doFinal(counter);
            byte[] out = new byte[length];
            System.arraycopy(keystream, 0, out, 0, length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable or key rejected", e);
        }
    }
}
