package io.xsfu.xdp;

import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

/**
 * Layouts of the AF_XDP structs of {@code <linux/if_xdp.h>}, and the constants that go with them.
 * {@code StructLayoutsTest} compiles a C program against the header and checks every size and offset.
 */
public final class XdpStructs {
    public static final int SOL_XDP = 283;

    // setsockopt / getsockopt names
    public static final int XDP_MMAP_OFFSETS = 1;
    public static final int XDP_RX_RING = 2;
    public static final int XDP_TX_RING = 3;
    public static final int XDP_UMEM_REG = 4;
    public static final int XDP_UMEM_FILL_RING = 5;
    public static final int XDP_UMEM_COMPLETION_RING = 6;
    public static final int XDP_STATISTICS = 7;
    public static final int XDP_OPTIONS = 8;
    /** Frames one copy-mode {@code sendto} may transmit (kernel 6.17+; default 32). */
    public static final int XDP_MAX_TX_SKB_BUDGET = 9;

    // sockaddr_xdp.sxdp_flags
    public static final short XDP_SHARED_UMEM = 1;
    public static final short XDP_COPY = 1 << 1;
    public static final short XDP_ZEROCOPY = 1 << 2;
    public static final short XDP_USE_NEED_WAKEUP = 1 << 3;

    /** Ring flags word: the kernel sets it when it needs a syscall to make progress. */
    public static final int XDP_RING_NEED_WAKEUP = 1;
    public static final int XDP_OPTIONS_ZEROCOPY = 1;

    // mmap page offsets of the four rings
    public static final long XDP_PGOFF_RX_RING = 0L;
    public static final long XDP_PGOFF_TX_RING = 0x80000000L;
    public static final long XDP_UMEM_PGOFF_FILL_RING = 0x100000000L;
    public static final long XDP_UMEM_PGOFF_COMPLETION_RING = 0x180000000L;

    public static final StructLayout SOCKADDR_XDP = structLayout(
            JAVA_SHORT.withName("sxdp_family"),
            JAVA_SHORT.withName("sxdp_flags"),
            JAVA_INT.withName("sxdp_ifindex"),
            JAVA_INT.withName("sxdp_queue_id"),
            JAVA_INT.withName("sxdp_shared_umem_fd")).withName("sockaddr_xdp");

    public static final StructLayout XDP_RING_OFFSET = structLayout(
            JAVA_LONG.withName("producer"),
            JAVA_LONG.withName("consumer"),
            JAVA_LONG.withName("desc"),
            JAVA_LONG.withName("flags")).withName("xdp_ring_offset");

    public static final StructLayout XDP_MMAP_OFFSETS_LAYOUT = structLayout(
            XDP_RING_OFFSET.withName("rx"),
            XDP_RING_OFFSET.withName("tx"),
            XDP_RING_OFFSET.withName("fr"),
            XDP_RING_OFFSET.withName("cr")).withName("xdp_mmap_offsets");

    /** The v2 layout (with flags); the kernel accepts it from 5.4 on, padded to 8 bytes. */
    public static final StructLayout XDP_UMEM_REG_LAYOUT = structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_LONG.withName("len"),
            JAVA_INT.withName("chunk_size"),
            JAVA_INT.withName("headroom"),
            JAVA_INT.withName("flags"),
            java.lang.foreign.MemoryLayout.paddingLayout(4)).withName("xdp_umem_reg");

    public static final StructLayout XDP_STATISTICS_LAYOUT = structLayout(
            JAVA_LONG.withName("rx_dropped"),
            JAVA_LONG.withName("rx_invalid_descs"),
            JAVA_LONG.withName("tx_invalid_descs"),
            JAVA_LONG.withName("rx_ring_full"),
            JAVA_LONG.withName("rx_fill_ring_empty_descs"),
            JAVA_LONG.withName("tx_ring_empty_descs")).withName("xdp_statistics");

    public static final StructLayout XDP_OPTIONS_LAYOUT = structLayout(
            JAVA_INT.withName("flags")).withName("xdp_options");

    /** An RX/TX descriptor: UMEM address, length, options. 16 bytes. */
    public static final StructLayout XDP_DESC = structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("options")).withName("xdp_desc");

    public static final long XDP_DESC_ADDR = offset(XDP_DESC, "addr");
    public static final long XDP_DESC_LEN = offset(XDP_DESC, "len");
    public static final long XDP_DESC_OPTIONS = offset(XDP_DESC, "options");
    public static final long XDP_DESC_SIZE = XDP_DESC.byteSize();

    private XdpStructs() {
    }

    public static long offset(StructLayout layout, String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }
}
