package io.xsfu.signaling;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * One connection's pipeline: [TLS] → idle detection → HTTP codec → whole requests (size-limited) → HTTP router
 * ({@code /health}, {@code /metrics}, {@code /admin/rooms}, page) → WebSocket handshake and control frames on
 * {@code /ws} (frames size-limited, no compression extension) → whole messages (size-limited) → JSON requests.
 */
final class SignalingInitializer extends ChannelInitializer<SocketChannel> {
    /** Silence after which a WebSocket client is pinged, and after twice which it is dropped (and HTTP closed). */
    static final int IDLE_SECONDS = 20;
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final SignalingConfig config;
    private final SslContext tls;
    private final Signaling signaling;
    private final HttpRouter router;
    private final ChannelGroup channels;

    SignalingInitializer(SignalingConfig config, SslContext tls, Signaling signaling, HttpRouter router,
                         ChannelGroup channels) {
        this.config = config;
        this.tls = tls;
        this.signaling = signaling;
        this.router = router;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        pipeline.addLast("idle", new IdleStateHandler(IDLE_SECONDS, 0, 0));
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, config.maxMessageBytes()));
        pipeline.addLast("requests", new HttpObjectAggregator(config.maxMessageBytes()));
        pipeline.addLast("router", router);
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(HttpRouter.WEBSOCKET_PATH)
                .checkStartsWith(true)
                .maxFramePayloadLength(config.maxMessageBytes())
                .allowExtensions(false)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .build()));
        pipeline.addLast("messages", new WebSocketFrameAggregator(config.maxMessageBytes()));
        pipeline.addLast("json", new WebSocketJsonHandler(signaling, config, System::nanoTime));
    }
}
