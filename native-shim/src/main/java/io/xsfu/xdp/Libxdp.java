package io.xsfu.xdp;

import static io.xsfu.sys.Native.C_INT;
import static io.xsfu.sys.Native.C_LONG;
import static io.xsfu.sys.Native.C_POINTER;

import io.xsfu.sys.Errno;
import io.xsfu.sys.Native;
import io.xsfu.sys.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Facade over libxdp (1.3): open an XDP program, attach and detach it (through libxdp's multi-program
 * dispatcher when the kernel supports it, as a single program otherwise), and inspect what is attached to
 * an interface. Handles ({@code struct xdp_program *}, {@code struct xdp_multiprog *}) are opaque
 * {@link MemorySegment}s; whoever gets one from an {@code open}/{@code get} call closes it.
 *
 * <p>libxdp's pointer results can carry an error encoded in the pointer (its legacy API) or be NULL with
 * errno set; both are decoded with {@code libxdp_get_error}, with the errno captured at the call as the
 * fallback for NULL. Loading this class routes libxdp's log to the {@code io.xsfu.xdp.libxdp}
 * {@link System.Logger} (and libbpf's, which libxdp calls, see {@link Libbpf}).
 *
 * <p>The calls that make libxdp read an interface's programs are serialized and followed by a sweep of the
 * program descriptors libxdp 1.3 leaks while doing so (see {@link ProgramFds}).
 */
public final class Libxdp {
    /** {@code enum xdp_attach_mode}. */
    public static final int MODE_UNSPEC = 0;
    public static final int MODE_NATIVE = 1;
    public static final int MODE_SKB = 2;
    public static final int MODE_HW = 3;

    /** Name of libxdp's dispatcher program, as the kernel reports it. */
    public static final String DISPATCHER_NAME = "xdp_dispatcher";

    private static final SymbolLookup LIB = Native.library("libxdp.so.1");

    private static final MethodHandle PROGRAM_OPEN_FILE = Native.withErrno(LIB, "xdp_program__open_file",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER));
    private static final MethodHandle PROGRAM_ATTACH = Native.plain(LIB, "xdp_program__attach",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT));
    private static final MethodHandle PROGRAM_DETACH = Native.plain(LIB, "xdp_program__detach",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT));
    private static final MethodHandle PROGRAM_CLOSE = Native.plain(LIB, "xdp_program__close",
            FunctionDescriptor.ofVoid(C_POINTER));
    private static final MethodHandle PROGRAM_BPF_OBJ = Native.plain(LIB, "xdp_program__bpf_obj",
            FunctionDescriptor.of(C_POINTER, C_POINTER));
    private static final MethodHandle PROGRAM_NAME = Native.plain(LIB, "xdp_program__name",
            FunctionDescriptor.of(C_POINTER, C_POINTER));
    private static final MethodHandle PROGRAM_ID = Native.plain(LIB, "xdp_program__id",
            FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle PROGRAM_FD = Native.plain(LIB, "xdp_program__fd",
            FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle MULTIPROG_GET_FROM_IFINDEX = Native.withErrno(LIB,
            "xdp_multiprog__get_from_ifindex", FunctionDescriptor.of(C_POINTER, C_INT));
    private static final MethodHandle MULTIPROG_NEXT_PROG = Native.plain(LIB, "xdp_multiprog__next_prog",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
    private static final MethodHandle MULTIPROG_MAIN_PROG = Native.plain(LIB, "xdp_multiprog__main_prog",
            FunctionDescriptor.of(C_POINTER, C_POINTER));
    private static final MethodHandle MULTIPROG_HW_PROG = Native.plain(LIB, "xdp_multiprog__hw_prog",
            FunctionDescriptor.of(C_POINTER, C_POINTER));
    private static final MethodHandle MULTIPROG_IS_LEGACY = Native.plain(LIB, "xdp_multiprog__is_legacy",
            FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, C_POINTER));
    private static final MethodHandle MULTIPROG_ATTACH_MODE = Native.plain(LIB, "xdp_multiprog__attach_mode",
            FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle MULTIPROG_DETACH = Native.plain(LIB, "xdp_multiprog__detach",
            FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle MULTIPROG_CLOSE = Native.plain(LIB, "xdp_multiprog__close",
            FunctionDescriptor.ofVoid(C_POINTER));
    private static final MethodHandle GET_ERROR = Native.plain(LIB, "libxdp_get_error",
            FunctionDescriptor.of(C_LONG, C_POINTER));
    private static final MethodHandle STRERROR = Native.plain(LIB, "libxdp_strerror",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_LONG));
    private static final MethodHandle SET_PRINT = Native.plain(LIB, "libxdp_set_print",
            FunctionDescriptor.of(C_POINTER, C_POINTER));

    /** Serializes the calls that read interfaces, so that the program fds appearing meanwhile are libxdp's. */
    private static final Object INTERFACE_LOCK = new Object();

    static {
        Libbpf.initialize();
        try {
            MemorySegment previous = (MemorySegment) SET_PRINT.invokeExact(NativeLog.callback("io.xsfu.xdp.libxdp"));
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    private Libxdp() {
    }

    /** Opens (does not load) the first XDP program of an object file. Close with {@link #programClose}. */
    public static MemorySegment programOpenFile(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment prog = (MemorySegment) PROGRAM_OPEN_FILE.invokeExact(cs, a.allocateFrom(path),
                    MemorySegment.NULL, MemorySegment.NULL);
            return checkPointer(prog, cs, "xdp_program__open_file", path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Loads the program if needed and attaches it to {@code ifindex} (calling thread's network namespace). */
    public static void programAttach(MemorySegment prog, int ifindex, int mode, String context) {
        synchronized (INTERFACE_LOCK) {
            Set<Integer> ids = attachedProgramIds(ifindex);
            Set<Integer> before = ProgramFds.open();
            try {
                int rc = (int) PROGRAM_ATTACH.invokeExact(prog, ifindex, mode, 0);
                check(rc, "xdp_program__attach", context);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            } finally {
                ProgramFds.closeLeaked(before, Set.of(), ids);
            }
        }
    }

    /** Detaches an attached program (a component of the dispatcher, or the single program) from {@code ifindex}. */
    public static void programDetach(MemorySegment prog, int ifindex, int mode, String context) {
        synchronized (INTERFACE_LOCK) {
            Set<Integer> ids = attachedProgramIds(ifindex);
            Set<Integer> before = ProgramFds.open();
            try {
                int rc = (int) PROGRAM_DETACH.invokeExact(prog, ifindex, mode, 0);
                check(rc, "xdp_program__detach", context);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            } finally {
                ProgramFds.closeLeaked(before, Set.of(), ids);
            }
        }
    }

    /** Frees the handle (and its object, maps and fds); the program stays attached if it was. NULL-safe. */
    public static void programClose(MemorySegment prog) {
        try {
            PROGRAM_CLOSE.invokeExact(prog);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The libbpf {@code struct bpf_object *} behind an opened program (its maps exist once loaded). */
    public static MemorySegment programBpfObject(MemorySegment prog) {
        try {
            MemorySegment obj = (MemorySegment) PROGRAM_BPF_OBJ.invokeExact(prog);
            if (obj.address() == 0) {
                throw NativeException.of("xdp_program__bpf_obj", "program has no object (opened from an fd)",
                        Errno.ENOENT);
            }
            return obj;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String programName(MemorySegment prog) {
        try {
            MemorySegment name = (MemorySegment) PROGRAM_NAME.invokeExact(prog);
            return name.address() == 0 ? "" : name.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The kernel's id of a loaded program; 0 if not loaded. */
    public static int programId(MemorySegment prog) {
        try {
            return (int) PROGRAM_ID.invokeExact(prog);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * What is attached to {@code ifindex}: a handle to close with {@link #multiprogClose}, or
     * {@link MemorySegment#NULL} if no XDP program is attached.
     */
    public static MemorySegment multiprogFromIfindex(int ifindex) {
        synchronized (INTERFACE_LOCK) {
            Set<Integer> before = ProgramFds.open();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
                MemorySegment mp = (MemorySegment) MULTIPROG_GET_FROM_IFINDEX.invokeExact(cs, ifindex);
                int err = errorOf(mp, cs);
                if (err == Errno.ENOENT) {
                    return MemorySegment.NULL;
                }
                if (err != 0) {
                    throw Libbpf.error("xdp_multiprog__get_from_ifindex", "ifindex=" + ifindex, err);
                }
                Set<Integer> owned = new HashSet<>();
                Set<Integer> ids = new HashSet<>();
                for (MemorySegment p : programsOf(mp)) {
                    owned.add(programFd(p));
                    ids.add(programId(p));
                }
                ProgramFds.closeLeaked(before, owned, ids);
                return mp;
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }
    }

    /** Ids of everything attached to {@code ifindex}: the main program, the dispatcher's components, the hw program. */
    private static Set<Integer> attachedProgramIds(int ifindex) {
        MemorySegment mp = multiprogFromIfindex(ifindex);
        if (mp.address() == 0) {
            return Set.of();
        }
        try {
            Set<Integer> ids = new HashSet<>();
            for (MemorySegment p : programsOf(mp)) {
                ids.add(programId(p));
            }
            return ids;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        } finally {
            multiprogClose(mp);
        }
    }

    /** Every program handle {@code mp} owns. */
    private static List<MemorySegment> programsOf(MemorySegment mp) throws Throwable {
        List<MemorySegment> programs = new ArrayList<>();
        MemorySegment main = (MemorySegment) MULTIPROG_MAIN_PROG.invokeExact(mp);
        MemorySegment hw = (MemorySegment) MULTIPROG_HW_PROG.invokeExact(mp);
        if (main.address() != 0) {
            programs.add(main);
        }
        if (hw.address() != 0) {
            programs.add(hw);
        }
        for (MemorySegment p = multiprogNextProgram(mp, MemorySegment.NULL); p.address() != 0;
                p = multiprogNextProgram(mp, p)) {
            programs.add(p);
        }
        return programs;
    }

    /** The handle's own descriptor of a loaded program, -1 if not loaded. */
    private static int programFd(MemorySegment prog) throws Throwable {
        return (int) PROGRAM_FD.invokeExact(prog);
    }

    /**
     * The dispatcher component after {@code previous} ({@link MemorySegment#NULL} for the first), or NULL
     * after the last. Always NULL for a legacy (single-program) attachment. Owned by {@code mp}.
     */
    public static MemorySegment multiprogNextProgram(MemorySegment mp, MemorySegment previous) {
        try {
            return (MemorySegment) MULTIPROG_NEXT_PROG.invokeExact(previous, mp);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The program attached to the interface: the dispatcher, or the single (legacy) program. Owned by {@code mp}. */
    public static MemorySegment multiprogMainProgram(MemorySegment mp) {
        try {
            return (MemorySegment) MULTIPROG_MAIN_PROG.invokeExact(mp);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * True when the attached program is not a dispatcher whose components libxdp can see: a single program,
     * or a dispatcher whose pins live in another bpffs (another mount namespace).
     */
    public static boolean multiprogIsLegacy(MemorySegment mp) {
        try {
            return (boolean) MULTIPROG_IS_LEGACY.invokeExact(mp);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** {@link #MODE_NATIVE} or {@link #MODE_SKB} (or {@link #MODE_UNSPEC} for hardware-only). */
    public static int multiprogAttachMode(MemorySegment mp) {
        try {
            return (int) MULTIPROG_ATTACH_MODE.invokeExact(mp);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Detaches everything {@code mp} describes from its interface (the dispatcher and all its components). */
    public static void multiprogDetach(MemorySegment mp, String context) {
        try {
            int rc = (int) MULTIPROG_DETACH.invokeExact(mp);
            check(rc, "xdp_multiprog__detach", context);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** NULL-safe. */
    public static void multiprogClose(MemorySegment mp) {
        try {
            MULTIPROG_CLOSE.invokeExact(mp);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String modeName(int mode) {
        return switch (mode) {
            case MODE_NATIVE -> "native";
            case MODE_SKB -> "skb";
            case MODE_HW -> "hw";
            default -> "unspec";
        };
    }

    /** libxdp's text for an errno or a libbpf/libxdp error code. */
    public static String strerror(int err) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int rc = (int) STRERROR.invokeExact(err, buf, 256L);
            return rc == 0 ? buf.getString(0) : "error " + err;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static MemorySegment checkPointer(MemorySegment p, MemorySegment cs, String function, String context)
            throws Throwable {
        int err = errorOf(p, cs);
        if (err != 0) {
            throw Libbpf.error(function, context, err);
        }
        return p;
    }

    /** 0, or the positive error code a pointer result carries. */
    private static int errorOf(MemorySegment p, MemorySegment cs) throws Throwable {
        long rc = (long) GET_ERROR.invokeExact(p);
        if (p.address() != 0) {
            return (int) -rc;
        }
        // NULL: libxdp_get_error reads errno now, which the JVM may have reused; the captured one is exact.
        int errno = Native.errno(cs);
        return errno != 0 ? errno : Errno.EINVAL;
    }

    private static void check(int rc, String function, String context) {
        if (rc < 0) {
            throw Libbpf.error(function, context, -rc);
        }
    }
}
