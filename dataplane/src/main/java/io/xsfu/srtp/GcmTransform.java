package io.xsfu.srtp;

import java.lang.foreign.MemorySegment;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM (RFC 7714): the RTP header (or the first 8 bytes of RTCP and the E flag and index word)
 * is associated data, the rest is encrypted, a 16-byte tag follows.
 *
 * <p>This transform allocates per packet, and the JDK leaves no way around it: a GCM {@code Cipher} takes a
 * new IV only through {@code init} with a new (immutable) {@code GCMParameterSpec}, and SunJCE's
 * {@code GaloisCounterMode.engineInit} builds a new engine per {@code init} (its GHASH with a table of
 * powers of H, its GCTR, the counter blocks, a copy of the key bytes) and another GCTR for the tag in
 * {@code doFinal}: 0.9 to 1.2 KB per protect or unprotect on JDK 25 (escape analysis removes some of it
 * depending on inlining), measured in {@code SrtpAllocationTest}. A GHASH written in Java
 * would avoid it at several times the cost, since the JDK's own runs as a carry-less-multiply intrinsic.
 */
final class GcmTransform implements SrtpTransform {
    private static final int TAG_BITS = 128;
    private static final int TAG_LENGTH = TAG_BITS / 8;
    private static final int IV_LENGTH = 12;
    private static final int RTCP_HEADER = 8;

    /** One cipher per key: a cipher re-keyed per packet would also expand the AES key schedule each time. */
    private final Cipher rtpGcm;
    private final Cipher rtcpGcm;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;

    private final byte[] in = new byte[SrtpSession.MAX_PACKET_LENGTH + SCRATCH_SLACK];
    private final byte[] out = new byte[SrtpSession.MAX_PACKET_LENGTH + SCRATCH_SLACK];
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] trailer = new byte[SrtpProfile.SRTCP_INDEX_LENGTH];

    GcmTransform(SessionKeys keys) {
        this.rtpGcm = gcm();
        this.rtcpGcm = gcm();
        this.rtpKey = new SecretKeySpec(keys.rtpKey(), "AES");
        this.rtcpKey = new SecretKeySpec(keys.rtcpKey(), "AES");
        this.rtpSalt = checkSalt(keys.rtpSalt());
        this.rtcpSalt = checkSalt(keys.rtcpSalt());
    }

    @Override
    public int protectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index) {
        Bytes.fromSegment(s, offset, in, 0, length);
        rtpIv(ssrc, index);
        int n = crypt(rtpGcm, Cipher.ENCRYPT_MODE, rtpKey, in, 0, headerLength, null, headerLength, length - headerLength);
        Bytes.toSegment(out, 0, s, offset + headerLength, n);
        return headerLength + n;
    }

    @Override
    public int unprotectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index) {
        Bytes.fromSegment(s, offset, in, 0, length);
        rtpIv(ssrc, index);
        int n = crypt(rtpGcm, Cipher.DECRYPT_MODE, rtpKey, in, 0, headerLength, null, headerLength, length - headerLength);
        if (n < 0) {
            return n;
        }
        Bytes.toSegment(out, 0, s, offset + headerLength, n);
        return headerLength + n;
    }

    @Override
    public int protectRtcp(MemorySegment s, long offset, int length, int ssrc, int index) {
        Bytes.fromSegment(s, offset, in, 0, length);
        rtcpIv(ssrc, index);
        Bytes.putInt(trailer, 0, index | Integer.MIN_VALUE);
        int n = crypt(rtcpGcm, Cipher.ENCRYPT_MODE, rtcpKey, in, 0, RTCP_HEADER, trailer, RTCP_HEADER, length - RTCP_HEADER);
        Bytes.putInt(out, n, index | Integer.MIN_VALUE);
        Bytes.toSegment(out, 0, s, offset + RTCP_HEADER, n + SrtpProfile.SRTCP_INDEX_LENGTH);
        return RTCP_HEADER + n + SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int unprotectRtcp(MemorySegment s, long offset, int length, int ssrc, int trailerWord) {
        Bytes.fromSegment(s, offset, in, 0, length);
        rtcpIv(ssrc, trailerWord & Integer.MAX_VALUE);
        Bytes.putInt(trailer, 0, trailerWord);
        int sealed = length - SrtpProfile.SRTCP_INDEX_LENGTH;
        if (trailerWord >= 0) {
            // E = 0 (RFC 7714 §9.3): nothing is encrypted, the whole packet is associated data and only the tag
            // follows it.
            int n = crypt(rtcpGcm, Cipher.DECRYPT_MODE, rtcpKey, in, 0, sealed - TAG_LENGTH, trailer, sealed - TAG_LENGTH,
                    TAG_LENGTH);
            return n < 0 ? n : sealed - TAG_LENGTH;
        }
        int n = crypt(rtcpGcm, Cipher.DECRYPT_MODE, rtcpKey, in, 0, RTCP_HEADER, trailer, RTCP_HEADER, sealed - RTCP_HEADER);
        if (n < 0) {
            return n;
        }
        Bytes.toSegment(out, 0, s, offset + RTCP_HEADER, n);
        return RTCP_HEADER + n;
    }

    @Override
    public int srtcpTrailerOffset(int length) {
        return length - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /**
     * One GCM operation with {@link #iv}: associated data {@code in[aadFrom, aadFrom + aadLength)} then
     * {@code extraAad} if not null, data {@code in[from, from + length)} into {@link #out}; returns the output
     * length or {@code -AUTH_FAILED}.
     */
    private int crypt(Cipher gcm, int mode, SecretKeySpec key, byte[] src, int aadFrom, int aadLength, byte[] extraAad,
            int from, int length) {
        try {
            gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(src, aadFrom, aadLength);
            if (extraAad != null) {
                gcm.updateAAD(extraAad);
            }
            return gcm.doFinal(src, from, length, out, 0);
        } catch (AEADBadTagException e) {
            return -SrtpDrop.AUTH_FAILED;
        } catch (GeneralSecurityException e) {
            // Key, IV and buffer sizes are fixed here, and the session never reuses an index for encryption.
            throw new IllegalStateException("AES-GCM refused a packet", e);
        }
    }

    /** RFC 7714 §8.1: {@code (00 00 || SSRC || ROC || SEQ) XOR salt}. */
    private void rtpIv(int ssrc, long index) {
        iv[0] = rtpSalt[0];
        iv[1] = rtpSalt[1];
        Bytes.putInt(iv, 2, ssrc ^ Bytes.getInt(rtpSalt, 2));
        Bytes.putInt(iv, 6, (int) (index >>> 16) ^ Bytes.getInt(rtpSalt, 6));
        iv[10] = (byte) ((index >>> 8) ^ rtpSalt[10]);
        iv[11] = (byte) (index ^ rtpSalt[11]);
    }

    /** RFC 7714 §9.1: {@code (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt}. */
    private void rtcpIv(int ssrc, int index) {
        iv[0] = rtcpSalt[0];
        iv[1] = rtcpSalt[1];
        Bytes.putInt(iv, 2, ssrc ^ Bytes.getInt(rtcpSalt, 2));
        iv[6] = rtcpSalt[6];
        iv[7] = rtcpSalt[7];
        Bytes.putInt(iv, 8, index ^ Bytes.getInt(rtcpSalt, 8));
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] checkSalt(byte[] salt) {
        if (salt.length != IV_LENGTH) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes: " + salt.length);
        }
        return salt.clone();
    }
}
