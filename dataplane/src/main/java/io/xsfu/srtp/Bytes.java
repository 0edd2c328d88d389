package io.xsfu.srtp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian access to the heap scratch arrays and the copies between them and a packet's segment. */
final class Bytes {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static int getInt(byte[] b, int i) {
        return (int) INT.get(b, i);
    }

    static void putInt(byte[] b, int i, int v) {
        INT.set(b, i, v);
    }

    static long getLong(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }

    static void putLong(byte[] b, int i, long v) {
        LONG.set(b, i, v);
    }

    static void fromSegment(MemorySegment s, long offset, byte[] dst, int dstIndex, int length) {
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, offset, dst, dstIndex, length);
    }

    static void toSegment(byte[] src, int srcIndex, MemorySegment s, long offset, int length) {
        MemorySegment.copy(src, srcIndex, s, ValueLayout.JAVA_BYTE, offset, length);
    }

    /** Compares {@code length} bytes in time independent of where they differ. */
    static boolean equalInConstantTime(byte[] a, int aIndex, byte[] b, int bIndex, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aIndex + i] ^ b[bIndex + i];
        }
        return diff == 0;
    }
}
