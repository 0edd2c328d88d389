package io.xsfu.srtp;

import java.lang.foreign.MemorySegment;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 counter mode with HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1). The keystream is AES in ECB mode over
 * counter blocks built here: {@code AES/CTR} would need a new {@code IvParameterSpec} and an {@code init} per
 * packet, ECB is initialised once per key and its {@code update} between arrays allocates nothing (and on
 * x86 runs as the JDK's vectorised AES-NI/VAES intrinsic).
 */
final class AesCmTransform implements SrtpTransform {
    private static final int BLOCK = 16;
    /** Keystream generated per cipher call: covers a typical video packet in one call. */
    private static final int CHUNK = 2048;
    private static final int RTCP_HEADER = 8;
    private static final int SALT_LENGTH = 14;

    private final Cipher rtpAes;
    private final Cipher rtcpAes;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    private final byte[] packet = new byte[SrtpSession.MAX_PACKET_LENGTH + SCRATCH_SLACK];
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];
    private final byte[] iv = new byte[BLOCK];
    private final byte[] roc = new byte[4];
    private final byte[] mac = new byte[HmacSha1.LENGTH];

    AesCmTransform(SrtpProfile profile, SessionKeys keys) {
        this.rtpAes = ecb(keys.rtpKey());
        this.rtcpAes = ecb(keys.rtcpKey());
        this.rtpSalt = checkSalt(keys.rtpSalt());
        this.rtcpSalt = checkSalt(keys.rtcpSalt());
        this.rtpMac = new HmacSha1(keys.rtpAuthKey());
        this.rtcpMac = new HmacSha1(keys.rtcpAuthKey());
        this.rtpTagLength = profile.rtpTagLength();
        this.rtcpTagLength = profile.rtcpTagLength();
    }

    @Override
    public int protectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index) {
        Bytes.fromSegment(s, offset, packet, 0, length);
        applyKeystream(rtpAes, rtpSalt, ssrc, index, headerLength, length);
        rtpTag(length, index, packet, length);
        Bytes.toSegment(packet, headerLength, s, offset + headerLength, length - headerLength + rtpTagLength);
        return length + rtpTagLength;
    }

    @Override
    public int unprotectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index) {
        Bytes.fromSegment(s, offset, packet, 0, length);
        int authenticated = length - rtpTagLength;
        rtpTag(authenticated, index, mac, 0);
        if (!Bytes.equalInConstantTime(mac, 0, packet, authenticated, rtpTagLength)) {
            return -SrtpDrop.AUTH_FAILED;
        }
        applyKeystream(rtpAes, rtpSalt, ssrc, index, headerLength, authenticated);
        Bytes.toSegment(packet, headerLength, s, offset + headerLength, authenticated - headerLength);
        return authenticated;
    }

    @Override
    public int protectRtcp(MemorySegment s, long offset, int length, int ssrc, int index) {
        Bytes.fromSegment(s, offset, packet, 0, length);
        applyKeystream(rtcpAes, rtcpSalt, ssrc, index, RTCP_HEADER, length);
        Bytes.putInt(packet, length, index | Integer.MIN_VALUE);
        int authenticated = length + SrtpProfile.SRTCP_INDEX_LENGTH;
        rtcpMac.update(packet, 0, authenticated);
        rtcpMac.finish(packet, authenticated);
        Bytes.toSegment(packet, RTCP_HEADER, s, offset + RTCP_HEADER, authenticated + rtcpTagLength - RTCP_HEADER);
        return authenticated + rtcpTagLength;
    }

    @Override
    public int unprotectRtcp(MemorySegment s, long offset, int length, int ssrc, int trailer) {
        Bytes.fromSegment(s, offset, packet, 0, length);
        int authenticated = length - rtcpTagLength;
        rtcpMac.update(packet, 0, authenticated);
        rtcpMac.finish(mac, 0);
        if (!Bytes.equalInConstantTime(mac, 0, packet, authenticated, rtcpTagLength)) {
            return -SrtpDrop.AUTH_FAILED;
        }
        int plain = authenticated - SrtpProfile.SRTCP_INDEX_LENGTH;
        if (trailer < 0) {
            applyKeystream(rtcpAes, rtcpSalt, ssrc, trailer & Integer.MAX_VALUE, RTCP_HEADER, plain);
            Bytes.toSegment(packet, RTCP_HEADER, s, offset + RTCP_HEADER, plain - RTCP_HEADER);
        }
        return plain;
    }

    @Override
    public int srtcpTrailerOffset(int length) {
        return length - rtcpTagLength - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /** The full 20-byte MAC of {@code packet[0, authenticated)} followed by the rollover counter (§4.2). */
    private void rtpTag(int authenticated, long index, byte[] out, int outOffset) {
        rtpMac.update(packet, 0, authenticated);
        Bytes.putInt(roc, 0, (int) (index >>> 16));
        rtpMac.update(roc, 0, roc.length);
        rtpMac.finish(out, outOffset);
    }

    /**
     * XORs {@code packet[from, to)} with the keystream of (ssrc, index): block i is AES of
     * {@code (salt << 16) XOR (ssrc << 64) XOR (index << 16) + i}; the salt's low 16 bits are zero, so adding
     * the block number never carries.
     */
    private void applyKeystream(Cipher aes, byte[] salt, int ssrc, long index, int from, int to) {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        iv[14] = 0;
        iv[15] = 0;
        long high = Bytes.getLong(iv, 0) ^ (ssrc & 0xFFFF_FFFFL);
        long low = Bytes.getLong(iv, 8) ^ ((index & 0xFFFF_FFFF_FFFFL) << 16);
        int block = 0;
        for (int start = from; start < to; start += CHUNK) {
            int n = Math.min(CHUNK, to - start);
            int bytes = (n + BLOCK - 1) & -BLOCK;
            for (int at = 0; at < bytes; at += BLOCK, block++) {
                Bytes.putLong(counters, at, high);
                Bytes.putLong(counters, at + 8, low | block);
            }
            try {
                aes.update(counters, 0, bytes, keystream, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("keystream array too small", e);
            }
            for (int i = 0; i < n; i++) {
                packet[start + i] ^= keystream[i];
            }
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
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("AES-CM session salt must be 14 bytes: " + salt.length);
        }
        return salt.clone();
    }
}
