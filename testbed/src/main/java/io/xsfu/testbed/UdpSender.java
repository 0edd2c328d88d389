package io.xsfu.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A UDP socket of a client host, bound to a chosen source port (an SFU identifies a publisher by its address and
 * port). The socket is created on the namespace's thread and keeps that namespace for life, so it may then send
 * from any thread. Dual-stack: sends to IPv4 and IPv6 destinations.
 */
public final class UdpSender implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress local;

    private UdpSender(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Bound to {@code [::]:sourcePort} in {@code ns}; port 0 lets the kernel choose. */
    public static UdpSender open(Netns ns, int sourcePort) {
        return open(ns, new InetSocketAddress(InetAddress.ofLiteral("::"), sourcePort));
    }

    /** Bound to {@code bind} in {@code ns} (an IPv4 bind address gives an IPv4-only socket). */
    public static UdpSender open(Netns ns, InetSocketAddress bind) {
        try {
            return ns.call(() -> {
                DatagramChannel ch = DatagramChannel.open(bind.getAddress() instanceof java.net.Inet4Address
                        ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                try {
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
                    ch.bind(bind);
                    return new UdpSender(ch);
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind UDP " + bind + " in " + ns, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(byte[] payload, InetSocketAddress destination) {
        send(ByteBuffer.wrap(payload), destination);
    }

    public void send(ByteBuffer payload, InetSocketAddress destination) {
        try {
            channel.send(payload, destination);
        } catch (IOException e) {
            throw new UncheckedIOException("send to " + destination + " from " + local, e);
        }
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    public int port() {
        return local.getPort();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
