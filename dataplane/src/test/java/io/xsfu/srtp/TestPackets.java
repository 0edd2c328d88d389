package io.xsfu.srtp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Packets for the SRTP tests, and segments (heap or native) holding them at an offset with spare capacity. */
final class TestPackets {
    static final HexFormat HEX = HexFormat.of();
    /** A packet sits this far into its segment, so that offsets are exercised. */
    static final int OFFSET = 48;
    /** Spare bytes after a packet, enough for any tag and SRTCP index. */
    static final int SPARE = 64;

    private TestPackets() {
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s", "").toLowerCase());
    }

    /** RTP with {@code csrcs} CSRCs, a one-byte-header extension of {@code extensionWords} words if > 0, a payload. */
    static byte[] rtp(int seq, int ssrc, int csrcs, int extensionWords, byte[] payload) {
        int header = 12 + 4 * csrcs + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        ByteBuffer b = ByteBuffer.allocate(header + payload.length);
        b.put((byte) (0x80 | (extensionWords > 0 ? 0x10 : 0) | csrcs)).put((byte) 96).putShort((short) seq)
                .putInt(seq * 960).putInt(ssrc);
        for (int i = 0; i < csrcs; i++) {
            b.putInt(0x1000 + i);
        }
        if (extensionWords > 0) {
            b.putShort((short) 0xBEDE).putShort((short) extensionWords);
            for (int i = 0; i < extensionWords; i++) {
                b.putInt(0x22000000 | i);
            }
        }
        return b.put(payload).array();
    }

    static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] payload = new byte[payloadLength];
        new Random(seq * 31L + ssrc).nextBytes(payload);
        return rtp(seq, ssrc, 0, 0, payload);
    }

    /** A receiver report from {@code ssrc} with one report block and some trailing bytes. */
    static byte[] rtcp(int ssrc, int extraWords) {
        ByteBuffer b = ByteBuffer.allocate(8 + 24 + 4 * extraWords);
        b.put((byte) 0x81).put((byte) 201).putShort((short) (7 + extraWords - 1)).putInt(ssrc);
        b.putInt(0x12345678).putInt(0x05000010).putInt(0x00012345).putInt(7).putInt(0).putInt(0);
        for (int i = 0; i < extraWords; i++) {
            b.putInt(0xDEADBEEF ^ i);
        }
        return b.array();
    }

    /** Where a test puts its packet: a heap array or native memory, {@link #OFFSET} bytes in. */
    enum Memory {
        HEAP, NATIVE;

        MemorySegment hold(Arena arena, byte[] packet) {
            int size = OFFSET + packet.length + SPARE;
            MemorySegment s = this == HEAP ? MemorySegment.ofArray(new byte[size]) : arena.allocate(size);
            MemorySegment.copy(MemorySegment.ofArray(packet), 0, s, OFFSET, packet.length);
            return s;
        }
    }

    static byte[] bytes(MemorySegment s, int length) {
        return Arrays.copyOf(s.asSlice(OFFSET, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), length);
    }

    static int capacity(MemorySegment s) {
        return (int) s.byteSize() - OFFSET;
    }
}
