package io.xsfu.testbed;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced stream of valid RTP packets from a client's fixed source port: one SSRC, consecutive sequence numbers,
 * timestamps advancing by a fixed step, payloads from {@link RtpPackets#patternPayload} so receivers can check
 * exact copies. Runs on its own thread; the socket belongs to the client's namespace.
 */
public final class RtpFlood implements AutoCloseable {
    private final Builder b;
    private final UdpSender sender;
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile RuntimeException failure;

    private RtpFlood(Builder b) {
        this.b = b;
        this.sender = UdpSender.open(b.ns, b.sourcePort);
        this.thread = Thread.ofPlatform().daemon().name("rtp-flood-" + b.ssrc).start(this::run);
    }

    public static Builder from(Netns ns, int sourcePort) {
        return new Builder(ns, sourcePort);
    }

    private void run() {
        long intervalNanos = b.packetsPerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / b.packetsPerSecond : 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; (b.count == 0 || i < b.count) && !stopping; i++) {
                if (intervalNanos > 0) {
                    // Paced from the start time, not from the previous send, so the average rate holds under jitter.
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                boolean marker = b.markerEvery > 0 && (i + 1) % b.markerEvery == 0;
                byte[] packet = RtpPackets.build(b.ssrc, b.payloadType, (b.firstSequence + i) & 0xffff,
                        b.firstTimestamp + (long) i * b.timestampStep, marker, RtpPackets.patternPayload(i, b.payloadSize));
                sender.send(packet, b.destination);
                sent.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Packets sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Waits for the stream to end (count reached or {@link #close()}); rethrows a send failure. */
    public boolean await(Duration timeout) throws InterruptedException {
        boolean done = thread.join(timeout);
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    public int sourcePort() {
        return sender.port();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
    }

    public static final class Builder {
        private final Netns ns;
        private final int sourcePort;
        private InetSocketAddress destination;
        private long ssrc = 0x11223344L;
        private int payloadType = 96;
        private int payloadSize = 1000;
        private int packetsPerSecond = 1000;
        private long count = 1000;
        private int firstSequence = 1;
        private long firstTimestamp = 90_000;
        private int timestampStep = 3000;
        private int markerEvery = 1;

        private Builder(Netns ns, int sourcePort) {
            this.ns = ns;
            this.sourcePort = sourcePort;
        }

        public Builder to(InetSocketAddress destination) {
            this.destination = destination;
            return this;
        }

        public Builder ssrc(long ssrc) {
            this.ssrc = ssrc;
            return this;
        }

        public Builder payloadType(int pt) {
            if (pt < 0 || pt > 127) {
                throw new IllegalArgumentException("payload type 0..127: " + pt);
            }
            this.payloadType = pt;
            return this;
        }

        public Builder payloadSize(int bytes) {
            if (bytes < 0 || bytes > 1400) {
                throw new IllegalArgumentException("payload size 0..1400: " + bytes);
            }
            this.payloadSize = bytes;
            return this;
        }

        /** Packets per second; 0 sends as fast as the socket takes them. */
        public Builder rate(int packetsPerSecond) {
            this.packetsPerSecond = packetsPerSecond;
            return this;
        }

        /** Packets to send; 0 sends until {@link RtpFlood#close()}. */
        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder firstSequence(int seq) {
            this.firstSequence = seq & 0xffff;
            return this;
        }

        public Builder firstTimestamp(long ts) {
            this.firstTimestamp = ts;
            return this;
        }

        /** RTP timestamp increase per packet (default 3000: one 90 kHz video frame at 30 fps per packet). */
        public Builder timestampStep(int step) {
            this.timestampStep = step;
            return this;
        }

        /** Sets the marker bit on every n-th packet (default 1: every packet ends a frame; 0: never). */
        public Builder markerEvery(int n) {
            this.markerEvery = n;
            return this;
        }

        public RtpFlood start() {
            if (destination == null) {
                throw new IllegalStateException("destination not set");
            }
            return new RtpFlood(this);
        }
    }
}
