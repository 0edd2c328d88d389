package io.xsfu.srtp;

import java.lang.foreign.MemorySegment;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM (RFC 7714): the RTP header (or the first 8 bytes of RTCP and the E flag and index word)
 * is associated data, the rest is encrypted, a 16-byte tag follows.
 *
 * <p>Built from AES in ECB mode (the counter blocks, as {@link AesCmTransform} does; initialised once per key,
 * its {@code update} between arrays allocates nothing) and {@link Ghash}, so that a packet costs no allocation.
 * The JDK's GCM {@code Cipher} cannot be used per packet without allocating: it takes a new IV only through
 * {@code init} with a new {@code GCMParameterSpec}, and each {@code init} builds a new engine (about 1-2 KiB per
 * packet on JDK 25, measured by {@code SrtpAllocationTest} and the SRTP JMH benchmark before this class).
 * GCM's counter is 32 bits over a 96-bit IV: block 1 masks the tag, blocks 2.. encrypt the data.
 */
final class GcmTransform implements SrtpTransform {
    private static final int BLOCK = 16;
    private static final int TAG_LENGTH = 16;
    private static final int IV_LENGTH = 12;
    private static final int RTCP_HEADER = 8;
    private static final int CHUNK = 2048;

    private final Cipher rtpAes;
    private final Cipher rtcpAes;
    private final Ghash rtpHash;
    private final Ghash rtcpHash;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;

