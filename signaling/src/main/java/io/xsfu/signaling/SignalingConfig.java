package io.xsfu.signaling;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the signaling endpoint listens and the limits it enforces. Every limit is checked where a client
 * could exceed it, and exceeding one is an error reply or a closed connection, never a crash.
 *
 * @param bindAddress            IP literal to listen on ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1})
 * @param port                   TCP port, 0 for any free one (tests)
 * @param tokenKey               the HS256 secret tokens are signed with: at least 32 bytes (RFC 7518 3.2)
 * @param tlsCertificate         PEM certificate chain; with {@code tlsPrivateKey} turns TLS on, null for plain
 * @param tlsPrivateKey          PEM PKCS#8 private key, null for plain
 * @param maxMessageBytes        the largest WebSocket message (and HTTP request) accepted; larger closes
 * @param requestsPerSecond      per connection: the token bucket's rate and burst; beyond it RATE_LIMITED
 * @param maxParticipantsPerRoom a join beyond it is ROOM_FULL
 * @param maxRooms               a join that would create one more room is TOO_MANY_ROOMS
 * @param gracePeriodSeconds     how long a dropped connection's participant stays for a reconnect; 0 leaves at once
 * @param statsIntervalSeconds   how often each participant gets its {@code stats} event; 0 for never
 */
public record SignalingConfig(String bindAddress, int port, String tokenKey, Path tlsCertificate, Path tlsPrivateKey,
                              int maxMessageBytes, int requestsPerSecond, int maxParticipantsPerRoom, int maxRooms,
                              int gracePeriodSeconds, int statsIntervalSeconds) {
    public static final int MIN_KEY_BYTES = 32;
    public static final int MIN_MESSAGE_BYTES = 1024;
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    public SignalingConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tokenKey, "tokenKey");
        try {
            InetAddress.ofLiteral(bindAddress);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bindAddress: must be an IP address literal, got '" + bindAddress + "'");
        }
        check(port >= 0 && port <= 65535, "port", "0..65535", port);
        if (tokenKey.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("tokenKey: must be at least " + MIN_KEY_BYTES
                    + " bytes (an HS256 key shorter than the hash is guessable)");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("tlsCertificate and tlsPrivateKey: give both (TLS) or neither (plain)");
        }
        check(maxMessageBytes >= MIN_MESSAGE_BYTES && maxMessageBytes <= MAX_MESSAGE_BYTES, "maxMessageBytes",
                MIN_MESSAGE_BYTES + ".." + MAX_MESSAGE_BYTES, maxMessageBytes);
        check(requestsPerSecond >= 1 && requestsPerSecond <= 10_000, "requestsPerSecond", "1..10000", requestsPerSecond);
        check(maxParticipantsPerRoom >= 1 && maxParticipantsPerRoom <= 10_000, "maxParticipantsPerRoom", "1..10000",
                maxParticipantsPerRoom);
        check(maxRooms >= 1 && maxRooms <= 100_000, "maxRooms", "1..100000", maxRooms);
        check(gracePeriodSeconds >= 0 && gracePeriodSeconds <= 3600, "gracePeriodSeconds", "0..3600", gracePeriodSeconds);
        check(statsIntervalSeconds >= 0 && statsIntervalSeconds <= 3600, "statsIntervalSeconds", "0..3600",
                statsIntervalSeconds);
    }

    /**
     * Listens on every address, port 8080; 16 KiB messages, 20 requests/s, 100 participants per room, 100 rooms,
     * 15 s to reconnect, stats every 5 s, no TLS.
     */
    public static SignalingConfig defaults(String tokenKey) {
        return new SignalingConfig("0.0.0.0", 8080, tokenKey, null, null, 16 * 1024, 20, 100, 100, 15, 5);
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    public SignalingConfig withListen(String bindAddress, int port) {
        return new SignalingConfig(bindAddress, port, tokenKey, tlsCertificate, tlsPrivateKey, maxMessageBytes,
                requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingConfig withTls(Path certificate, Path privateKey) {
        return new SignalingConfig(bindAddress, port, tokenKey, certificate, privateKey, maxMessageBytes,
                requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingConfig withMaxMessageBytes(int value) {
        return new SignalingConfig(bindAddress, port, tokenKey, tlsCertificate, tlsPrivateKey, value,
                requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingConfig withRequestsPerSecond(int value) {
        return new SignalingConfig(bindAddress, port, tokenKey, tlsCertificate, tlsPrivateKey, maxMessageBytes,
                value, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingConfig withLimits(int maxParticipantsPerRoom, int maxRooms) {
        return new SignalingConfig(bindAddress, port, tokenKey, tlsCertificate, tlsPrivateKey, maxMessageBytes,
                requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingConfig withGracePeriodSeconds(int value) {
        return new SignalingConfig(bindAddress, port, tokenKey, tlsCertificate, tlsPrivateKey, maxMessageBytes,
                requestsPerSecond, maxParticipantsPerRoom, maxRooms, value, statsIntervalSeconds);
    }

    public SignalingConfig withStatsIntervalSeconds(int value) {
        return new SignalingConfig(bindAddress, port, tokenKey, tlsCertificate, tlsPrivateKey, maxMessageBytes,
                requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, value);
    }

    /** Never prints the key: configs end up in logs. */
    @Override
    public String toString() {
        return "SignalingConfig[listen=" + bindAddress + ":" + port + ", tls=" + (tls() ? tlsCertificate : "off")
                + ", maxMessageBytes=" + maxMessageBytes + ", requestsPerSecond=" + requestsPerSecond
                + ", maxParticipantsPerRoom=" + maxParticipantsPerRoom + ", maxRooms=" + maxRooms
                + ", gracePeriodSeconds=" + gracePeriodSeconds + ", statsIntervalSeconds=" + statsIntervalSeconds + "]";
    }

    private static void check(boolean ok, String field, String range, int value) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": must be " + range + ", got " + value);
        }
    }
}
