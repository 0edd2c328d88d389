package io.xsfu.netlink;

import static io.xsfu.sys.SocketStructs.IOVEC_BASE;
import static io.xsfu.sys.SocketStructs.IOVEC_LEN;
import static io.xsfu.sys.SocketStructs.MSGHDR_FLAGS;
import static io.xsfu.sys.SocketStructs.MSGHDR_IOV;
import static io.xsfu.sys.SocketStructs.MSGHDR_IOVLEN;
import static io.xsfu.sys.SocketStructs.MSGHDR_NAME;
import static io.xsfu.sys.SocketStructs.MSGHDR_NAMELEN;

import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import io.xsfu.sys.SocketStructs;

/**
 * A NETLINK_ROUTE socket in the namespace of the thread that opened it, with its send and receive memory.
 * The socket stays in that namespace whichever thread uses it later. Not thread-safe.
 */
final class NetlinkSocket implements AutoCloseable {
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int NETLINK_GET_STRICT_CHK = 12;
    static final int SO_RCVTIMEO = 20;
    static final int MSG_PEEK = 0x2;
    static final int MSG_TRUNC = 0x20;

    // struct sockaddr_nl
    static final int SOCKADDR_NL_FAMILY_OFFSET = 0;  // u16
    static final int SOCKADDR_NL_PID_OFFSET = 4;     // u32
    static final int SOCKADDR_NL_GROUPS_OFFSET = 8;  // u32
    static final int SOCKADDR_NL_SIZE = 12;

    private static final int REQUEST_BUFFER = 4096;
    private static final int INITIAL_RECEIVE_BUFFER = 32 * 1024;

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment request = arena.allocate(REQUEST_BUFFER, 8);
    private final MemorySegment kernel = arena.allocate(SOCKADDR_NL_SIZE, 4);
    private final MemorySegment source = arena.allocate(SOCKADDR_NL_SIZE, 4);
    private final MemorySegment iov = arena.allocate(SocketStructs.IOVEC);
    private final MemorySegment msghdr = arena.allocate(SocketStructs.MSGHDR);
    private Arena receiveArena = Arena.ofShared();
    private MemorySegment receive = receiveArena.allocate(INITIAL_RECEIVE_BUFFER, 8);
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
        kernel.set(ValueLayout.JAVA_SHORT, SOCKADDR_NL_FAMILY_OFFSET, (short) Libc.AF_NETLINK);
    }

    /**
     * Opens and binds a socket (port id chosen by the kernel). {@code groups} is the RTMGRP_* bit mask of
     * notifications to receive, 0 for a request/response socket.
     */
    static NetlinkSocket open(int groups) {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE);
        NetlinkSocket s = new NetlinkSocket(fd);
        try {
            // Errors carry the kernel's reason text, and stop echoing our request back to us.
            Libc.setsockoptInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Libc.setsockoptInt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            // Strict checking makes the kernel honour the index filters of our dumps.
            Libc.setsockoptInt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK");
            try (Arena a = Arena.ofConfined()) {
                MemorySegment local = a.allocate(SOCKADDR_NL_SIZE, 4);
                local.set(ValueLayout.JAVA_SHORT, SOCKADDR_NL_FAMILY_OFFSET, (short) Libc.AF_NETLINK);
                local.set(ValueLayout.JAVA_INT, SOCKADDR_NL_GROUPS_OFFSET, groups);
                Libc.bind(fd, local, "netlink groups=0x" + Integer.toHexString(groups));
            }
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    int fd() {
        return fd;
    }

    MemorySegment requestBuffer() {
        return request;
    }

    /** The buffer that the last {@link #receive} filled. */
    MemorySegment receiveBuffer() {
        return receive;
    }

    /** Bounds every blocking receive, so that a kernel that never answers becomes an error, not a hang. */
    void receiveTimeout(int millis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tv = a.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
            tv.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000L);
            Libc.setsockopt(fd, Libc.SOL_SOCKET, SO_RCVTIMEO, tv, "SO_RCVTIMEO");
        }
    }

    void receiveBufferSize(int bytes) {
        try {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE");
        } catch (RuntimeException notPrivileged) {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes, "SO_RCVBUF");
        }
    }

    /** Sends the first {@code length} bytes of the request buffer to the kernel. */
    void send(int length, String what) {
        iov.set(ValueLayout.ADDRESS, IOVEC_BASE, request);
        iov.set(ValueLayout.JAVA_LONG, IOVEC_LEN, length);
        prepare(kernel);
        Libc.sendmsg(fd, msghdr, 0, what);
    }

    /**
     * Receives one datagram from the kernel into {@link #receiveBuffer()}, growing it when the datagram is
     * larger; returns its length, or -1 when {@code wait} is false and nothing is queued (or a blocking
     * receive timed out). Datagrams from other user-space sockets are dropped.
     */
    int receive(boolean wait, String what) {
        int flags = wait ? 0 : Libc.MSG_DONTWAIT;
        while (true) {
            // Peek with MSG_TRUNC: the kernel returns the datagram's full length without consuming it.
            long size = recv(MSG_PEEK | MSG_TRUNC | flags, what);
            if (size < 0) {
                return -1;
            }
            if (size > receive.byteSize()) {
                grow(size);
            }
            long n = recv(flags, what);
            if (n < 0) {
                return -1;
            }
            if ((msghdr.get(ValueLayout.JAVA_INT, MSGHDR_FLAGS) & MSG_TRUNC) != 0) {
                throw new NetlinkProtocolException(what + ": datagram truncated at " + receive.byteSize() + " bytes");
            }
            if (source.get(ValueLayout.JAVA_INT, SOCKADDR_NL_PID_OFFSET) != 0) {
                continue;
            }
            return (int) n;
        }
    }

    private long recv(int flags, String what) {
        iov.set(ValueLayout.ADDRESS, IOVEC_BASE, receive);
        iov.set(ValueLayout.JAVA_LONG, IOVEC_LEN, receive.byteSize());
        prepare(source);
        long n = Libc.recvmsg(fd, msghdr, flags, what);
        return n == -Errno.EAGAIN ? -1 : n;
    }

    private void prepare(MemorySegment address) {
        msghdr.fill((byte) 0);
        msghdr.set(ValueLayout.ADDRESS, MSGHDR_NAME, address);
        msghdr.set(ValueLayout.JAVA_INT, MSGHDR_NAMELEN, SOCKADDR_NL_SIZE);
        msghdr.set(ValueLayout.ADDRESS, MSGHDR_IOV, iov);
        msghdr.set(ValueLayout.JAVA_LONG, MSGHDR_IOVLEN, 1);
    }

    private void grow(long size) {
        long capacity = Long.highestOneBit(size - 1) << 1;
        receiveArena.close();
        receiveArena = Arena.ofShared();
        receive = receiveArena.allocate(capacity, 8);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.close(fd);
        } finally {
            arena.close();
            receiveArena.close();
        }
    }
}
