package io.xsfu.steer;

import io.xsfu.sys.CallState;
import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Sends hand-made Ethernet frames out of an interface with an AF_PACKET socket, to show the steering
 * program input no stack would produce. Create and use it on a thread inside the interface's namespace.
 */
final class RawFrameSender implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int ETH_P_ALL = 0x0003;
    /** struct sockaddr_ll: family, protocol, ifindex, hatype, pkttype, halen, addr[8]. */
    private static final int SOCKADDR_LL_SIZE = 20;
    private static final int SLL_IFINDEX = 4;

    private final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment address;
    private final CallState state = new CallState();

    RawFrameSender(String ifName) {
        int ifindex = Libc.ifNameToIndex(ifName);
        fd = Libc.socket(AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Short.reverseBytes((short) ETH_P_ALL));
        address = arena.allocate(SOCKADDR_LL_SIZE);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
        address.set(ValueLayout.JAVA_SHORT, 2, Short.reverseBytes((short) ETH_P_ALL));
        address.set(ValueLayout.JAVA_INT, SLL_IFINDEX, ifindex);
    }

    void send(byte[] frame) {
        MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, frame);
        long n = Libc.sendto(state, fd, buf, frame.length, 0, address, SOCKADDR_LL_SIZE);
        if (n != frame.length) {
            throw new IllegalStateException("sendto on AF_PACKET sent " + n + " of " + frame.length + ": "
                    + Errno.describe(state.errno()));
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        state.close();
        arena.close();
    }

    // ---- frame builders ----------------------------------------------------------------------------

    static byte[] mac(String colonHex) {
        return HexFormat.ofDelimiter(":").parseHex(colonHex);
    }

    /** Ethernet header (optionally with one 802.1Q tag) followed by {@code payload}. */
    static byte[] ethernet(byte[] dst, byte[] src, int vlanId, int etherType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + (vlanId >= 0 ? 4 : 0) + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put(dst).put(src);
        if (vlanId >= 0) {
            b.putShort((short) 0x8100).putShort((short) vlanId);
        }
        b.putShort((short) etherType).put(payload);
        return b.array();
    }

    /**
     * An IPv4 header of {@code ihlWords} 32-bit words (options zero-filled) with the given protocol and
     * fragment field, followed by {@code payload}. The header checksum is left zero: the XDP program does
     * not look at it, and the kernel drops what it passes.
     */
    static byte[] ipv4(byte[] src, byte[] dst, int protocol, int ihlWords, int fragField, byte[] payload) {
        int headerLength = Math.max(ihlWords, 5) * 4;
        ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) (0x40 | (ihlWords & 0xf))).put((byte) 0).putShort((short) (headerLength + payload.length));
        b.putShort((short) 1).putShort((short) fragField);
        b.put((byte) 64).put((byte) protocol).putShort((short) 0);
        b.put(src).put(dst);
        b.position(headerLength);
        b.put(payload);
        return b.array();
    }

    static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }
}
