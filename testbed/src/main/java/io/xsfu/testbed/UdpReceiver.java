package io.xsfu.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Receives UDP in a client namespace and records every datagram (source, payload, arrival time) for tests that
 * check exact copies. Bound to {@code [::]:port}, so it receives IPv4 and IPv6. A reader thread fills the record;
 * accessors are safe from any thread.
 */
public final class UdpReceiver implements AutoCloseable {
    /** One datagram as it arrived. */
    public record Packet(InetSocketAddress source, byte[] payload, long receivedNanos) {
    }

    private static final int MAX_DATAGRAM = 65535;

    private final DatagramChannel channel;
    private final int port;
    private final int maxStored;
    private final List<Packet> packets = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private final Thread reader;
    private volatile IOException failure;

    private UdpReceiver(DatagramChannel channel, int maxStored) throws IOException {
        this.channel = channel;
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        this.maxStored = maxStored;
        this.reader = Thread.ofPlatform().daemon().name("udp-receiver-" + port).start(this::readLoop);
    }

    /** Receives on {@code port} (0: any free port) in {@code ns} and stores every datagram. */
    public static UdpReceiver open(Netns ns, int port) {
        return open(ns, port, Integer.MAX_VALUE);
    }

    /** As {@link #open(Netns, int)}, storing at most {@code maxStored} datagrams (all are counted). */
    public static UdpReceiver open(Netns ns, int port, int maxStored) {
        try {
            return ns.call(() -> bind(port, maxStored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind UDP port " + port + " in " + ns, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Receives on {@code port} in the calling thread's namespace: the root namespace, for a test that plays a browser
     * on a {@link LanTopology.Builder#rootPort root port}.
     */
    public static UdpReceiver openHere(int port) {
        try {
            return bind(port, Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind UDP port " + port, e);
        }
    }

    private static UdpReceiver bind(int port, int maxStored) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET6);
        try {
            // The kernel caps this at net.core.rmem_max; enough for the rates tests use.
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.bind(new InetSocketAddress(InetAddress.ofLiteral("::"), port));
            return new UdpReceiver(ch, maxStored);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try {
            while (true) {
                buf.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(buf);
                long now = System.nanoTime();
                buf.flip();
                byte[] payload = new byte[buf.remaining()];
                buf.get(payload);
                synchronized (packets) {
                    if (packets.size() < maxStored) {
                        packets.add(new Packet(unmap(source), payload, now));
                    }
                    count.incrementAndGet();
                    packets.notifyAll();
                }
            }
        } catch (ClosedChannelException e) {
            // close() ends the loop.
        } catch (IOException e) {
            failure = e;
        }
    }

    /** A dual-stack socket reports IPv4 senders as ::ffff:a.b.c.d; tests compare with plain IPv4 addresses. */
    private static InetSocketAddress unmap(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        if (b.length == 16 && isV4Mapped(b)) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)),
                        a.getPort());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    public int port() {
        return port;
    }

    /**
     * Sends from this socket, so the datagram leaves from the receiving port: the way an SFU answers on the port a
     * client talks to (RTCP feedback back to a publisher, say).
     */
    public void send(byte[] payload, InetSocketAddress destination) {
        try {
            channel.send(ByteBuffer.wrap(payload), destination);
        } catch (IOException e) {
            throw new UncheckedIOException("send to " + destination + " from port " + port, e);
        }
    }

    /** Datagrams received so far (including those beyond {@code maxStored}). */
    public long count() {
        return count.get();
    }

    /** A snapshot of the stored datagrams, in arrival order. */
    public List<Packet> packets() {
        synchronized (packets) {
            return new ArrayList<>(packets);
        }
    }

    public List<Packet> packets(Predicate<Packet> filter) {
        return packets().stream().filter(filter).toList();
    }

    /** Waits until at least {@code n} datagrams arrived; returns whether they did within {@code timeout}. */
    public boolean awaitCount(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (packets) {
            while (count.get() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                packets.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** The error that stopped the reader, if any (null while healthy). */
    public IOException failure() {
        return failure;
    }

    @Override
    public void close() {
        try {
            channel.close();
            reader.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
