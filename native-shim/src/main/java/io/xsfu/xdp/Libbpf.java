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
import java.lang.invoke.MethodHandle;

/**
 * Facade over the libbpf calls xsfu needs: map access by file descriptor, map lookup in a loaded object,
 * object info, link enumeration. libbpf (1.x) returns negative errno values; they become typed
 * {@link NativeException}s, except the "not there" answers callers branch on, which are return values.
 *
 * <p>Loading this class routes libbpf's log to the {@code io.xsfu.xdp.libbpf} {@link System.Logger}
 * (see {@link NativeLog}).
 */
public final class Libbpf {
    /** Flags of bpf_map_update_elem. */
    public static final long BPF_ANY = 0;
    public static final long BPF_NOEXIST = 1;
    public static final long BPF_EXIST = 2;

    /** libbpf's own error codes start here; below are errno values. */
    private static final int LIBBPF_ERRNO_BASE = 4000;

    private static final SymbolLookup LIB = Native.library("libbpf.so.1");

    private static final MethodHandle FIND_MAP_FD_BY_NAME = Native.plain(LIB, "bpf_object__find_map_fd_by_name",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle MAP_UPDATE_ELEM = Native.plain(LIB, "bpf_map_update_elem",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_LONG));
    private static final MethodHandle MAP_LOOKUP_ELEM = Native.plain(LIB, "bpf_map_lookup_elem",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle MAP_DELETE_ELEM = Native.plain(LIB, "bpf_map_delete_elem",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    private static final MethodHandle NUM_POSSIBLE_CPUS = Native.plain(LIB, "libbpf_num_possible_cpus",
            FunctionDescriptor.of(C_INT));
    private static final MethodHandle OBJ_GET_INFO_BY_FD = Native.plain(LIB, "bpf_obj_get_info_by_fd",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle LINK_GET_FD_BY_ID = Native.plain(LIB, "bpf_link_get_fd_by_id",
            FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle LINK_GET_NEXT_ID = Native.plain(LIB, "bpf_link_get_next_id",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    private static final MethodHandle STRERROR = Native.plain(LIB, "libbpf_strerror",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_LONG));
    private static final MethodHandle SET_PRINT = Native.plain(LIB, "libbpf_set_print",
            FunctionDescriptor.of(C_POINTER, C_POINTER));

    static {
        try {
            MemorySegment previous = (MemorySegment) SET_PRINT.invokeExact(NativeLog.callback("io.xsfu.xdp.libbpf"));
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    private Libbpf() {
    }

    /** Makes sure the class is initialised, i.e. libbpf's log is routed, before another facade calls into it. */
    static void initialize() {
    }

    /** The fd of map {@code name} in a loaded object; owned by the object (closed with it). */
    public static int objectFindMapFd(MemorySegment bpfObject, String name) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) FIND_MAP_FD_BY_NAME.invokeExact(bpfObject, a.allocateFrom(name));
            return check(fd, "bpf_object__find_map_fd_by_name", name);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void mapUpdate(int mapFd, MemorySegment key, MemorySegment value, long flags, String context) {
        try {
            int rc = (int) MAP_UPDATE_ELEM.invokeExact(mapFd, key, value, flags);
            check(rc, "bpf_map_update_elem", context);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Copies the value of {@code key} into {@code value}; false if the map has no such key. */
    public static boolean mapLookup(int mapFd, MemorySegment key, MemorySegment value, String context) {
        try {
            int rc = (int) MAP_LOOKUP_ELEM.invokeExact(mapFd, key, value);
            if (rc == -Errno.ENOENT) {
                return false;
            }
            check(rc, "bpf_map_lookup_elem", context);
            return true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Deletes {@code key}; false if it was not there. */
    public static boolean mapDelete(int mapFd, MemorySegment key, String context) {
        try {
            int rc = (int) MAP_DELETE_ELEM.invokeExact(mapFd, key);
            if (rc == -Errno.ENOENT) {
                return false;
            }
            check(rc, "bpf_map_delete_elem", context);
            return true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Possible (not online) CPUs: the number of slots in each value of a per-CPU map. */
    public static int numPossibleCpus() {
        try {
            int n = (int) NUM_POSSIBLE_CPUS.invokeExact();
            return check(n, "libbpf_num_possible_cpus", null);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Fills {@code info} (a prefix of the object's info struct) for a prog, map, link or BTF fd; returns the length the kernel wrote. */
    public static int objectInfo(int fd, MemorySegment info, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocateFrom(C_INT, (int) info.byteSize());
            int rc = (int) OBJ_GET_INFO_BY_FD.invokeExact(fd, info, len);
            check(rc, "bpf_obj_get_info_by_fd", context);
            return len.get(C_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A new fd for link {@code id} (the caller closes it), or -1 if it no longer exists. */
    public static int linkFdById(int id) {
        try {
            int fd = (int) LINK_GET_FD_BY_ID.invokeExact(id);
            return fd == -Errno.ENOENT ? -1 : check(fd, "bpf_link_get_fd_by_id", "id=" + id);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The id of the first link after {@code startId} (0 starts from the beginning), or 0 when there is none. */
    public static int linkNextId(int startId) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment next = a.allocate(C_INT);
            int rc = (int) LINK_GET_NEXT_ID.invokeExact(startId, next);
            if (rc == -Errno.ENOENT) {
                return 0;
            }
            check(rc, "bpf_link_get_next_id", "start=" + startId);
            return next.get(C_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** libbpf's text for an errno or one of its own error codes (4000 and up). */
    public static String strerror(int err) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int rc = (int) STRERROR.invokeExact(err, buf, 256L);
            return rc == 0 ? buf.getString(0) : "error " + err;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A typed exception for libbpf's (or libxdp's) negative result; libbpf-specific codes get libbpf's text. */
    static NativeException error(String function, String context, int errno) {
        if (errno >= LIBBPF_ERRNO_BASE) {
            String text = strerror(errno);
            context = context == null || context.isEmpty() ? text : context + "; " + text;
        }
        return NativeException.of(function, context, errno);
    }

    private static int check(int rc, String function, String context) {
        if (rc < 0) {
            throw error(function, context, -rc);
        }
        return rc;
    }
}
