package io.xsfu.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.RtpHeader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class LoadPacketTest {
    @Test
    void aStampedPacketIsValidRtpWithTheStampAfterTheHeader() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(200);
            buf.fill((byte) 0x55);
            LoadPacket.init(buf, 200, 96, 0x5EED0003, 3);
            LoadPacket.stamp(buf, 0, 0xFFFF, 0xFFFF_FF00, 7, 123_456_789_012L);

            RtpHeader rtp = new RtpHeader().wrap(buf, 0, 200);
            assertEquals(2, rtp.version());
            assertEquals(96, rtp.payloadType());
            assertEquals(0x5EED0003, rtp.ssrc());
            assertEquals(0xFFFF, rtp.sequenceNumber());
            assertEquals(0xFFFF_FF00L, LoadPacket.timestamp(buf, 0));
            assertEquals(12, rtp.headerLength());
            assertTrue(LoadPacket.isStamped(buf, 0, 200));
            assertEquals(123_456_789_012L, LoadPacket.sentNanos(buf, 0));
            assertEquals(3, LoadPacket.publisher(buf, 0));
            // The sink reads the magic and the big-endian send time at these offsets of the RTP payload.
            assertEquals(0x78, buf.get(ValueLayout.JAVA_BYTE, 12));
            assertEquals(0x62, buf.get(ValueLayout.JAVA_BYTE, 15));
            assertEquals((byte) (123_456_789_012L & 0xFF), buf.get(ValueLayout.JAVA_BYTE, 12 + 4 + 7));
            // Padding is zeros, whatever the buffer held.
            assertEquals(0, buf.get(ValueLayout.JAVA_BYTE, 199));
        }
    }

    @Test
    void sizesOutsideOneDatagramWithAStampAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(2000);
            assertThrows(IllegalArgumentException.class, () -> LoadPacket.init(buf, LoadPacket.MIN_LENGTH - 1, 96, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> LoadPacket.init(buf, LoadPacket.MAX_LENGTH + 1, 96, 1, 0));
        }
    }

    @Test
    void otherTrafficIsNotAStampedPacket() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(100);
            LoadPacket.init(buf, 100, 96, 1, 0);
            assertFalse(LoadPacket.isStamped(buf, 0, LoadPacket.MIN_LENGTH - 1));
            buf.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x40);
            assertFalse(LoadPacket.isStamped(buf, 0, 100));
        }
    }
}
