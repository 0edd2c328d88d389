package io.xsfu.sys;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Layouts of the BSD socket structs (sockaddr_in/in6, iovec, msghdr, mmsghdr) and helpers to write and read
 * socket addresses. Port and address fields are in network byte order, as in C.
 */
public final class SocketStructs {
    public static final StructLayout SOCKADDR_IN = structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    public static final StructLayout SOCKADDR_IN6 = structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    public static final StructLayout IOVEC = structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    public static final StructLayout MSGHDR = structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            paddingLayout(4)).withName("msghdr");

    public static final StructLayout MMSGHDR = structLayout(
            MSGHDR.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            paddingLayout(4)).withName("mmsghdr");

    public static final long MSGHDR_NAME = offset(MSGHDR, "msg_name");
    public static final long MSGHDR_NAMELEN = offset(MSGHDR, "msg_namelen");
    public static final long MSGHDR_IOV = offset(MSGHDR, "msg_iov");
    public static final long MSGHDR_IOVLEN = offset(MSGHDR, "msg_iovlen");
    public static final long MSGHDR_CONTROL = offset(MSGHDR, "msg_control");
    public static final long MSGHDR_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    public static final long MSGHDR_FLAGS = offset(MSGHDR, "msg_flags");
    public static final long MMSGHDR_LEN = offset(MMSGHDR, "msg_len");
    public static final long IOVEC_BASE = offset(IOVEC, "iov_base");
    public static final long IOVEC_LEN = offset(IOVEC, "iov_len");

    /** Big-endian views for the network-order fields. */
    public static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private SocketStructs() {
    }

    /** A sockaddr_in or sockaddr_in6 for {@code address}, allocated in {@code arena}. */
    public static MemorySegment sockaddr(Arena arena, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            MemorySegment s = arena.allocate(SOCKADDR_IN);
            s.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
            s.set(NET_SHORT, 2, (short) address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, s, JAVA_BYTE, 4, 4);
            return s;
        }
        MemorySegment s = arena.allocate(SOCKADDR_IN6);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
        s.set(NET_SHORT, 2, (short) address.getPort());
        MemorySegment.copy(ip.getAddress(), 0, s, JAVA_BYTE, 8, 16);
        if (ip instanceof Inet6Address v6) {
            s.set(JAVA_INT, 24, v6.getScopeId());
        }
        return s;
    }

    /** Reads a sockaddr_in/in6 back (control path: allocates). */
    public static InetSocketAddress readSockaddr(MemorySegment s) {
        int family = s.get(JAVA_SHORT, 0);
        int port = s.get(NET_SHORT, 2) & 0xffff;
        try {
            if (family == Libc.AF_INET) {
                byte[] a = new byte[4];
                MemorySegment.copy(s, JAVA_BYTE, 4, a, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
            if (family == Libc.AF_INET6) {
                byte[] a = new byte[16];
                MemorySegment.copy(s, JAVA_BYTE, 8, a, 0, 16);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("not an inet sockaddr: family " + family);
    }

    public static long offset(StructLayout layout, String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }
}
