package io.xsfu.stun;

import io.xsfu.packet.DropReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link IceLiteResponder} on a UDP socket bound to 127.0.0.1, for tests against real ICE agents: what the
 * WebRTC conductor will do, minus the rings. STUN (first byte 0..3, RFC 7983) goes to the responder and its
 * answer goes back to the source; anything else is recorded as application data with its source. One thread
 * owns the responder; the results are read after {@link #close()} (which joins it).
 */
final class LoopbackIceResponder implements AutoCloseable {
    private final IceLiteResponder responder;
    private final DatagramChannel channel;
    private final Thread thread;
    private final int[] reasons = new int[StunDrop.END];
    private final List<TransportAddress> nominations = new ArrayList<>();
    private final List<TransportAddress> dataSources = new ArrayList<>();
    private final List<String> data = new ArrayList<>();
    private volatile RuntimeException failure;

    LoopbackIceResponder(IceLiteResponder responder) throws IOException {
        this.responder = responder;
        this.channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = Thread.ofPlatform().name("ice-lite-loopback").start(this::serve);
    }

    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(2048);
        ByteBuffer out = ByteBuffer.allocateDirect(2048);
        MemorySegment inSegment = MemorySegment.ofBuffer(in);
        MemorySegment outSegment = MemorySegment.ofBuffer(out);
        try {
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                TransportAddress source = TransportAddress.of((InetSocketAddress) from);
                int length = in.position();
                if (length > 0 && (inSegment.get(io.xsfu.packet.Wire.U8, 0) & 0xFF) > 3) {
                    dataSources.add(source);
                    byte[] payload = new byte[length];
                    in.flip().get(payload);
                    data.add(new String(payload, java.nio.charset.StandardCharsets.US_ASCII));
                    continue;
                }
                IceLiteResponder.Outcome outcome = responder.handle(inSegment, 0, length, source, System.nanoTime(),
                        outSegment, 0, 2048);
                reasons[outcome.reason()]++;
                if (outcome.nominated()) {
                    nominations.add(source);
                }
                if (outcome.responseLength() > 0) {
                    out.clear().limit(outcome.responseLength());
                    channel.send(out, from);
                }
            }
        } catch (ClosedChannelException expected) {
            // close()
        } catch (IOException | RuntimeException e) {
            failure = e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        channel.close();
        thread.join(5000);
        if (failure != null) {
            throw failure;
        }
    }

    IceLiteResponder responder() {
        return responder;
    }

    /** Datagrams handled with {@code reason} ({@link DropReason#OK}: answered with success). */
    int count(int reason) {
        return reasons[reason];
    }

    List<TransportAddress> nominations() {
        return nominations;
    }

    List<TransportAddress> dataSources() {
        return dataSources;
    }

    List<String> data() {
        return data;
    }

    String summary() {
        StringBuilder b = new StringBuilder("ok=" + reasons[DropReason.OK]);
        for (int r = StunDrop.FIRST; r < StunDrop.END; r++) {
            if (reasons[r] > 0) {
                b.append(' ').append(StunDrop.name(r)).append('=').append(reasons[r]);
            }
        }
        return b.append(" nominations=").append(nominations).toString();
    }
}
