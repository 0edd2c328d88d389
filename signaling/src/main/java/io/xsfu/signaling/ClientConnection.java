package io.xsfu.signaling;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client. Sending is safe from any thread (Netty queues it on the channel's event loop, in order);
 * {@link #session} belongs to the control thread.
 */
final class ClientConnection {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    /** The participant this connection speaks for, null before join and after leave. Control thread only. */
    Session session;
    /** Whether it ever joined: a connection that does not join within its deadline is closed. */
    private volatile boolean joined;

    ClientConnection(Channel channel) {
        this.channel = channel;
    }

    long id() {
        return id;
    }

    void markJoined() {
        joined = true;
    }

    boolean joined() {
        return joined;
    }

    boolean open() {
        return channel.isActive();
    }

    void send(String text) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    /** A close frame with {@code status}, then the TCP connection. */
    void close(WebSocketCloseStatus status) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + channel.remoteAddress();
    }
}
