package io.xsfu.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The signaling endpoint: WebSocket {@code /ws} and HTTP {@code /health}, {@code /metrics}, {@code /admin} on one
 * TCP port. Present in a config, the server runs it; absent, the server has only its static rooms. Named apart from
 * {@code io.xsfu.signaling.SignalingConfig}, which the server builds from it (this module does not depend on that one).
 *
 * @param listen   where it listens
 * @param tokenKey the HS256 key join tokens are signed with, inline or in a file
 * @param tls      certificate and private key; empty for plain HTTP and WebSocket
 * @param limits   what one client or all of them together may use
 */
public record SignalingSettings(Listen listen, TokenKeySource tokenKey, Optional<Tls> tls, SignalingLimits limits) {

    public SignalingSettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tokenKey, "tokenKey");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
    }

    /** Listens on {@link Listen#DEFAULTS}, without TLS, with {@link SignalingLimits#DEFAULTS}. */
    public static SignalingSettings of(TokenKeySource tokenKey) {
        return new SignalingSettings(Listen.DEFAULTS, tokenKey, Optional.empty(), SignalingLimits.DEFAULTS);
    }

    public SignalingSettings withListen(Listen value) {
        return new SignalingSettings(value, tokenKey, tls, limits);
    }

    /**
     * @param address an IPv4 or IPv6 literal
     * @throws IllegalArgumentException if {@code address} is not an IP literal
     */
    public SignalingSettings withListen(String address, int port) {
        return withListen(Listen.of(address, port));
    }

    public SignalingSettings withTokenKey(TokenKeySource value) {
        return new SignalingSettings(listen, value, tls, limits);
    }

    public SignalingSettings withTls(Path certificate, Path privateKey) {
        return new SignalingSettings(listen, tokenKey, Optional.of(new Tls(certificate, privateKey)), limits);
    }

    public SignalingSettings withoutTls() {
        return new SignalingSettings(listen, tokenKey, Optional.empty(), limits);
    }

    public SignalingSettings withLimits(SignalingLimits value) {
        return new SignalingSettings(listen, tokenKey, tls, value);
    }

    /**
     * Where the endpoint listens.
     *
     * @param address an IP address of this host, or the wildcard {@code 0.0.0.0} (every IPv4 address) or {@code ::}
     *                (every address, IPv4 included)
     * @param port    the TCP port
     */
    public record Listen(InetAddress address, int port) {
        public static final Listen DEFAULTS = new Listen(InetAddress.ofLiteral("0.0.0.0"), 8080);

        public Listen {
            Objects.requireNonNull(address, "address");
        }

        /**
         * @param address an IPv4 or IPv6 literal
         * @throws IllegalArgumentException if {@code address} is not an IP literal
         */
        public static Listen of(String address, int port) {
            return new Listen(IpLiterals.parse(address), port);
        }

        /** The address as the config file spells it (canonical form), which is what {@code SignalingConfig} takes. */
        public String addressLiteral() {
            return IpLiterals.format(address);
        }
    }

    /**
     * TLS for the whole port ({@code https://}, {@code wss://}): plain requests then fail the handshake.
     *
     * @param certificate PEM certificate chain, the server's certificate first
     * @param privateKey  its PEM PKCS#8 private key, unencrypted
     */
    public record Tls(Path certificate, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }
}
