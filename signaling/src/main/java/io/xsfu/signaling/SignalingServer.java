package io.xsfu.signaling;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.xsfu.sfu.SfuControl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The signaling endpoint: WebSocket JSON protocol on {@code /ws} and HTTP views on one port, TLS when a
 * certificate is configured. One Netty event loop accepts, one serves connections (signaling is light; the
 * machine's cores belong to the forwarding agent), and one control thread makes every {@link SfuControl} call.
 */
public final class SignalingServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SignalingServer.class.getName());

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ControlThread control;
    private final Signaling signaling;
    private final ChannelGroup channels;
    private final Channel server;
    private final Tokens tokens;
    private boolean closed;

    private SignalingServer(EventLoopGroup boss, EventLoopGroup workers, ControlThread control, Signaling signaling,
                            ChannelGroup channels, Channel server, Tokens tokens) {
        this.boss = boss;
        this.workers = workers;
        this.control = control;
        this.signaling = signaling;
        this.channels = channels;
        this.server = server;
        this.tokens = tokens;
    }

    /**
     * Listens on {@code config}'s address and port and serves until {@link #close()}.
     *
     * @throws IllegalStateException if the TLS certificate or key cannot be loaded or the port cannot be bound
     */
    public static SignalingServer start(SignalingConfig config, SfuControl sfu, CounterSource counters) {
        return start(config, sfu, counters, null);
    }

    /** As above, with WebRTC transports run by {@code webrtc} (null: none). */
    public static SignalingServer start(SignalingConfig config, SfuControl sfu, CounterSource counters,
                                        io.xsfu.webrtc.WebRtcConductor webrtc) {
        SslContext tls = config.tls() ? tlsContext(config) : null;
        Tokens tokens = new Tokens(config.tokenKey());
        ControlThread control = new ExecutorControlThread("xsfu-signaling");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ChannelGroup channels = new DefaultChannelGroup("xsfu-signaling", GlobalEventExecutor.INSTANCE);
        try {
            Signaling signaling = new Signaling(config, sfu, counters, tokens, control, Clock.systemUTC(), webrtc);
            HttpRouter router = new HttpRouter(signaling, tokens);
            Channel server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new SignalingInitializer(config, tls, signaling, router, channels))
                    .bind(new InetSocketAddress(InetAddress.ofLiteral(config.bindAddress()), config.port()))
                    .syncUninterruptibly()
                    .channel();
            SignalingServer started = new SignalingServer(boss, workers, control, signaling, channels, server, tokens);
            LOG.log(System.Logger.Level.INFO, "signaling listening on {0} ({1})", server.localAddress(),
                    config.tls() ? "TLS" : "plain");
            return started;
        } catch (Exception e) { // Netty rethrows a bind failure (a checked exception) undeclared
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            control.shutdown();
            throw new IllegalStateException("signaling cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    private static SslContext tlsContext(SignalingConfig config) {
        try {
            return SslContextBuilder.forServer(config.tlsCertificate().toFile(), config.tlsPrivateKey().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + config.tlsCertificate() + " and key "
                    + config.tlsPrivateKey() + ": " + e.getMessage(), e);
        }
    }

    /** The port listened on (the chosen one when the config said 0). */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * The participant currently speaking in {@code roomId}, from the RFC 6464 audio levels of its producers
     * (empty before anyone spoke, or after the speaker left). Any thread; for the layer allocator.
     */
    public java.util.Optional<String> activeSpeaker(String roomId) {
        return signaling.activeSpeaker(roomId);
    }

    /** The server's token minting and verification (same key as the config's). */
    public Tokens tokens() {
        return tokens;
    }

    /**
     * Stops accepting, sends every client {@code {"event":"serverClosing"}} and closes its connection, makes the
     * participants that joined through signaling leave the SFU, and stops the threads.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close().syncUninterruptibly();
        try {
            signaling.close().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "signaling did not close cleanly: {0}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Clients were asked to close; whoever has not within a moment is cut off.
        channels.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        control.shutdown();
        LOG.log(System.Logger.Level.INFO, "signaling closed");
    }
}
