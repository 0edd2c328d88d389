package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6464 levels read from real packets: one-byte and two-byte extension forms, other elements around it,
 * packets without it, and malformed or truncated element lists (no level, the malformed ones counted).
 */
class AudioLevelMeterTest {
    private static final int ID = 3;
    private static final int OFFSET = 42; // where a UDP payload starts in an Ethernet/IPv4 frame

    private AtomicCounter energy;
    private AtomicCounter packets;
    private AtomicCounter malformed;
    private AudioLevelMeter meter;

    @BeforeEach
    void setUp() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024)));
        energy = manager.newCounter("energy");
        packets = manager.newCounter("packets");
        malformed = manager.newCounter("malformed");
        meter = AudioLevelMeter.of(ID, new AudioLevelMeter.Counters(energy, packets, malformed));
    }

    @Test
    void readsTheLevelOfAOneByteElementBesideOthers() {
        // mid (id 1, 2 bytes), then the level with V set and 30 -dBov, then padding
        meter.measure(packet(0xBEDE, 0x11, 'a', 'b', (ID << 4), 0x80 | 30, 0, 0, 0), OFFSET); // 5 bytes, 3 of padding
        assertEquals(1, packets.get());
        assertEquals(AudioLevelMeter.energy(30), energy.get());
        assertEquals(AudioLevelMeter.FULL_SCALE_ENERGY / 1000, AudioLevelMeter.energy(30), "30 dB below full scale: a thousandth of its power");
        assertEquals(0, malformed.get());
    }

    @Test
    void readsTheTwoByteForm() {
        meter.measure(packet(0x1000, ID, 1, 10, 0), OFFSET);
        assertEquals(1, packets.get());
        assertEquals(AudioLevelMeter.energy(10), energy.get());
    }

    @Test
    void energiesAddUpAndSilenceAddsNone() {
        meter.measure(packet(0xBEDE, ID << 4, 0, 0, 0), OFFSET);
        meter.measure(packet(0xBEDE, ID << 4, 127, 0, 0), OFFSET);
        meter.measure(packet(0xBEDE, ID << 4, 0x80 | 127, 0, 0), OFFSET);
        assertEquals(3, packets.get());
        assertEquals(AudioLevelMeter.FULL_SCALE_ENERGY, energy.get());
    }

    @Test
    void aPacketWithoutTheElementHasNoLevel() {
        meter.measure(packet(0xBEDE, 0x20, 7, 0, 0), OFFSET); // only id 2
        meter.measure(withoutExtension(), OFFSET);
        meter.measure(packet(0xABCD, ID << 4, 5, 0, 0), OFFSET); // a profile that is neither form
        assertEquals(0, packets.get());
        assertEquals(0, energy.get());
        assertEquals(0, malformed.get());
    }

    @Test
    void anElementOfTheWrongLengthIsMalformedAndCounted() {
        meter.measure(packet(0xBEDE, (ID << 4) | 1, 20, 20, 0), OFFSET); // two bytes
        meter.measure(packet(0x1000, ID, 0, 0, 0), OFFSET); // two-byte form, empty
        assertEquals(0, packets.get());
        assertEquals(0, energy.get());
        assertEquals(2, malformed.get());
    }

    @Test
    void aTruncatedElementListIsNoLevel() {
        // an element before ours claims 16 bytes, past the end of the 4-byte block: the walk stops there
        meter.measure(packet(0xBEDE, 0x1F, 1, (ID << 4), 40), OFFSET);
        // the block ends inside a two-byte element header
        meter.measure(packet(0x1000, 0, 0, 0, ID), OFFSET);
        assertEquals(0, packets.get());
        assertEquals(0, energy.get());
    }

    @Test
    void noneReadsNothingAndBadIdsGiveNone() {
        AudioLevelMeter.NONE.measure(packet(0xBEDE, ID << 4, 0, 0, 0), OFFSET);
        assertSame(AudioLevelMeter.NONE, AudioLevelMeter.of(0, new AudioLevelMeter.Counters(energy, packets, malformed)));
        assertSame(AudioLevelMeter.NONE, AudioLevelMeter.of(ID, null));
        assertEquals(0, packets.get());
    }

    @Test
    void dbovOfMeanEnergies() {
        assertEquals(0, AudioLevelMeter.dbov(AudioLevelMeter.FULL_SCALE_ENERGY), 1e-9);
        assertEquals(-30, AudioLevelMeter.dbov(AudioLevelMeter.energy(30)), 1e-6);
        assertEquals(-127, AudioLevelMeter.dbov(0), 1e-9);
        assertTrue(AudioLevelMeter.dbov(AudioLevelMeter.energy(20) / 2.0) < -22.9);
    }

    @Test
    void measuringAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        MemorySegment withLevel = packet(0xBEDE, 0x11, 'a', 'b', ID << 4, 40, 0, 0, 0);
        MemorySegment bad = packet(0xBEDE, (ID << 4) | 1, 20, 20, 0);
        for (int i = 0; i < 200_000; i++) { // warm-up: interpreter, C1, C2
            meter.measure((i & 7) == 0 ? bad : withLevel, OFFSET);
        }
        long[] rounds = new long[5];
        for (int r = 0; r < rounds.length; r++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                meter.measure((i & 7) == 0 ? bad : withLevel, OFFSET);
            }
            rounds[r] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        // a real per-packet allocation is megabytes a round; a deoptimisation a few hundred bytes
        assertTrue(java.util.Arrays.stream(rounds).allMatch(b -> b <= 1024), java.util.Arrays.toString(rounds));
        assertTrue(java.util.Arrays.stream(rounds).anyMatch(b -> b == 0), java.util.Arrays.toString(rounds));
        assertEquals((200_000 + 5 * 100_000) * 7 / 8, packets.get(), "7 of 8 packets carried a level");
        assertEquals((200_000 + 5 * 100_000) / 8, malformed.get(), "the others were malformed");
    }

    /** An Opus packet (PT 111) at {@link #OFFSET} with a header extension: profile, then {@code words} bytes (a multiple of 4). */
    private static MemorySegment packet(int profile, int... bytes) {
        assertEquals(0, bytes.length % 4);
        int length = 12 + 4 + bytes.length + 20;
        byte[] frame = new byte[OFFSET + length];
        int at = OFFSET;
        frame[at] = (byte) 0x90; // V=2, X=1
        frame[at + 1] = 111;
        frame[at + 2] = 0x12;
        frame[at + 3] = 0x34;
        frame[at + 11] = 0x77; // SSRC
        frame[at + 12] = (byte) (profile >>> 8);
        frame[at + 13] = (byte) profile;
        frame[at + 15] = (byte) (bytes.length / 4);
        for (int i = 0; i < bytes.length; i++) {
            frame[at + 16 + i] = (byte) bytes[i];
        }
        for (int i = at + 16 + bytes.length; i < frame.length; i++) {
            frame[i] = (byte) 0xA5; // payload
        }
        return MemorySegment.ofArray(frame);
    }

    private static MemorySegment withoutExtension() {
        byte[] frame = new byte[OFFSET + 12 + 20];
        frame[OFFSET] = (byte) 0x80;
        frame[OFFSET + 1] = 111;
        return MemorySegment.ofArray(frame);
    }
}
