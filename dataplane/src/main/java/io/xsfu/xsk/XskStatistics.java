package io.xsfu.xsk;

/** The kernel's counters for one AF_XDP socket (getsockopt XDP_STATISTICS). */
public record XskStatistics(long rxDropped, long rxInvalidDescs, long txInvalidDescs, long rxRingFull,
                            long rxFillRingEmptyDescs, long txRingEmptyDescs) {
    public static final XskStatistics ZERO = new XskStatistics(0, 0, 0, 0, 0, 0);
}
