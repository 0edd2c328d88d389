package io.xsfu.route;

import org.agrona.concurrent.status.AtomicCounter;

/** Per-participant counters: packets and bytes received from it and sent to it. */
public record TransportCounters(AtomicCounter rxPackets, AtomicCounter rxBytes, AtomicCounter txPackets,
                                AtomicCounter txBytes) {
    public void received(int bytes) {
        rxPackets.incrementRelease();
        rxBytes.getAndAddRelease(bytes);
    }

    public void sent(int bytes) {
        txPackets.incrementRelease();
        txBytes.getAndAddRelease(bytes);
    }

    public void close() {
        rxPackets.close();
        rxBytes.close();
        txPackets.close();
        txBytes.close();
    }
}
