package io.xsfu.testbed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records the frames arriving on an interface of a namespace (an AF_PACKET receiver on its own thread), keeping
 * those that match a filter. Like tcpdump it sees frames after XDP, so on an interface with an XDP program it
 * shows what the program passed to the kernel.
 */
public final class PacketCapture implements AutoCloseable {
    /** A kept frame and when the capture thread read it (wall clock, as RTCP's NTP timestamps are). */
    public record Frame(Instant arrival, byte[] bytes) {
    }

    private final PacketSocket socket;
    private final Predicate<byte[]> filter;
    private final List<Frame> frames = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    private PacketCapture(PacketSocket socket, Predicate<byte[]> filter, String name) {
        this.socket = socket;
        this.filter = filter;
        this.reader = Thread.ofPlatform().daemon().name("capture-" + name).start(this::readLoop);
    }

    /** Starts capturing on {@code ifName} in {@code ns}; frames arriving after this returns are seen. */
    public static PacketCapture start(Netns ns, String ifName, Predicate<byte[]> filter) {
        return new PacketCapture(PacketSocket.receiver(ns, ifName), filter, ns.name() + "-" + ifName);
    }

    /** Frames from the given source MAC ("aa:bb:..") only: what one client sent, without the segment's noise. */
    public static Predicate<byte[]> fromMac(String mac) {
        byte[] m = java.util.HexFormat.ofDelimiter(":").parseHex(mac);
        return f -> f.length >= 12 && java.util.Arrays.equals(f, 6, 12, m, 0, 6);
    }

    private void readLoop() {
        try {
            while (!closing) {
                byte[] f = socket.receive(50);
                if (f != null && filter.test(f)) {
                    Instant arrival = Instant.now();
                    synchronized (frames) {
                        frames.add(new Frame(arrival, f));
                        frames.notifyAll();
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    public int count() {
        synchronized (frames) {
            return frames.size();
        }
    }

    /** A snapshot of the kept frames in arrival order. */
    public List<byte[]> frames() {
        synchronized (frames) {
            return frames.stream().map(Frame::bytes).toList();
        }
    }

    /** A snapshot of the kept frames with their arrival times, in arrival order. */
    public List<Frame> timedFrames() {
        synchronized (frames) {
            return new ArrayList<>(frames);
        }
    }

    /** Waits until {@code n} frames were kept; false on timeout. Rethrows a receive failure. */
    public boolean awaitCount(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (frames.size() < n) {
                if (failure != null) {
                    throw failure;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                frames.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!reader.isAlive()) {
            socket.close();
        }
    }
}
