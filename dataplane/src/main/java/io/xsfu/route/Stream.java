package io.xsfu.route;

import org.agrona.concurrent.status.AtomicCounter;

/** One incoming RTP stream (an SSRC) of a sending transport, with its live counters. Agent-owned. */
public final class Stream {
    private final long ssrc;
    private final AtomicCounter rxPackets;
    private final AtomicCounter rxBytes;
    private final AtomicCounter txPackets;
    private final AtomicCounter txBytes;
    private long lastSeenNanos;

    public Stream(long ssrc, AtomicCounter rxPackets, AtomicCounter rxBytes, AtomicCounter txPackets,
                  AtomicCounter txBytes) {
        this.ssrc = ssrc;
        this.rxPackets = rxPackets;
        this.rxBytes = rxBytes;
        this.txPackets = txPackets;
        this.txBytes = txBytes;
    }

    public long ssrc() {
        return ssrc;
    }

    public void received(int bytes, long nowNanos) {
        lastSeenNanos = nowNanos;
        rxPackets.incrementRelease();
        rxBytes.getAndAddRelease(bytes);
    }

    public void forwarded(int copies, long bytes) {
        if (copies > 0) {
            txPackets.getAndAddRelease(copies);
            txBytes.getAndAddRelease(bytes);
        }
    }

    /** When the last packet of this stream arrived (agent clock). */
    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    public long rxPackets() {
        return rxPackets.get();
    }

    public long txPackets() {
        return txPackets.get();
    }

    /** Frees the counters (the stream's transport left the routing table). */
    public void close() {
        rxPackets.close();
        rxBytes.close();
        txPackets.close();
        txBytes.close();
    }
}
