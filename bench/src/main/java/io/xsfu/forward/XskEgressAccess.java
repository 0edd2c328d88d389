package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.xsk.XskSocket;

/**
 * Reaches the package-private AF_XDP egress from the benchmarks (this class sits in dataplane's package on
 * the class path), so that they measure the real {@link XskEgress} and not a copy of it.
 */
public final class XskEgressAccess {
    private XskEgressAccess() {
    }

    public static Egress create(XskSocket socket, SourceAddresses source, int mtu, DataplaneCounters counters) {
        return new XskEgress(socket, source, mtu, counters);
    }

    /** Publishes the copies written so far to the TX ring, as the agent does after each RX batch. */
    public static int flush(Egress egress) {
        return ((XskEgress) egress).flush();
    }
}
