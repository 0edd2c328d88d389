package io.xsfu.forward;

/**
 * Where packets come from and go to: AF_XDP rings or kernel UDP sockets. Both feed the same
 * {@link Forwarder}; only receiving and transmitting differ. Called from the agent thread only.
 */
public interface Backend extends AutoCloseable {
    /** Receives up to one batch per socket, forwards it and flushes the copies; returns the work done. */
    int poll(Forwarder forwarder, long nowNanos);

    /** Periodic, cheap bookkeeping from the agent thread (gauges such as UMEM frames by owner). */
    default void housekeeping() {
    }

    /** A new routing table is in force (the agent applies it between batches): open or close what it needs. */
    default void apply(io.xsfu.route.RoutingTable table) {
    }

    /** Where packets the SFU makes on its own (timers: receiver reports, NACKs, keyframe requests) go out. */
    Egress controlEgress();

    String name();

    /** Stops receiving, lets queued copies drain and releases every resource. */
    @Override
    void close();
}
