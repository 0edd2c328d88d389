package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.xsk.FrameAllocator;
import io.xsfu.xsk.XskSocket;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/** UMEM frames by owner (free, fill ring, application, TX) per queue, published as gauges from the agent. */
final class FrameGauges {
    private final XskSocket[] sockets;
    private final AtomicCounter[][] gauges;
    private final AtomicCounter[] invalid;

    FrameGauges(CountersManager manager, XskSocket[] sockets) {
        this.sockets = sockets;
        this.gauges = new AtomicCounter[sockets.length][4];
        this.invalid = new AtomicCounter[sockets.length];
        String[] states = {"free", "fill", "app", "tx"};
        for (int s = 0; s < sockets.length; s++) {
            int q = sockets[s].queueId();
            for (int k = 0; k < states.length; k++) {
                gauges[s][k] = manager.newCounter("xsfu_umem_frames{queue=\"" + q + "\",owner=\"" + states[k] + "\"}",
                        DataplaneCounters.TYPE_DATAPLANE);
            }
            invalid[s] = manager.newCounter("xsfu_umem_invalid_transitions_total{queue=\"" + q + "\"}",
                    DataplaneCounters.TYPE_DATAPLANE);
        }
    }

    void publish() {
        for (int s = 0; s < sockets.length; s++) {
            FrameAllocator f = sockets[s].frames();
            gauges[s][0].setRelease(f.freeCount());
            gauges[s][1].setRelease(f.inFill());
            gauges[s][2].setRelease(f.inApp());
            gauges[s][3].setRelease(f.inTx());
            invalid[s].setRelease(f.invalidTransitions());
        }
    }
}
