package io.xsfu.srtp;

import static io.xsfu.srtp.TestPackets.OFFSET;
import static io.xsfu.srtp.TestPackets.bytes;
import static io.xsfu.srtp.TestPackets.capacity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.srtp.TestPackets.Memory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

class SrtpProperties {
    private static final Arena ARENA = Arena.ofShared();
    /** Sessions live across tries, so that state (streams, windows, full tables) accumulates as in service. */
    private static final Map<SrtpProfile, SrtpSession> RECEIVERS = new EnumMap<>(SrtpProfile.class);

    static {
        for (SrtpProfile p : SrtpProfile.values()) {
            RECEIVERS.put(p, new SrtpSession(p, new byte[p.keyLength()], new byte[p.saltLength()], 8));
        }
    }

    @AfterContainer
    static void closeArena() {
        ARENA.close();
    }

    /** Random bytes are never accepted and never throw, as RTP or RTCP, in heap or native memory. */
    @Property(tries = 3000)
    void unprotectNeverThrowsNorAcceptsArbitraryBytes(@ForAll @Size(max = 600) byte[] bytes,
            @ForAll SrtpProfile profile, @ForAll Memory memory, @ForAll boolean versionTwo) {
        if (versionTwo && bytes.length > 0) {
            bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
        }
        SrtpSession receiver = RECEIVERS.get(profile);
        MemorySegment s = memory.hold(ARENA, bytes);
        assertTrue(receiver.unprotectRtp(s, OFFSET, bytes.length) < 0);
        assertTrue(receiver.unprotectRtcp(s, OFFSET, bytes.length) < 0);
        assertArrayEquals(bytes, bytes(s, bytes.length), "a rejected packet is left as it was");
    }

    /** Whatever the length handed in, protect and unprotect return a reason or a length, never throw. */
    @Property(tries = 2000)
    void callsWithAnyLengthAndCapacityNeverThrow(@ForAll @Size(max = 200) byte[] bytes, @ForAll SrtpProfile profile,
            @ForAll @IntRange(min = -5, max = 300) int length, @ForAll @IntRange(min = -5, max = 300) int capacity,
            @ForAll @IntRange(min = -5, max = 300) int offset) {
        SrtpSession session = new SrtpSession(profile, new byte[profile.keyLength()], new byte[profile.saltLength()]);
        MemorySegment s = MemorySegment.ofArray(bytes);
        int rtp = session.protectRtp(s, offset, length, capacity);
        int rtcp = session.protectRtcp(s, offset, length, capacity);
        if (rtp >= 0) {
            assertEquals(length + profile.rtpOverhead(), rtp);
        }
        if (rtcp >= 0) {
            assertEquals(length + profile.rtcpOverhead(), rtcp);
        }
        session.unprotectRtp(s, offset, length);
        session.unprotectRtcp(s, offset, length);
    }

    /** protect then unprotect gives the packet back, for any header shape, payload, sequence number and SSRC. */
    @Property(tries = 2000)
    void unprotectInvertsProtect(@ForAll SrtpProfile profile, @ForAll Memory memory,
            @ForAll @IntRange(min = 0, max = 15) int csrcs, @ForAll @IntRange(min = 0, max = 20) int extensionWords,
            @ForAll @Size(max = 1400) byte[] payload, @ForAll @IntRange(min = 0, max = 65535) int seq, @ForAll int ssrc,
            @ForAll @Size(min = 16, max = 16) byte[] key, @ForAll @Size(min = 14, max = 14) byte[] salt) {
        byte[] masterSalt = Arrays.copyOf(salt, profile.saltLength());
        SrtpSession sender = new SrtpSession(profile, key, masterSalt);
        SrtpSession receiver = new SrtpSession(profile, key, masterSalt);
        byte[] rtp = TestPackets.rtp(seq, ssrc, csrcs, extensionWords, payload);
        MemorySegment s = memory.hold(ARENA, rtp);
        int n = sender.protectRtp(s, OFFSET, rtp.length, capacity(s));
        assertEquals(rtp.length + profile.rtpOverhead(), n);
        assertEquals(rtp.length, receiver.unprotectRtp(s, OFFSET, n));
        assertArrayEquals(rtp, bytes(s, rtp.length));

        byte[] rtcp = TestPackets.rtp(seq, ssrc, 0, 0, payload); // any bytes after a version-2 first byte will do
        MemorySegment c = memory.hold(ARENA, rtcp);
        int m = sender.protectRtcp(c, OFFSET, rtcp.length, capacity(c));
        assertEquals(rtcp.length + profile.rtcpOverhead(), m);
        assertEquals(rtcp.length, receiver.unprotectRtcp(c, OFFSET, m));
        assertArrayEquals(rtcp, bytes(c, rtcp.length));
    }

    /** Changing, cutting or extending a protected packet anywhere gets it rejected. */
    @Property(tries = 2000)
    void alteredPacketsAreRejected(@ForAll SrtpProfile profile, @ForAll @Size(min = 0, max = 300) byte[] payload,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 400) Integer> positions,
            @ForAll byte xor, @ForAll @IntRange(min = -20, max = 20) int lengthChange, @ForAll boolean rtcp) {
        SrtpSession sender = new SrtpSession(profile, new byte[16], new byte[profile.saltLength()]);
        byte[] packet = TestPackets.rtp(1234, 42, 1, 1, payload);
        MemorySegment s = MemorySegment.ofArray(Arrays.copyOf(packet, packet.length + 64));
        int n = rtcp ? sender.protectRtcp(s, 0, packet.length, packet.length + 64)
                : sender.protectRtp(s, 0, packet.length, packet.length + 64);
        byte[] original = Arrays.copyOf(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), n);
        byte[] altered = original.clone();
        byte effective = xor == 0 ? 1 : xor;
        for (int p : positions) {
            altered[p % n] ^= effective;
        }
        altered = Arrays.copyOf(altered, Math.max(0, n + lengthChange));
        boolean changed = !Arrays.equals(original, altered);
        SrtpSession receiver = new SrtpSession(profile, new byte[16], new byte[profile.saltLength()]);
        MemorySegment a = MemorySegment.ofArray(altered);
        int r = rtcp ? receiver.unprotectRtcp(a, 0, altered.length) : receiver.unprotectRtp(a, 0, altered.length);
        assertEquals(changed, r < 0, "accepted iff unchanged: " + r);
    }
}
