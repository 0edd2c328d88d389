package io.xsfu.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one place that talks to the {@link Linker}: every facade ({@link Libc}, Libbpf, Libxdp) makes its
 * method handles here, once, in static finals.
 */
public final class Native {
    public static final Linker LINKER = Linker.nativeLinker();
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout C_SIZE_T = ValueLayout.JAVA_LONG;
    public static final ValueLayout C_POINTER = ValueLayout.ADDRESS;

    /** Layout of the state a downcall captures; only errno is asked for. */
    public static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Native() {
    }

    /** A library loaded by its soname, for the lifetime of the JVM. */
    public static SymbolLookup library(String soname) {
        return SymbolLookup.libraryLookup(soname, java.lang.foreign.Arena.global());
    }

    /** A downcall that returns its result and leaves errno in a capture segment passed as first argument. */
    public static MethodHandle withErrno(SymbolLookup lookup, String name, FunctionDescriptor descriptor,
                                         Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(find(lookup, name), descriptor, options);
    }

    /** A plain downcall, for functions that report errors in their return value (libbpf, libxdp). */
    public static MethodHandle plain(SymbolLookup lookup, String name, FunctionDescriptor descriptor,
                                     Linker.Option... options) {
        return LINKER.downcallHandle(find(lookup, name), descriptor, options);
    }

    /** The errno captured by the last call that used this capture segment. */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).or(() -> LINKER.defaultLookup().find(name))
                .orElseThrow(() -> new UnsatisfiedLinkError("native symbol not found: " + name));
    }

    /** Wraps Throwable from MethodHandle.invokeExact into an unchecked error: a linkage bug, never a runtime condition. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
