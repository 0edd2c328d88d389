package io.xsfu.testbed;

import io.xsfu.sys.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Switches interface offloads with the SIOCETHTOOL ioctl, so the testbed needs no ethtool binary. Each call
 * runs on the namespace's own thread because the ioctl's socket resolves the interface name in its creator's
 * namespace.
 */
public final class Ethtool {
    /** Legacy ethtool commands, still served by the kernel's generic feature code for every device. */
    static final int ETHTOOL_GTXCSUM = 0x16;
    static final int ETHTOOL_STXCSUM = 0x17;
    static final int ETHTOOL_GGRO = 0x2b;
    static final int ETHTOOL_SGRO = 0x2c;

    private static final int IFNAMSIZ = 16;
    /** struct ifreq: a 16-byte name, then a union whose ifr_data pointer is all SIOCETHTOOL uses. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_DATA = 16;

    private Ethtool() {
    }

    /**
     * Transmit checksum offload. On a veth it is on by default and then UDP datagrams cross the pair with only
     * the pseudo-header sum in their checksum field (the receiver trusts the skb's CHECKSUM_PARTIAL flag).
     * An XDP program or AF_XDP socket on the far side reads those raw bytes, which no real NIC would deliver.
     */
    public static void setTxChecksum(Netns ns, String ifName, boolean on) {
        set(ns, ifName, ETHTOOL_STXCSUM, on);
    }

    public static boolean txChecksum(Netns ns, String ifName) {
        return get(ns, ifName, ETHTOOL_GTXCSUM);
    }

    /**
     * GRO; on a veth it also gives the device a NAPI context and a frame ring, so that it accepts XDP frames
     * redirected into its peer. (XDP_TX from the peer is only delivered promptly when this device also runs an XDP
     * program: veth kicks the receiver's NAPI for XDP_TX only then.)
     */
    public static void setGro(Netns ns, String ifName, boolean on) {
        set(ns, ifName, ETHTOOL_SGRO, on);
    }

    public static boolean gro(Netns ns, String ifName) {
        return get(ns, ifName, ETHTOOL_GGRO);
    }

    private static void set(Netns ns, String ifName, int command, boolean on) {
        call(ns, ifName, command, on ? 1 : 0);
    }

    private static boolean get(Netns ns, String ifName, int command) {
        return call(ns, ifName, command, 0) != 0;
    }

    private static int call(Netns ns, String ifName, int command, int data) {
        byte[] name = ifName.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name longer than 15 characters: " + ifName);
        }
        try {
            return ns.call(() -> {
                int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
                try (Arena a = Arena.ofConfined()) {
                    // struct ethtool_value { u32 cmd; u32 data; }
                    MemorySegment value = a.allocate(8, 4);
                    value.set(ValueLayout.JAVA_INT, 0, command);
                    value.set(ValueLayout.JAVA_INT, 4, data);
                    MemorySegment ifreq = a.allocate(IFREQ_SIZE, 8);
                    MemorySegment.copy(name, 0, ifreq, ValueLayout.JAVA_BYTE, 0, name.length);
                    ifreq.set(ValueLayout.ADDRESS, IFREQ_DATA, value);
                    Libc.ioctl(fd, Libc.SIOCETHTOOL, ifreq, "ethtool 0x" + Integer.toHexString(command) + " " + ifName);
                    return value.get(ValueLayout.JAVA_INT, 4);
                } finally {
                    Libc.close(fd);
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("ethtool on " + ifName + " in " + ns, e);
        }
    }
}
