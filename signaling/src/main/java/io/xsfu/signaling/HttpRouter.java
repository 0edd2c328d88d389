package io.xsfu.signaling;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the port: {@code /health}, {@code /metrics}, {@code /admin/rooms} (admin token), the admin
 * page ({@code /}, {@code /admin.js}), the browser call page ({@code /call?room=..&token=..}, {@code /call.js});
 * {@code /ws} goes on to the WebSocket handshake. Views that read SFU state
 * are computed on the control thread; if it does not answer within {@link #TIMEOUT_SECONDS} the answer is 503,
 * which is what a health check should see when the control side is stuck. Stateless, shared by all channels.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String WEBSOCKET_PATH = "/ws";
    static final long TIMEOUT_SECONDS = 2;
    private static final String JSON = "application/json";
    /** The page runs only its own script and talks only to this server. */
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'";
    /**
     * The call page runs only its own script; its signaling may be another host's ({@code ws=} in the query). Media
     * shown from a MediaStream is not a fetch, and WebRTC is outside CSP, so nothing else needs allowing but the
     * empty inline icon (which spares a request for /favicon.ico).
     */
    private static final String CALL_POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
            + "connect-src 'self' ws: wss:; img-src data:; frame-ancestors 'none'";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    private final Signaling signaling;
    private final Tokens tokens;
    private final byte[] page;
    private final byte[] script;
    private final byte[] callPage;
    private final byte[] callScript;

    HttpRouter(Signaling signaling, Tokens tokens) {
        this.signaling = signaling;
        this.tokens = tokens;
        this.page = resource("admin.html");
        this.script = resource("admin.js");
        this.callPage = resource("web/call.html");
        this.callScript = resource("web/call.js");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, false, error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (path.equals(WEBSOCKET_PATH)) {
            if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
                send(ctx, false, error(HttpResponseStatus.BAD_REQUEST, "/ws is the WebSocket endpoint: upgrade to it"));
            } else if (!"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
                // Only RFC 6455; Netty would also speak the drafts (hixie-76), which nothing should use now.
                FullHttpResponse response = error(HttpResponseStatus.UPGRADE_REQUIRED, "WebSocket version 13 only");
                response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
                send(ctx, false, response);
            } else {
                ctx.fireChannelRead(request.retain());
            }
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is served");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, keepAlive, response);
            return;
        }
        switch (path) {
            case "/health" -> later(ctx, keepAlive, signaling.health(), JSON);
            case "/metrics" -> later(ctx, keepAlive, signaling.metricsText(), MetricsExporter.CONTENT_TYPE);
            case "/admin/rooms" -> {
                FullHttpResponse refused = authorize(request.headers().get(HttpHeaderNames.AUTHORIZATION));
                if (refused != null) {
                    send(ctx, keepAlive, refused);
                } else {
                    later(ctx, keepAlive, signaling.adminRooms(), JSON);
                }
            }
            case "/" -> send(ctx, keepAlive, html(page, PAGE_POLICY));
            case "/admin.js" -> send(ctx, keepAlive, response(HttpResponseStatus.OK, JAVASCRIPT,
                    Unpooled.wrappedBuffer(script)));
            case "/call" -> send(ctx, keepAlive, html(callPage, CALL_POLICY));
            case "/call.js" -> send(ctx, keepAlive, response(HttpResponseStatus.OK, JAVASCRIPT,
                    Unpooled.wrappedBuffer(callScript)));
            default -> send(ctx, keepAlive, error(HttpResponseStatus.NOT_FOUND, "no such path: "
                    + Params.clip(path)));
        }
    }

    /** Null when the bearer token grants admin, else the 401/403 to send. */
    private FullHttpResponse authorize(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            FullHttpResponse response = error(HttpResponseStatus.UNAUTHORIZED,
                    "needs Authorization: Bearer <token with the admin permission>");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"xsfu\"");
            return response;
        }
        try {
            Grant grant = tokens.verify(authorization.substring(7).trim());
            if (!grant.allows(Permission.ADMIN)) {
                return error(HttpResponseStatus.FORBIDDEN, "the token does not grant admin");
            }
            return null;
        } catch (TokenException e) {
            FullHttpResponse response = error(HttpResponseStatus.UNAUTHORIZED, e.getMessage());
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"xsfu\", error=\"invalid_token\"");
            return response;
        }
    }

    private static void later(ChannelHandlerContext ctx, boolean keepAlive, CompletableFuture<String> body,
                              String contentType) {
        body.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((text, failure) -> {
            FullHttpResponse response = failure == null
                    ? response(HttpResponseStatus.OK, contentType, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8))
                    : error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the control thread did not answer");
            send(ctx, keepAlive, response);
        });
    }

    private static FullHttpResponse html(byte[] body, String policy) {
        FullHttpResponse response = response(HttpResponseStatus.OK, "text/html; charset=utf-8",
                Unpooled.wrappedBuffer(body));
        response.headers().set("Content-Security-Policy", policy);
        return response;
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        var body = Json.object();
        body.put("error", message);
        return response(status, JSON, Unpooled.copiedBuffer(Json.text(body), StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(response, body.readableBytes());
        return response;
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpRouter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