    private final byte[] packet = new byte[SrtpSession.MAX_PACKET_LENGTH + SCRATCH_SLACK];
    /** Associated data that is not contiguous in the packet (RTCP: header and trailer word). */
    private final byte[] aad = new byte[SrtpSession.MAX_PACKET_LENGTH + SCRATCH_SLACK];
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] tag = new byte[TAG_LENGTH];
    private final byte[] expected = new byte[TAG_LENGTH];

    GcmTransform(SessionKeys keys) {
        this.rtpAes = ecb(keys.rtpKey());
        this.rtcpAes = ecb(keys.rtcpKey());
        this.rtpHash = new Ghash(hashKey(rtpAes));
        this.rtcpHash = new Ghash(hashKey(rtcpAes));
        this.rtpSalt = checkSalt(keys.rtpSalt());
        this.rtcpSalt = checkSalt(keys.rtcpSalt());
    }

    @Override
    public int protectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index) {
        Bytes.fromSegment(s, offset, packet, 0, length);
        rtpIv(ssrc, index);
        int dataLength = length - headerLength;
        crypt(rtpAes, headerLength, length);
        seal(rtpAes, rtpHash, packet, 0, headerLength, headerLength, dataLength, packet, length);
        Bytes.toSegment(packet, headerLength, s, offset + headerLength, dataLength + TAG_LENGTH);
        return length + TAG_LENGTH;
    }

    @Override
    public int unprotectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index) {
        int dataLength = length - headerLength - TAG_LENGTH;
        if (dataLength < 0) {
            return -SrtpDrop.AUTH_FAILED;
        }
        Bytes.fromSegment(s, offset, packet, 0, length);
        rtpIv(ssrc, index);
        seal(rtpAes, rtpHash, packet, 0, headerLength, headerLength, dataLength, expected, 0);
        if (!tagMatches(packet, headerLength + dataLength)) {
            return -SrtpDrop.AUTH_FAILED;
        }
        crypt(rtpAes, headerLength, headerLength + dataLength);
        Bytes.toSegment(packet, headerLength, s, offset + headerLength, dataLength);
        return headerLength + dataLength;
    }

    @Override
    public int protectRtcp(MemorySegment s, long offset, int length, int ssrc, int index) {
        Bytes.fromSegment(s, offset, packet, 0, length);
        rtcpIv(ssrc, index);
        int trailerWord = index | Integer.MIN_VALUE;
        System.arraycopy(packet, 0, aad, 0, RTCP_HEADER);
        Bytes.putInt(aad, RTCP_HEADER, trailerWord);
        int dataLength = length - RTCP_HEADER;
        crypt(rtcpAes, RTCP_HEADER, length);
        seal(rtcpAes, rtcpHash, aad, 0, RTCP_HEADER + SrtpProfile.SRTCP_INDEX_LENGTH, RTCP_HEADER, dataLength,
                packet, length);
        Bytes.putInt(packet, length + TAG_LENGTH, trailerWord);
        Bytes.toSegment(packet, RTCP_HEADER, s, offset + RTCP_HEADER,
                dataLength + TAG_LENGTH + SrtpProfile.SRTCP_INDEX_LENGTH);
        return length + TAG_LENGTH + SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int unprotectRtcp(MemorySegment s, long offset, int length, int ssrc, int trailerWord) {
        int sealed = length - SrtpProfile.SRTCP_INDEX_LENGTH;
        if (sealed - TAG_LENGTH < RTCP_HEADER) {
            return -SrtpDrop.AUTH_FAILED;
        }
        Bytes.fromSegment(s, offset, packet, 0, length);
        rtcpIv(ssrc, trailerWord & Integer.MAX_VALUE);
        int tagAt = sealed - TAG_LENGTH;
        if (trailerWord >= 0) {
            // E = 0 (RFC 7714 §9.3): nothing is encrypted, the whole packet is associated data and only the tag
            // follows it.
            System.arraycopy(packet, 0, aad, 0, tagAt);
            Bytes.putInt(aad, tagAt, trailerWord);
            seal(rtcpAes, rtcpHash, aad, 0, tagAt + SrtpProfile.SRTCP_INDEX_LENGTH, 0, 0, expected, 0);
            return tagMatches(packet, tagAt) ? tagAt : -SrtpDrop.AUTH_FAILED;
        }
        System.arraycopy(packet, 0, aad, 0, RTCP_HEADER);
        Bytes.putInt(aad, RTCP_HEADER, trailerWord);
        int dataLength = tagAt - RTCP_HEADER;
        seal(rtcpAes, rtcpHash, aad, 0, RTCP_HEADER + SrtpProfile.SRTCP_INDEX_LENGTH, RTCP_HEADER, dataLength,
                expected, 0);
        if (!tagMatches(packet, tagAt)) {
            return -SrtpDrop.AUTH_FAILED;
        }
        crypt(rtcpAes, RTCP_HEADER, tagAt);
        Bytes.toSegment(packet, RTCP_HEADER, s, offset + RTCP_HEADER, dataLength);
        return tagAt;
    }

    @Override
    public int srtcpTrailerOffset(int length) {
        return length - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /**
     * The tag of associated data {@code aadSource[aadFrom, aadFrom + aadLength)} and ciphertext
     * {@code packet[dataFrom, dataFrom + dataLength)}: GHASH of both (each padded) and their bit lengths, masked
     * with the encrypted counter block 1; written to {@code out[outOffset]}.
     */
    private void seal(Cipher aes, Ghash hash, byte[] aadSource, int aadFrom, int aadLength, int dataFrom,
                      int dataLength, byte[] out, int outOffset) {
        hash.reset();
        hash.updatePadded(aadSource, aadFrom, aadLength);
        hash.updatePadded(packet, dataFrom, dataLength);
        hash.lengths(aadLength, dataLength);
        hash.digest(tag, 0);
        counterBlock(counters, 0, 1);
        encryptBlocks(aes, BLOCK);
        for (int i = 0; i < TAG_LENGTH; i++) {
            out[outOffset + i] = (byte) (tag[i] ^ keystream[i]);
        }
    }

    /** Constant-time comparison of {@link #expected} with the tag at {@code packet[at]}. */
    private boolean tagMatches(byte[] p, int at) {
        int diff = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            diff |= expected[i] ^ p[at + i];
        }
        return diff == 0;
    }

    /** XORs {@code packet[from, to)} with the keystream of counter blocks 2, 3, ... */
    private void crypt(Cipher aes, int from, int to) {
        int block = 2;
        for (int start = from; start < to; start += CHUNK) {
            int n = Math.min(CHUNK, to - start);
            int bytes = (n + BLOCK - 1) & -BLOCK;
            for (int at = 0; at < bytes; at += BLOCK, block++) {
                counterBlock(counters, at, block);
            }
            encryptBlocks(aes, bytes);
            for (int i = 0; i < n; i++) {
                packet[start + i] ^= keystream[i];
            }
        }
    }

    private void counterBlock(byte[] b, int at, int counter) {
        System.arraycopy(iv, 0, b, at, IV_LENGTH);
        Bytes.putInt(b, at + IV_LENGTH, counter);
    }

    private void encryptBlocks(Cipher aes, int bytes) {
        try {
            aes.update(counters, 0, bytes, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("keystream array too small", e);
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

    /** H = AES_K(0^128). */
    private static byte[] hashKey(Cipher aes) {
        try {
            return aes.update(new byte[BLOCK]);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("AES refused the hash key block", e);
        }
    }

    private static Cipher ecb(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable or key rejected", e);
        }
    }

    private static byte[] checkSalt(byte[] salt) {
        if (salt.length != IV_LENGTH) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes: " + salt.length);
        }
        return salt.clone();
    }
}
