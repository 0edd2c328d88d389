package io.xsfu.srtp;

import static io.xsfu.srtp.TestPackets.OFFSET;
import static io.xsfu.srtp.TestPackets.bytes;
import static io.xsfu.srtp.TestPackets.capacity;
import static io.xsfu.srtp.TestPackets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.srtp.TestPackets.Memory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Known answers: RFC 3711 Appendix B.2, libsrtp's srtp_validate packets, RFC 7714 §16-17 (GCM). */
class SrtpVectorsTest {
    private static final byte[] LIBSRTP_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] LIBSRTP_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

    private static final byte[] GCM_KEY = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = hex("517569642070726f2071756f");
    private static final byte[] GCM_RTP = hex("""
            8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472 6573""");
    private static final byte[] GCM_SRTP = hex("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce""");
    private static final byte[] GCM_RTCP = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef""");
    private static final byte[] GCM_SRTCP = hex("""
            81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4""");
    /** The same RTCP with E = 0: authenticated, not encrypted (RFC 7714 §17.3). */
    private static final byte[] GCM_SRTCP_UNENCRYPTED = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4""");
    private static final int GCM_RTCP_SSRC = 0x4d617273;
    private static final int GCM_SRTCP_INDEX = 0x5d4;

    /**
     * RFC 3711 B.2: with SSRC 0 and index 0 the counter is the salt; a zero payload encrypts to the keystream.
     * The RFC's last blocks (counters 0xFEFF..0xFF01) lie a megabyte into a keystream segment, beyond any
     * packet; the whole 4096-byte packet is checked against the JDK's AES/CTR instead.
     */
    @ParameterizedTest
    @EnumSource(Memory.class)
    void rfc3711AppendixB2Keystream(Memory memory) throws Exception {
        byte[] key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] salt = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        SessionKeys keys = new SessionKeys(key, salt, new byte[20], key, salt, new byte[20]);
        SrtpSession session = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys, 4);
        byte[] rtp = new byte[SrtpSession.MAX_PACKET_LENGTH - 10];
        rtp[0] = (byte) 0x80;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = memory.hold(arena, rtp);
            assertEquals(rtp.length + 10, session.protectRtp(s, OFFSET, rtp.length, capacity(s)));
            byte[] keystream = java.util.Arrays.copyOfRange(bytes(s, rtp.length), 12, rtp.length);
            assertArrayEquals(hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB"
                    + "41E95B3BB0A2E8DD477901E4FCA894C0"), java.util.Arrays.copyOf(keystream, 48));

            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000")));
            assertArrayEquals(ctr.doFinal(new byte[keystream.length]), keystream);
        }
    }

    /** libsrtp's srtp_driver srtp_validate: AES_CM_128_HMAC_SHA1_80 SRTP, and SRTCP with index 1. */
    @ParameterizedTest
    @EnumSource(Memory.class)
    void libsrtpReferencePackets(Memory memory) {
        byte[] rtp = hex("800f1234decafbadcafebabe abababababababababababababababab");
        byte[] srtp = hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
        byte[] rtcp = hex("81c8000bcafebabe abababababababababababababababab");
        byte[] srtcp = hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");
        SrtpSession sender = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, LIBSRTP_KEY, LIBSRTP_SALT);
        SrtpSession receiver = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, LIBSRTP_KEY, LIBSRTP_SALT);
        try (Arena arena = Arena.ofConfined()) {
            assertTransforms(memory, arena, rtp, srtp,
                    (s, n) -> sender.protectRtp(s, OFFSET, n, capacity(s)), (s, n) -> receiver.unprotectRtp(s, OFFSET, n));

            spendSrtcpIndex(sender, rtcp);
            assertEquals(1, sender.stream(0xcafebabe).nextSrtcpIndex(), "RFC 3711 §3.4: the first index is 0");
            assertTransforms(memory, arena, rtcp, srtcp,
                    (s, n) -> sender.protectRtcp(s, OFFSET, n, capacity(s)), (s, n) -> receiver.unprotectRtcp(s, OFFSET, n));
        }
    }

    /** RFC 7714 §16.1-16.2 (RTP) and §17.1-17.2 (RTCP), given as session keys; SRTCP index 0x5d4. */
    @ParameterizedTest
    @EnumSource(Memory.class)
    void rfc7714AesGcm(Memory memory) {
        SessionKeys keys = new SessionKeys(GCM_KEY, GCM_SALT, new byte[0], GCM_KEY, GCM_SALT, new byte[0]);
        SrtpSession sender = new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, keys, 4);
        SrtpSession receiver = new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, keys, 4);
        try (Arena arena = Arena.ofConfined()) {
            assertTransforms(memory, arena, GCM_RTP, GCM_SRTP,
                    (s, n) -> sender.protectRtp(s, OFFSET, n, capacity(s)), (s, n) -> receiver.unprotectRtp(s, OFFSET, n));

            for (int i = 0; i < GCM_SRTCP_INDEX; i++) {
                spendSrtcpIndex(sender, GCM_RTCP);
            }
            assertTransforms(memory, arena, GCM_RTCP, GCM_SRTCP,
                    (s, n) -> sender.protectRtcp(s, OFFSET, n, capacity(s)), (s, n) -> receiver.unprotectRtcp(s, OFFSET, n));
        }
    }

    @ParameterizedTest
    @EnumSource(Memory.class)
    void rfc7714UnencryptedSrtcpIsAuthenticatedAndLeftInClear(Memory memory) {
        SessionKeys keys = new SessionKeys(GCM_KEY, GCM_SALT, new byte[0], GCM_KEY, GCM_SALT, new byte[0]);
        SrtpSession receiver = new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, keys, 4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = memory.hold(arena, GCM_SRTCP_UNENCRYPTED);
            assertEquals(GCM_RTCP.length, receiver.unprotectRtcp(s, OFFSET, GCM_SRTCP_UNENCRYPTED.length));
            assertArrayEquals(GCM_RTCP, bytes(s, GCM_RTCP.length));
            assertEquals(GCM_SRTCP_INDEX, receiver.stream(GCM_RTCP_SSRC).highestSrtcpIndex());

            byte[] forged = GCM_SRTCP_UNENCRYPTED.clone();
            forged[20] ^= 1;
            forged[forged.length - 1]++;
            assertEquals(-SrtpDrop.AUTH_FAILED,
                    receiver.unprotectRtcp(memory.hold(arena, forged), OFFSET, forged.length));
        }
    }

    /** Protects a copy of {@code rtcp} and checks that it used the next index. */
    private static void spendSrtcpIndex(SrtpSession sender, byte[] rtcp) {
        MemorySegment s = MemorySegment.ofArray(java.util.Arrays.copyOf(rtcp, rtcp.length + TestPackets.SPARE));
        assertEquals(rtcp.length + sender.profile().rtcpOverhead(), sender.protectRtcp(s, 0, rtcp.length, (int) s.byteSize()));
    }

    interface Transform {
        int apply(MemorySegment s, int length);
    }

    /** {@code protect(plain) == cipher} and {@code unprotect(cipher) == plain}, in place in the memory given. */
    private static void assertTransforms(Memory memory, Arena arena, byte[] plain, byte[] cipher, Transform protect,
            Transform unprotect) {
        MemorySegment s = memory.hold(arena, plain);
        assertEquals(cipher.length, protect.apply(s, plain.length));
        assertArrayEquals(cipher, bytes(s, cipher.length), () -> TestPackets.HEX.formatHex(bytes(s, cipher.length)));
        MemorySegment c = memory.hold(arena, cipher);
        assertEquals(plain.length, unprotect.apply(c, cipher.length));
        assertArrayEquals(plain, bytes(c, plain.length));
    }
}
