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
    void theSrtpLayoutCarriesTheStampInAHeaderExtensionAndThePayloadAlike() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(190);
            buf.fill((byte) 0x55);
            LoadPacket.init(buf, 190, 96, 0x5EED0001, 1, true);
            LoadPacket.stamp(buf, 0, 42, 960, 9, 987_654_321L);

            RtpHeader rtp = new RtpHeader().wrap(buf, 0, 190);
            assertEquals(2, rtp.version());
            assertTrue(rtp.extension());
            assertEquals(LoadPacket.EXTENDED_HEADER, rtp.headerLength(), "12 + 4 + one element of 12 bytes padded to 16");
            assertEquals(42, rtp.sequenceNumber());
            // RFC 8285 one-byte form: 0xBEDE, 4 words, element id 1 of 12 bytes (length - 1 = 11).
            assertEquals((byte) 0xBE, buf.get(ValueLayout.JAVA_BYTE, 12));
            assertEquals((byte) 0xDE, buf.get(ValueLayout.JAVA_BYTE, 13));
            assertEquals(4, buf.get(ValueLayout.JAVA_BYTE, 15));
            assertEquals(0x1B, buf.get(ValueLayout.JAVA_BYTE, 16));
            assertEquals(0x78, buf.get(ValueLayout.JAVA_BYTE, 17), "the magic starts the element's data");
            assertEquals((byte) (987_654_321L & 0xFF), buf.get(ValueLayout.JAVA_BYTE, 17 + 4 + 7));
            assertEquals(0, buf.get(ValueLayout.JAVA_BYTE, 29), "padding to the word");
            assertTrue(LoadPacket.hasStampExtension(buf, 0, 190));
            assertTrue(LoadPacket.isStamped(buf, 0, 190));
            assertEquals(987_654_321L, LoadPacket.sentNanos(buf, 0));
            assertEquals(987_654_321L, LoadPacket.payloadSentNanos(buf, 0));
            assertEquals(1, LoadPacket.publisher(buf, 0));
            assertEquals(0x78, buf.get(ValueLayout.JAVA_BYTE, LoadPacket.EXTENDED_HEADER), "the payload is laid out as in clear RTP");

            // Encrypted payload (here: scrambled), the extension in clear: still stamped for the sink.
            buf.asSlice(LoadPacket.EXTENDED_HEADER).fill((byte) 0x3C);
            assertTrue(LoadPacket.isStamped(buf, 0, 190));
            assertEquals(987_654_321L, LoadPacket.sentNanos(buf, 0));
            assertThrows(IllegalArgumentException.class, () -> LoadPacket.init(buf, LoadPacket.MIN_EXTENDED_LENGTH - 1, 96, 1, 0, true));
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
