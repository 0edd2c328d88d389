package io.xsfu.signaling;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The end of the pipeline: one whole text message at a time (fragments are joined before, up to the size
 * limit), parsed and rate-limited here on the event loop, then handed to {@link Signaling}'s control thread.
 * Binary messages and messages over the limit close the connection, and so does not joining within
 * {@value #JOIN_DEADLINE_SECONDS} s; a silent connection is pinged once and closed if it stays silent. One
 * instance per channel.
 */
final class WebSocketJsonHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final System.Logger LOG = System.getLogger(WebSocketJsonHandler.class.getName());
    /** An unauthenticated connection costs memory and a socket: it gets this long to join. */
    static final int JOIN_DEADLINE_SECONDS = 10;
    static final WebSocketCloseStatus JOIN_TOO_LATE = new WebSocketCloseStatus(
            WebSocketCloseStatus.POLICY_VIOLATION.code(), "no join within " + JOIN_DEADLINE_SECONDS + " s");

    private final Signaling signaling;
    private final SignalingConfig config;
    private final TokenBucket bucket;
    private ClientConnection connection;

    WebSocketJsonHandler(Signaling signaling, SignalingConfig config, LongSupplier nanoClock) {
        this.signaling = signaling;
        this.config = config;
        this.bucket = new TokenBucket(config.requestsPerSecond(), nanoClock);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ClientConnection opened = new ClientConnection(ctx.channel());
            connection = opened;
            signaling.opened(opened);
            ctx.executor().schedule(() -> {
                if (!opened.joined()) {
                    opened.close(JOIN_TOO_LATE);
                }
            }, JOIN_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (connection == null) {
                ctx.close(); // an idle HTTP keep-alive connection
            } else if (idle.isFirst()) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                LOG.log(System.Logger.Level.INFO, "{0}: no answer to a ping; closing", connection);
                connection.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (connection == null) {
            ctx.close();
            return;
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            if (frame instanceof CloseWebSocketFrame) {
                ctx.close();
            } else {
                connection.close(frame instanceof BinaryWebSocketFrame ? WebSocketCloseStatus.INVALID_MESSAGE_TYPE
                        : WebSocketCloseStatus.PROTOCOL_ERROR);
            }
            return;
        }
        if (text.content().readableBytes() > config.maxMessageBytes()) {
            connection.close(WebSocketCloseStatus.MESSAGE_TOO_BIG);
            return;
        }
        Request request = null;
        Request.Invalid invalid = null;
        try {
            request = Request.parse(text.text());
        } catch (Request.Invalid e) {
            invalid = e;
        }
        if (!bucket.tryTake()) {
            if (!ctx.channel().isWritable()) {
                // It floods and does not read its errors: nothing good can come of this connection.
                connection.close(WebSocketCloseStatus.POLICY_VIOLATION);
                return;
            }
            signaling.rateLimited(connection, request != null ? Long.valueOf(request.id()) : invalid.id(),
                    config.requestsPerSecond());
            return;
        }
        if (request != null) {
            signaling.request(connection, request);
        } else {
            signaling.invalid(connection, invalid);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            signaling.closed(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && connection != null) {
            connection.close(WebSocketCloseStatus.MESSAGE_TOO_BIG);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "signaling connection error; closing", cause);
        ctx.close();
    }
}
