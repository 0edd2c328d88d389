package io.xsfu.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network byte order access to a frame. Every header is unaligned in a frame (the Ethernet header is 14
 * bytes, a VLAN tag 4), hence the unaligned layouts; they are static finals so their var handles are
 * built once and the JIT folds them into plain loads (a byte swap on little-endian CPUs).
 */
public final class Wire {
    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    public static int u8(MemorySegment s, long offset) {
        return s.get(U8, offset) & 0xFF;
    }

    public static int u16(MemorySegment s, long offset) {
        return s.get(BE16, offset) & 0xFFFF;
    }

    /** A 32-bit field as the raw int (SSRCs, timestamps and IPv4 addresses stay ints on the hot path). */
    public static int i32(MemorySegment s, long offset) {
        return s.get(BE32, offset);
    }

    public static long u32(MemorySegment s, long offset) {
        return s.get(BE32, offset) & 0xFFFF_FFFFL;
    }

    public static long i64(MemorySegment s, long offset) {
        return s.get(BE64, offset);
    }

    /** A 48-bit MAC address as the low 48 bits of a long, first octet most significant. */
    public static long mac(MemorySegment s, long offset) {
        return ((long) u16(s, offset) << 32) | u32(s, offset + 2);
    }

    public static void putU8(MemorySegment s, long offset, int value) {
        s.set(U8, offset, (byte) value);
    }

    public static void putU16(MemorySegment s, long offset, int value) {
        s.set(BE16, offset, (short) value);
    }

    public static void putI32(MemorySegment s, long offset, int value) {
        s.set(BE32, offset, value);
    }

    public static void putI64(MemorySegment s, long offset, long value) {
        s.set(BE64, offset, value);
    }

    public static void putMac(MemorySegment s, long offset, long mac) {
        s.set(BE16, offset, (short) (mac >>> 32));
        s.set(BE32, offset + 2, (int) mac);
    }
}
