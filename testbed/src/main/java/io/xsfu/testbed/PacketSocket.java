package io.xsfu.testbed;

import io.xsfu.sys.CallState;
import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An AF_PACKET raw socket on one interface: sends whole Ethernet frames exactly as given (no checksum or length
 * fixing by the kernel) and receives every frame the interface gets. A socket belongs to the network namespace of
 * the thread that creates it, so it is created on the namespace's thread and then usable from any one thread.
 */
public final class PacketSocket implements AutoCloseable {
    /** struct sockaddr_ll: family u16, protocol be16, ifindex i32, hatype u16, pkttype u8, halen u8, addr[8]. */
    static final int SOCKADDR_LL_SIZE = 20;
    private static final int MAX_FRAME = 65536;

    private final int fd;
    private final int ifIndex;
    private final String ifName;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final MemorySegment buffer;
    private final CallState state = new CallState();
    private boolean closed;

    private PacketSocket(int fd, int ifIndex, String ifName) {
        this.fd = fd;
        this.ifIndex = ifIndex;
        this.ifName = ifName;
        this.address = sockaddrLl(arena, ifIndex, Libc.ETH_P_ALL);
        this.buffer = arena.allocate(MAX_FRAME);
    }

    /**
     * A socket for sending only: protocol 0 hooks it into no receive path, so the kernel does not copy every
     * frame of the namespace into a queue nobody reads.
     */
    public static PacketSocket sender(Netns ns, String ifName) {
        return open(ns, ifName, false);
    }

    /**
     * A socket receiving every frame that arrives on {@code ifName} (ETH_P_ALL, bound to the interface, outgoing
     * frames ignored). It sees frames after XDP: what an XDP program redirects or drops never reaches it.
     */
    public static PacketSocket receiver(Netns ns, String ifName) {
        return open(ns, ifName, true);
    }

    private static PacketSocket open(Netns ns, String ifName, boolean receive) {
        try {
            return ns.call(() -> {
                int index = Libc.ifNameToIndex(ifName);
                int protocol = receive ? Libc.htons(Libc.ETH_P_ALL) & 0xffff : 0;
                int fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
                try {
                    if (receive) {
                        Libc.setsockoptInt(fd, Libc.SOL_PACKET, Libc.PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
                        try (Arena a = Arena.ofConfined()) {
                            Libc.bind(fd, sockaddrLl(a, index, Libc.ETH_P_ALL), "AF_PACKET " + ifName);
                        }
                        drain(fd);
                    }
                    return new PacketSocket(fd, index, ifName);
                } catch (RuntimeException e) {
                    Libc.close(fd);
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("AF_PACKET socket on " + ifName + " in " + ns, e);
        }
    }

    /** Frames of other interfaces may have been queued between socket() and bind(): discard them. */
    private static void drain(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment scratch = a.allocate(MAX_FRAME);
            while (Libc.recv(fd, scratch, Libc.MSG_DONTWAIT, "drain") >= 0) {
                // discard
            }
        }
    }

    static MemorySegment sockaddrLl(Arena arena, int ifIndex, int protocol) {
        MemorySegment s = arena.allocate(SOCKADDR_LL_SIZE, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
        s.set(ValueLayout.JAVA_SHORT, 2, Libc.htons(protocol));
        s.set(ValueLayout.JAVA_INT, 4, ifIndex);
        return s;
    }

    /**
     * Sends one frame as is; returns false when the kernel refused it for lack of buffer space (ENOBUFS/EAGAIN:
     * the caller counts it), throws on any other error.
     */
    public boolean send(byte[] frame) {
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 0, frame.length);
        long rc = Libc.sendto(state, fd, buffer, frame.length, 0, address, SOCKADDR_LL_SIZE);
        if (rc == frame.length) {
            return true;
        }
        int errno = state.errno();
        if (rc < 0 && (errno == Errno.ENOBUFS || errno == Errno.EAGAIN)) {
            return false;
        }
        if (rc < 0) {
            throw NativeException.of("sendto", "AF_PACKET " + ifName + ", " + frame.length + " bytes", errno);
        }
        throw new IllegalStateException("short AF_PACKET send on " + ifName + ": " + rc + " of " + frame.length);
    }

    /** The next frame, or null if none arrives within {@code timeoutMillis}. */
    public byte[] receive(int timeoutMillis) {
        if ((Libc.poll(fd, Libc.POLLIN, timeoutMillis) & Libc.POLLIN) == 0) {
            return null;
        }
        long n = Libc.recv(fd, buffer, Libc.MSG_DONTWAIT, "AF_PACKET " + ifName);
        if (n < 0) {
            return null;
        }
        return buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    public int ifIndex() {
        return ifIndex;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(fd);
        state.close();
        arena.close();
    }
}
