package io.xsfu.srtp;

import static io.xsfu.srtp.TestPackets.OFFSET;
import static io.xsfu.srtp.TestPackets.bytes;
import static io.xsfu.srtp.TestPackets.capacity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.srtp.TestPackets.Memory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    private static final int SSRC = 0x11223344;

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private static SrtpSession session(SrtpProfile profile) {
        return session(profile, SrtpSession.DEFAULT_MAX_STREAMS);
    }

    private static SrtpSession session(SrtpProfile profile, int maxStreams) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        Arrays.fill(key, (byte) 0x5A);
        Arrays.fill(salt, (byte) 0xA5);
        return new SrtpSession(profile, key, salt, maxStreams);
    }

    /** A protected copy of {@code rtp}, as an array. */
    private static byte[] protect(SrtpSession sender, byte[] rtp) {
        MemorySegment s = MemorySegment.ofArray(Arrays.copyOf(rtp, rtp.length + TestPackets.SPARE));
        int n = sender.protectRtp(s, 0, rtp.length, (int) s.byteSize());
        assertEquals(rtp.length + sender.profile().rtpOverhead(), n);
        return Arrays.copyOf(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), n);
    }

    private static byte[] protectRtcp(SrtpSession sender, byte[] rtcp) {
        MemorySegment s = MemorySegment.ofArray(Arrays.copyOf(rtcp, rtcp.length + TestPackets.SPARE));
        int n = sender.protectRtcp(s, 0, rtcp.length, (int) s.byteSize());
        assertEquals(rtcp.length + sender.profile().rtcpOverhead(), n);
        return Arrays.copyOf(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), n);
    }

    private int unprotect(SrtpSession receiver, byte[] srtp, Memory memory) {
        return receiver.unprotectRtp(memory.hold(arena, srtp), OFFSET, srtp.length);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void roundTripsWithCsrcsExtensionsAndEmptyPayloadsInPlace(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        SrtpSession receiver = session(profile);
        int seq = 100;
        for (Memory memory : Memory.values()) {
            for (int csrcs : new int[] {0, 1, 15}) {
                for (int ext : new int[] {0, 1, 7}) {
                    for (int payload : new int[] {0, 1, 15, 16, 17, 160, 1200, 2047, 2048, 2049, 3000}) {
                        byte[] rtp = TestPackets.rtp(seq, SSRC, csrcs, ext, TestPackets.rtp(seq, 1, payload));
                        MemorySegment s = memory.hold(arena, rtp);
                        int n = sender.protectRtp(s, OFFSET, rtp.length, capacity(s));
                        assertEquals(rtp.length + profile.rtpOverhead(), n);
                        byte[] srtp = bytes(s, n);
                        int header = rtp.length - payload - 12;
                        assertArrayEquals(Arrays.copyOf(rtp, header), Arrays.copyOf(srtp, header), "header in clear");
                        if (payload >= 16) {
                            assertFalse(Arrays.equals(rtp, header, rtp.length, srtp, header, rtp.length), "payload encrypted");
                        }
                        assertEquals(rtp.length, receiver.unprotectRtp(s, OFFSET, n));
                        assertArrayEquals(rtp, bytes(s, rtp.length));
                        seq++;
                    }
                }
            }
        }
        assertEquals(seq, receiver.stream(SSRC).highestRtpIndex() + 1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedAndTooOldPacketsAreRejectedAndReorderedOnesWithinTheWindowAccepted(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        SrtpSession receiver = session(profile);
        List<byte[]> sent = new ArrayList<>();
        for (int seq = 1000; seq < 1200; seq++) {
            sent.add(protect(sender, TestPackets.rtp(seq, SSRC, 100)));
        }
        Memory m = Memory.NATIVE;
        assertTrue(unprotect(receiver, sent.get(100), m) > 0);
        assertEquals(-SrtpDrop.REPLAYED, unprotect(receiver, sent.get(100), m));
        assertTrue(unprotect(receiver, sent.get(99), m) > 0, "one behind");
        assertTrue(unprotect(receiver, sent.get(100 - 63), m) > 0, "63 behind: the window's last slot");
        assertEquals(-SrtpDrop.TOO_OLD, unprotect(receiver, sent.get(100 - 64), m));
        assertEquals(-SrtpDrop.REPLAYED, unprotect(receiver, sent.get(99), m));
        assertTrue(unprotect(receiver, sent.get(199), m) > 0, "a jump ahead");
        assertEquals(-SrtpDrop.TOO_OLD, unprotect(receiver, sent.get(101), m), "98 behind now");
        assertTrue(unprotect(receiver, sent.get(150), m) > 0);
        assertEquals(1199, receiver.stream(SSRC).highestRtpIndex());
    }

    /**
     * The sender crosses 65535 -> 0 (rollover counter 0 -> 1); the receiver follows, still accepts a late
     * packet from before the wrap (guessing rollover counter 0 for it) and rejects a replay of one after.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterFollowsTheWrapAndLatePacketsFromBeforeItStillAuthenticate(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        SrtpSession receiver = session(profile);
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> plain = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] rtp = TestPackets.rtp((65515 + i) & 0xFFFF, SSRC, 200);
            plain.add(rtp);
            sent.add(protect(sender, rtp));
        }
        assertEquals(1, sender.stream(SSRC).rolloverCounter());
        int late = 18; // seq 65533, held back
        for (int i = 0; i < 40; i++) {
            if (i != late) {
                MemorySegment s = Memory.HEAP.hold(arena, sent.get(i));
                assertEquals(plain.get(i).length, receiver.unprotectRtp(s, OFFSET, sent.get(i).length), "packet " + i);
                assertArrayEquals(plain.get(i), bytes(s, plain.get(i).length));
            }
        }
        assertEquals(1, receiver.stream(SSRC).rolloverCounter());
        assertEquals(0x10000L + 18, receiver.stream(SSRC).highestRtpIndex(), "seq 18 after the wrap");
        MemorySegment s = Memory.NATIVE.hold(arena, sent.get(late));
        assertEquals(plain.get(late).length, receiver.unprotectRtp(s, OFFSET, sent.get(late).length));
        assertArrayEquals(plain.get(late), bytes(s, plain.get(late).length));
        assertEquals(-SrtpDrop.REPLAYED, unprotect(receiver, sent.get(late), Memory.HEAP));
        assertEquals(-SrtpDrop.REPLAYED, unprotect(receiver, sent.get(30), Memory.HEAP));
        assertEquals(1, receiver.stream(SSRC).rolloverCounter(), "a late packet does not move the counter back");
    }

    /** Receiving a stream whose rollover counter is not 0 from the start fails: SRTP does not carry it. */
    @Test
    void aReceiverThatMissedTheWrapCannotAuthenticate() {
        SrtpSession sender = session(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        for (int seq = 0; seq < 65536; seq += 1000) {
            protect(sender, TestPackets.rtp(seq, SSRC, 10));
        }
        byte[] afterWrap = protect(sender, TestPackets.rtp(5, SSRC, 10));
        assertEquals(1, sender.stream(SSRC).rolloverCounter());
        assertEquals(-SrtpDrop.AUTH_FAILED, unprotect(session(SrtpProfile.AES_CM_128_HMAC_SHA1_80), afterWrap, Memory.HEAP));
    }

    /** Every single flipped bit of a protected packet makes it rejected, and the packet and state stay as they were. */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyFlippedBitIsRejectedWithoutSideEffects(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        SrtpSession receiver = session(profile);
        byte[] rtp = TestPackets.rtp(7, SSRC, 1, 1, new byte[40]);
        byte[] srtp = protect(sender, rtp);
        for (int bit = 0; bit < srtp.length * 8; bit++) {
            byte[] bad = srtp.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            MemorySegment s = Memory.NATIVE.hold(arena, bad);
            int r = receiver.unprotectRtp(s, OFFSET, bad.length);
            assertTrue(r == -SrtpDrop.AUTH_FAILED || r == -SrtpDrop.BAD_HEADER, "bit " + bit + ": " + r);
            assertArrayEquals(bad, bytes(s, bad.length), "bit " + bit + " left the packet as it was");
        }
        assertEquals(0, receiver.streamCount(), "no stream for packets that never authenticated");
        assertEquals(rtp.length, unprotect(receiver, srtp, Memory.HEAP));

        byte[] srtcp = protectRtcp(sender, TestPackets.rtcp(SSRC, 3));
        for (int bit = 0; bit < srtcp.length * 8; bit++) {
            byte[] bad = srtcp.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            int r = receiver.unprotectRtcp(Memory.HEAP.hold(arena, bad), OFFSET, bad.length);
            assertTrue(r == -SrtpDrop.AUTH_FAILED || r == -SrtpDrop.BAD_HEADER, "RTCP bit " + bit + ": " + r);
        }
        assertEquals(srtcp.length - profile.rtcpOverhead(),
                receiver.unprotectRtcp(Memory.HEAP.hold(arena, srtcp), OFFSET, srtcp.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aSessionWithOtherKeysCannotUnprotect(SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        SrtpSession other = new SrtpSession(profile, key, salt);
        byte[] srtp = protect(session(profile), TestPackets.rtp(1, SSRC, 100));
        assertEquals(-SrtpDrop.AUTH_FAILED, unprotect(other, srtp, Memory.HEAP));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpIndexesCountUpWithTheEncryptedFlagAndReplaysAreRejected(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        SrtpSession receiver = session(profile);
        byte[] rtcp = TestPackets.rtcp(SSRC, 5);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] srtcp = protectRtcp(sender, rtcp);
            int trailer = profile.aead() ? srtcp.length - 4 : srtcp.length - 4 - 10;
            assertEquals(0x8000_0000 | i, java.nio.ByteBuffer.wrap(srtcp, trailer, 4).getInt(), "E flag and index " + i);
            assertArrayEquals(Arrays.copyOf(rtcp, 8), Arrays.copyOf(srtcp, 8), "header and SSRC in clear");
            assertFalse(Arrays.equals(rtcp, 8, rtcp.length, srtcp, 8, rtcp.length), "the rest encrypted");
            sent.add(srtcp);
        }
        assertEquals(100, sender.stream(SSRC).nextSrtcpIndex());
        for (int i : new int[] {50, 49, 51, 99, 36}) {
            MemorySegment s = Memory.NATIVE.hold(arena, sent.get(i));
            assertEquals(rtcp.length, receiver.unprotectRtcp(s, OFFSET, sent.get(i).length), "index " + i);
            assertArrayEquals(rtcp, bytes(s, rtcp.length));
        }
        assertEquals(99, receiver.stream(SSRC).highestSrtcpIndex());
        assertEquals(-SrtpDrop.REPLAYED, receiver.unprotectRtcp(Memory.HEAP.hold(arena, sent.get(50)), OFFSET, sent.get(50).length));
        assertEquals(-SrtpDrop.TOO_OLD, receiver.unprotectRtcp(Memory.HEAP.hold(arena, sent.get(35)), OFFSET, sent.get(35).length));
    }

    /** SRTCP with E = 0 (RFC 3711 §3.4): authenticated, not encrypted; the tag here is computed with the JDK's Mac. */
    @Test
    void unencryptedSrtcpIsAuthenticatedAndLeftInClear() throws Exception {
        byte[] masterKey = new byte[16];
        byte[] masterSalt = new byte[14];
        Arrays.fill(masterKey, (byte) 0x5A);
        Arrays.fill(masterSalt, (byte) 0xA5);
        byte[] authKey = KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTCP_AUTHENTICATION, 20);
        byte[] rtcp = TestPackets.rtcp(SSRC, 2);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(rtcp.length + 14).put(rtcp).putInt(77);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
        mac.update(b.array(), 0, rtcp.length + 4);
        byte[] srtcp = b.put(mac.doFinal(), 0, 10).array();

        SrtpSession receiver = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_32, masterKey, masterSalt);
        MemorySegment s = Memory.NATIVE.hold(arena, srtcp);
        assertEquals(rtcp.length, receiver.unprotectRtcp(s, OFFSET, srtcp.length));
        assertArrayEquals(rtcp, bytes(s, rtcp.length));
        assertEquals(77, receiver.stream(SSRC).highestSrtcpIndex());

        srtcp[rtcp.length] = (byte) 0x80; // claims E = 1: the tag covers the flag
        SrtpSession fresh = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_32, masterKey, masterSalt);
        assertEquals(-SrtpDrop.AUTH_FAILED, fresh.unprotectRtcp(Memory.HEAP.hold(arena, srtcp), OFFSET, srtcp.length));
    }

    @Test
    void theSha1ThirtyTwoProfileHasAFourByteSrtpTagAndATenByteSrtcpTag() {
        SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_32;
        assertEquals(4, p.rtpOverhead());
        assertEquals(14, p.rtcpOverhead());
        assertEquals(16, SrtpProfile.AEAD_AES_128_GCM.rtpOverhead());
        assertEquals(20, SrtpProfile.AEAD_AES_128_GCM.rtcpOverhead());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.ofId(7));
        assertTrue(SrtpProfile.supported(1) && SrtpProfile.supported(2) && !SrtpProfile.supported(8));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void streamsAreBoundedAndARemovedOneFreesItsSlot(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        SrtpSession receiver = session(profile, 3);
        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            assertTrue(unprotect(receiver, protect(sender, TestPackets.rtp(1, ssrc, 10)), Memory.HEAP) > 0);
        }
        byte[] fourth = protect(sender, TestPackets.rtp(1, 4, 10));
        assertEquals(-SrtpDrop.TOO_MANY_STREAMS, unprotect(receiver, fourth, Memory.HEAP));
        byte[] rtcp = protectRtcp(sender, TestPackets.rtcp(4, 0));
        assertEquals(-SrtpDrop.TOO_MANY_STREAMS, receiver.unprotectRtcp(Memory.HEAP.hold(arena, rtcp), OFFSET, rtcp.length));
        assertTrue(unprotect(receiver, protect(sender, TestPackets.rtp(2, 2, 10)), Memory.HEAP) > 0, "known SSRCs go on");
        assertTrue(receiver.removeStream(1));
        assertFalse(receiver.removeStream(1));
        assertNull(receiver.stream(1));
        assertEquals(2, receiver.streamCount());
        assertTrue(unprotect(receiver, fourth, Memory.HEAP) > 0);
        assertEquals(3, receiver.streamCount());

        SrtpSession boundedSender = session(profile, 1);
        protect(boundedSender, TestPackets.rtp(1, 1, 10));
        MemorySegment s = MemorySegment.ofArray(Arrays.copyOf(TestPackets.rtp(1, 2, 10), 100));
        assertEquals(-SrtpDrop.TOO_MANY_STREAMS, boundedSender.protectRtp(s, 0, 22, 100));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void malformedCallsAndPacketsAreReasonsNotExceptions(SrtpProfile profile) {
        SrtpSession session = session(profile);
        MemorySegment s = MemorySegment.ofArray(new byte[100]);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x80);
        int oob = -DropReason.FRAME_OUT_OF_BOUNDS;
        assertEquals(oob, session.unprotectRtp(s, 90, 20));
        assertEquals(oob, session.unprotectRtp(s, -1, 20));
        assertEquals(oob, session.unprotectRtcp(s, 0, -1));
        assertEquals(oob, session.protectRtp(s, 0, 20, 101));
        assertEquals(oob, session.protectRtp(s, 0, 30, 20));
        assertEquals(oob, session.protectRtcp(s, Long.MAX_VALUE, 20, 20));
        assertEquals(-SrtpDrop.TOO_SHORT, session.unprotectRtp(s, 0, 11 + profile.rtpOverhead()));
        assertEquals(-SrtpDrop.TOO_SHORT, session.unprotectRtcp(s, 0, 7 + profile.rtcpOverhead()));
        assertEquals(-SrtpDrop.TOO_SHORT, session.protectRtp(s, 0, 11, 100));
        assertEquals(-SrtpDrop.TOO_SHORT, session.protectRtcp(s, 0, 7, 100));
        assertEquals(-SrtpDrop.NO_ROOM, session.protectRtp(s, 0, 100 - profile.rtpOverhead() + 1, 100));
        assertEquals(-SrtpDrop.NO_ROOM, session.protectRtcp(s, 0, 100 - profile.rtcpOverhead() + 1, 100));

        MemorySegment big = MemorySegment.ofArray(new byte[SrtpSession.MAX_PACKET_LENGTH + 100]);
        big.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x80);
        assertEquals(-SrtpDrop.TOO_LONG, session.unprotectRtp(big, 0, SrtpSession.MAX_PACKET_LENGTH + 1));
        assertEquals(-SrtpDrop.TOO_LONG, session.protectRtcp(big, 0, SrtpSession.MAX_PACKET_LENGTH + 1, (int) big.byteSize()));

        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x40);
        assertEquals(-SrtpDrop.BAD_HEADER, session.unprotectRtp(s, 0, 60), "version 1");
        assertEquals(-SrtpDrop.BAD_HEADER, session.protectRtcp(s, 0, 60, 100));
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x8F);
        assertEquals(-SrtpDrop.BAD_HEADER, session.protectRtp(s, 0, 60, 100), "15 CSRCs do not fit in 60 bytes");
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x90);
        s.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 14, (short) 20);
        assertEquals(-SrtpDrop.BAD_HEADER, session.unprotectRtp(s, 0, 80), "an extension of 80 bytes");
        assertEquals(0, session.streamCount());
    }

    /** AES-CM protects a retransmission under its old index again, to the same bytes; GCM refuses (see SrtpSession). */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aRepeatedIndexIsProtectedAgainOnlyByAesCm(SrtpProfile profile) {
        SrtpSession sender = session(profile);
        byte[] first = protect(sender, TestPackets.rtp(10, SSRC, 50));
        for (int seq = 11; seq < 100; seq++) {
            protect(sender, TestPackets.rtp(seq, SSRC, 50));
        }
        byte[] rtp = TestPackets.rtp(10, SSRC, 50);
        MemorySegment s = MemorySegment.ofArray(Arrays.copyOf(rtp, 200));
        int n = sender.protectRtp(s, 0, rtp.length, 200);
        if (profile.aead()) {
            assertEquals(-SrtpDrop.TOO_OLD, n, "89 behind");
            byte[] recent = TestPackets.rtp(98, SSRC, 50);
            MemorySegment r = MemorySegment.ofArray(Arrays.copyOf(recent, 200));
            assertEquals(-SrtpDrop.INDEX_REUSED, sender.protectRtp(r, 0, recent.length, 200));
            assertArrayEquals(recent, Arrays.copyOf(r.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), recent.length));
        } else {
            assertEquals(first.length, n);
            assertArrayEquals(first, Arrays.copyOf(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), n));
        }
        assertEquals(99, sender.stream(SSRC).highestRtpIndex());
    }

    @Test
    void sessionsOfDifferentProfilesDoNotUnderstandEachOther() {
        byte[] srtp = protect(session(SrtpProfile.AES_CM_128_HMAC_SHA1_80), TestPackets.rtp(1, SSRC, 100));
        assertEquals(-SrtpDrop.AUTH_FAILED, unprotect(session(SrtpProfile.AES_CM_128_HMAC_SHA1_32), srtp, Memory.HEAP));
        byte[] rtp = TestPackets.rtp(1, SSRC, 100);
        assertNotEquals(srtp.length, protect(session(SrtpProfile.AES_CM_128_HMAC_SHA1_32), rtp).length);
    }
}
