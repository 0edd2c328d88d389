package io.xsfu.sys;

import static io.xsfu.sys.Native.C_INT;
import static io.xsfu.sys.Native.C_LONG;
import static io.xsfu.sys.Native.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Facade over the few C library calls xsfu needs: sockets (AF_XDP, netlink, UDP), mmap, namespaces,
 * locks. Control-path methods throw a typed {@link NativeException}; the hot-path variants that take a
 * {@link CallState} return the raw result and leave errno in the state, allocating nothing.
 */
public final class Libc {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_XDP = 44;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 26;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_CLOEXEC = 0x80000;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int POLLIN = 1;
    public static final int POLLOUT = 4;
    public static final int EPOLLIN = 1;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int AF_PACKET = 17;
    /** Ethernet protocol numbers, host order (AF_PACKET wants them in network order: {@link #htons}). */
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int SOL_PACKET = 263;
    public static final int PACKET_IGNORE_OUTGOING = 23;
    public static final long SIOCETHTOOL = 0x8946;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    private static final int ESRCH = 3;

    private static final SymbolLookup C = Native.LINKER.defaultLookup();

    private static final MethodHandle SOCKET = Native.withErrno(C, "socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    private static final MethodHandle BIND = Native.withErrno(C, "bind",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle SETSOCKOPT = Native.withErrno(C, "setsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle GETSOCKOPT = Native.withErrno(C, "getsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle CLOSE = Native.withErrno(C, "close", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle MMAP = Native.withErrno(C, "mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG));
    private static final MethodHandle MUNMAP = Native.withErrno(C, "munmap",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG));
    private static final MethodHandle SENDTO = Native.withErrno(C, "sendto",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle RECVFROM = Native.withErrno(C, "recvfrom",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle SENDMSG = Native.withErrno(C, "sendmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle RECVMSG = Native.withErrno(C, "recvmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle RECVMMSG = Native.withErrno(C, "recvmmsg",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT, C_POINTER));
    private static final MethodHandle SENDMMSG = Native.withErrno(C, "sendmmsg",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT));
    private static final MethodHandle POLL = Native.withErrno(C, "poll",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT));
    private static final MethodHandle EPOLL_CREATE1 = Native.withErrno(C, "epoll_create1",
            FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle EPOLL_CTL = Native.withErrno(C, "epoll_ctl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER));
    private static final MethodHandle EPOLL_WAIT = Native.withErrno(C, "epoll_wait",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT));
    private static final MethodHandle IF_NAMETOINDEX = Native.withErrno(C, "if_nametoindex",
            FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle MOUNT = Native.withErrno(C, "mount",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER));
    private static final MethodHandle OPEN = Native.withErrno(C, "open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = Native.withErrno(C, "setns",
            FunctionDescriptor.of(C_INT, C_INT, C_INT));
    private static final MethodHandle FLOCK = Native.withErrno(C, "flock",
            FunctionDescriptor.of(C_INT, C_INT, C_INT));
    private static final MethodHandle IOCTL = Native.withErrno(C, "ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle RECV = Native.withErrno(C, "recv",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT));
    private static final MethodHandle KILL = Native.withErrno(C, "kill", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    private static final MethodHandle GETPID = Native.plain(C, "getpid", FunctionDescriptor.of(C_INT));
    private static final MethodHandle GETTID = Native.plain(C, "gettid", FunctionDescriptor.of(C_INT));
    private static final MethodHandle STRERROR = Native.plain(C, "strerror", FunctionDescriptor.of(C_POINTER, C_INT));
    private static final MethodHandle SYSCONF = Native.plain(C, "sysconf", FunctionDescriptor.of(C_LONG, C_INT));

    private static final int SC_PAGESIZE = 30;

    private Libc() {
    }

    // ---- control path: throw on failure -------------------------------------------------------

    public static int socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int fd = (int) SOCKET.invokeExact(cs, domain, type, protocol);
            return check(fd, cs, "socket", "domain=" + domain + " type=" + type);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void bind(int fd, MemorySegment address, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) BIND.invokeExact(cs, fd, address, (int) address.byteSize());
            check(rc, cs, "bind", context);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void setsockopt(int fd, int level, int name, MemorySegment value, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, (int) value.byteSize());
            check(rc, cs, "setsockopt", context);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void setsockoptInt(int fd, int level, int name, int value, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocateFrom(C_INT, value);
            setsockopt(fd, level, name, v, context);
        }
    }

    /** getsockopt into {@code value}; returns the length the kernel wrote. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment len = a.allocateFrom(C_INT, (int) value.byteSize());
            int rc = (int) GETSOCKOPT.invokeExact(cs, fd, level, name, value, len);
            check(rc, cs, "getsockopt", context);
            return len.get(C_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** close(2); errors are reported but a descriptor is never closed twice by the caller's retry. */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) CLOSE.invokeExact(cs, fd);
            check(rc, cs, "close", "fd=" + fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** mmap(2); the returned segment has the mapping's length and must be released with {@link #munmap}. */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment p = (MemorySegment) MMAP.invokeExact(cs, MemorySegment.NULL, length, prot, flags, fd, offset);
            if (p.address() == -1L) {
                throw NativeException.of("mmap", context, Native.errno(cs));
            }
            return p.reinterpret(length);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void munmap(MemorySegment mapping) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) MUNMAP.invokeExact(cs, mapping, mapping.byteSize());
            check(rc, cs, "munmap", null);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long sendmsg(int fd, MemorySegment msghdr, int flags, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            long rc = (long) SENDMSG.invokeExact(cs, fd, msghdr, flags);
            if (rc < 0) {
                throw NativeException.of("sendmsg", context, Native.errno(cs));
            }
            return rc;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** recvmsg(2); returns -EAGAIN instead of throwing when a non-blocking socket has nothing. */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            long rc = (long) RECVMSG.invokeExact(cs, fd, msghdr, flags);
            if (rc < 0) {
                int errno = Native.errno(cs);
                if (errno == Errno.EAGAIN) {
                    return -Errno.EAGAIN;
                }
                throw NativeException.of("recvmsg", context, errno);
            }
            return rc;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** poll(2) on one descriptor; returns the revents (0 on timeout). */
    public static int poll(int fd, int events, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment pfd = a.allocate(8);
            pfd.set(C_INT, 0, fd);
            pfd.set(PackedLayouts.SHORT, 4, (short) events);
            int rc = (int) POLL.invokeExact(cs, pfd, 1L, timeoutMillis);
            if (rc < 0) {
                int errno = Native.errno(cs);
                if (errno == Errno.EINTR) {
                    return 0;
                }
                throw NativeException.of("poll", "fd=" + fd, errno);
            }
            return rc == 0 ? 0 : pfd.get(PackedLayouts.SHORT, 6) & 0xffff;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int epollCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int fd = (int) EPOLL_CREATE1.invokeExact(cs, EPOLL_CLOEXEC);
            return check(fd, cs, "epoll_create1", null);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Registers {@code fd} for EPOLLIN with {@code data} as the 64-bit user data the events carry. */
    public static void epollAdd(int epfd, int fd, long data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment ev = a.allocate(EPOLL_EVENT_SIZE);
            ev.set(C_INT, 0, EPOLLIN);
            ev.set(PackedLayouts.LONG_UNALIGNED, EPOLL_EVENT_DATA, data);
            int rc = (int) EPOLL_CTL.invokeExact(cs, epfd, EPOLL_CTL_ADD, fd, ev);
            check(rc, cs, "epoll_ctl", "fd=" + fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Size of struct epoll_event on x86-64 (packed: u32 events, u64 data). */
    public static final int EPOLL_EVENT_SIZE = 12;
    /** Offset of epoll_event.data: right after the 32-bit events, unaligned because the struct is packed. */
    public static final int EPOLL_EVENT_DATA = 4;

    /** Index of an interface in the calling thread's network namespace. */
    public static int ifNameToIndex(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int idx = (int) IF_NAMETOINDEX.invokeExact(cs, a.allocateFrom(name));
            if (idx == 0) {
                throw NativeException.of("if_nametoindex", name, Native.errno(cs));
            }
            return idx;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void mount(String source, String target, String fsType, long flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) MOUNT.invokeExact(cs, a.allocateFrom(source), a.allocateFrom(target),
                    a.allocateFrom(fsType), flags, MemorySegment.NULL);
            check(rc, cs, "mount", fsType + " on " + target);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int fd = (int) OPEN.invokeExact(cs, a.allocateFrom(path), flags, mode);
            return check(fd, cs, "open", path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Moves the calling thread into the namespace {@code fd} refers to. */
    public static void setns(int fd, int nsType) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) SETNS.invokeExact(cs, fd, nsType);
            check(rc, cs, "setns", "fd=" + fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** flock(2); returns false when a non-blocking lock is held by someone else. */
    public static boolean flock(int fd, int operation) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) FLOCK.invokeExact(cs, fd, operation);
            if (rc < 0) {
                int errno = Native.errno(cs);
                if (errno == Errno.EAGAIN) {
                    return false;
                }
                throw NativeException.of("flock", "fd=" + fd, errno);
            }
            return true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int ioctl(int fd, long request, MemorySegment arg, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) IOCTL.invokeExact(cs, fd, request, arg);
            return check(rc, cs, "ioctl", context);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** recv(2) into {@code buf}; returns -EAGAIN instead of throwing when a non-blocking call finds nothing. */
    public static long recv(int fd, MemorySegment buf, int flags, String context) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            long rc = (long) RECV.invokeExact(cs, fd, buf, buf.byteSize(), flags);
            if (rc < 0) {
                int errno = Native.errno(cs);
                if (errno == Errno.EAGAIN) {
                    return -Errno.EAGAIN;
                }
                throw NativeException.of("recv", context, errno);
            }
            return rc;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** kill(2); false when the process no longer exists (ESRCH), so racing with its exit is not an error. */
    public static boolean kill(int pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(Native.CAPTURE_LAYOUT);
            int rc = (int) KILL.invokeExact(cs, pid, signal);
            if (rc < 0) {
                int errno = Native.errno(cs);
                if (errno == ESRCH) {
                    return false;
                }
                throw NativeException.of("kill", "pid=" + pid + " signal=" + signal, errno);
            }
            return true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A 16-bit value in network byte order, as the C macro (for AF_PACKET protocol numbers). */
    public static short htons(int value) {
        short v = (short) value;
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v);
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Kernel thread id of the caller (for /proc/thread-self and per-thread namespaces). */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    // ---- hot path: raw results, errno in the caller's CallState, no allocation ---------------------

    /**
     * sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0): the AF_XDP TX kick. Not a critical downcall: in copy
     * mode it builds and transmits a batch of skbs and may wait on the socket's mutex, and a critical call
     * would hold off every JVM safepoint meanwhile. Returns -1 with errno set on failure; EAGAIN/EBUSY/
     * ENOBUFS mean "try again".
     */
    public static long sendtoKick(CallState state, int fd) {
        try {
            return (long) SENDTO.invokeExact(state.segment, fd, MemorySegment.NULL, 0L, MSG_DONTWAIT,
                    MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** recvfrom(fd, NULL, 0, MSG_DONTWAIT, NULL, NULL): the AF_XDP fill-ring wake-up. */
    public static long recvfromKick(CallState state, int fd) {
        try {
            return (long) RECVFROM.invokeExact(state.segment, fd, MemorySegment.NULL, 0L, MSG_DONTWAIT,
                    MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** sendto with a payload and destination, for a UDP socket. */
    public static long sendto(CallState state, int fd, MemorySegment buf, long len, int flags,
                              MemorySegment addr, int addrLen) {
        try {
            return (long) SENDTO.invokeExact(state.segment, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int recvmmsg(CallState state, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(state.segment, fd, msgvec, vlen, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int sendmmsg(CallState state, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(state.segment, fd, msgvec, vlen, flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int epollWait(CallState state, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(state.segment, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int check(int rc, MemorySegment cs, String function, String context) {
        if (rc < 0) {
            throw NativeException.of(function, context, Native.errno(cs));
        }
        return rc;
    }
}
