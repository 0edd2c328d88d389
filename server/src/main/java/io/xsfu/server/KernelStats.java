package io.xsfu.server;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.steer.SteeringProgram;
import io.xsfu.xsk.XskSocket;
import io.xsfu.xsk.XskStatistics;
import java.util.List;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * Mirrors what only the kernel knows into counters, once a second on the control thread: the XDP
 * program's per-verdict counts (per-CPU map, summed) and each AF_XDP socket's drop statistics.
 * Counters are allocated at construction, before the agent starts allocating its own.
 */
final class KernelStats {
    private final SteeringProgram steering;
    private final List<XskSocket> sockets;
    private final AtomicCounter[] verdicts;
    private final AtomicCounter[][] xsk;

    KernelStats(CountersManager manager, SteeringProgram steering, List<XskSocket> sockets) {
        this.steering = steering;
        this.sockets = sockets;
        this.verdicts = new AtomicCounter[steering == null ? 0 : SteerAbi.VERDICTS];
        for (int v = 0; v < verdicts.length; v++) {
            verdicts[v] = manager.newCounter("xsfu_xdp_packets_total{verdict=\"" + SteerAbi.VERDICT_NAMES[v] + "\"}",
                    DataplaneCounters.TYPE_KERNEL);
        }
        String[] names = {"rx_dropped", "rx_invalid_descs", "tx_invalid_descs", "rx_ring_full",
            "rx_fill_ring_empty_descs", "tx_ring_empty_descs"};
        this.xsk = new AtomicCounter[sockets.size()][names.length];
        for (int s = 0; s < sockets.size(); s++) {
            for (int k = 0; k < names.length; k++) {
                xsk[s][k] = manager.newCounter("xsfu_xsk_" + names[k] + "_total{queue=\"" + sockets.get(s).queueId() + "\"}",
                        DataplaneCounters.TYPE_KERNEL);
            }
        }
    }

    void poll() {
        try {
            if (steering != null) {
                long[] counts = steering.verdictCounts();
                for (int v = 0; v < verdicts.length; v++) {
                    verdicts[v].setRelease(counts[v]);
                }
            }
            for (int s = 0; s < sockets.size(); s++) {
                XskSocket socket = sockets.get(s);
                if (socket.isClosed()) {
                    continue;
                }
                XskStatistics st = socket.statistics();
                long[] values = {st.rxDropped(), st.rxInvalidDescs(), st.txInvalidDescs(), st.rxRingFull(),
                    st.rxFillRingEmptyDescs(), st.txRingEmptyDescs()};
                for (int k = 0; k < values.length; k++) {
                    xsk[s][k].setRelease(values[k]);
                }
            }
        } catch (RuntimeException e) {
            // Logged, and tried again next second (e.g. a socket closing during shutdown).
            System.getLogger(KernelStats.class.getName()).log(System.Logger.Level.WARNING,
                    "reading kernel statistics: " + e.getMessage());
        }
    }
}
