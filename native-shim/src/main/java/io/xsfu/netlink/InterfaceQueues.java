package io.xsfu.netlink;

import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * How many RX queues an interface really uses, which bounds the queue ids an AF_XDP socket can bind to.
 * Asks the driver (ETHTOOL_GCHANNELS); a driver without channel reporting falls back to the count the device
 * was created with (IFLA_NUM_RX_QUEUES). In the calling thread's network namespace.
 */
public final class InterfaceQueues {
    static final long SIOCETHTOOL = 0x8946;
    static final int ETHTOOL_GCHANNELS = 0x3c;
    static final int IFNAMSIZ = 16;

    // struct ifreq: the name, then a union whose ifr_data points at the ethtool command.
    static final int IFREQ_DATA_OFFSET = 16;
    static final int IFREQ_SIZE = 40;

    // struct ethtool_channels
    static final int CHANNELS_CMD_OFFSET = 0;
    static final int CHANNELS_RX_COUNT_OFFSET = 20;
    static final int CHANNELS_COMBINED_COUNT_OFFSET = 32;
    static final int CHANNELS_SIZE = 36;

    private InterfaceQueues() {
    }

    /** RX queues of {@code ifName}: rx_count + combined_count, or IFLA_NUM_RX_QUEUES if the driver can't say. */
    public static int rxQueueCount(String ifName) {
        byte[] name = ifName.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("not an interface name: '" + ifName + "'");
        }
        int fromDriver = channels(ifName, name);
        if (fromDriver > 0) {
            return fromDriver;
        }
        try (RtNetlink rt = RtNetlink.open()) {
            return Math.max(1, rt.link(ifName).numRxQueues());
        }
    }

    /** rx_count + combined_count from the driver, 0 if it does not report channels. */
    private static int channels(String ifName, byte[] name) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment channels = a.allocate(CHANNELS_SIZE, 4);
            channels.set(ValueLayout.JAVA_INT, CHANNELS_CMD_OFFSET, ETHTOOL_GCHANNELS);
            MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
            MemorySegment.copy(name, 0, ifr, ValueLayout.JAVA_BYTE, 0, name.length);
            ifr.set(ValueLayout.ADDRESS, IFREQ_DATA_OFFSET, channels);
            try {
                Libc.ioctl(fd, SIOCETHTOOL, ifr, "SIOCETHTOOL ETHTOOL_GCHANNELS " + ifName);
            } catch (NativeException e) {
                if (e.errno() == Errno.EOPNOTSUPP) {
                    return 0;
                }
                throw e;
            }
            return channels.get(ValueLayout.JAVA_INT, CHANNELS_RX_COUNT_OFFSET)
                    + channels.get(ValueLayout.JAVA_INT, CHANNELS_COMBINED_COUNT_OFFSET);
        } finally {
            Libc.close(fd);
        }
    }
}
