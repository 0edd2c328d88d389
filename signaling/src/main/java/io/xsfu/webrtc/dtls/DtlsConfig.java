package io.xsfu.webrtc.dtls;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * What every {@link DtlsEndpoint} of a server shares: the certificate, the SRTP profiles in preference order, how
 * long a handshake may take, the largest datagram to send (handshake messages are fragmented to fit), how many
 * received datagrams may wait for the handshake thread, and where that thread comes from.
 */
public record DtlsConfig(DtlsCertificate certificate, List<SrtpProfile> profiles, Duration handshakeTimeout,
                         int maxDatagramSize, int inboundQueueCapacity, ThreadFactory threads) {
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Fits any path a WebRTC media path can take (the 1200 bytes browsers assume for a first packet). */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 1200;
    /** A full flight is a handful of datagrams; more waiting than this means a flood, dropped and counted. */
    public static final int DEFAULT_INBOUND_QUEUE_CAPACITY = 64;
    static final int MIN_DATAGRAM_SIZE = 256;

    public DtlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(threads, "threads");
        profiles = List.copyOf(profiles);
        if (profiles.isEmpty() || new LinkedHashSet<>(profiles).size() != profiles.size()) {
            throw new IllegalArgumentException("SRTP profiles must be distinct and at least one: " + profiles);
        }
        if (!handshakeTimeout.isPositive() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshake timeout out of range: " + handshakeTimeout);
        }
        if (maxDatagramSize < MIN_DATAGRAM_SIZE || maxDatagramSize > 65507) {
            throw new IllegalArgumentException("max datagram size out of range: " + maxDatagramSize);
        }
        if (inboundQueueCapacity < 1) {
            throw new IllegalArgumentException("inbound queue capacity must be positive: " + inboundQueueCapacity);
        }
    }

    /**
     * Every profile (GCM first), 10 s handshakes, 1200-byte datagrams, and a virtual thread per association: it
     * parks while waiting for the peer and costs no platform thread, so a thousand handshakes at once are fine.
     */
    public static DtlsConfig defaults(DtlsCertificate certificate) {
        return new DtlsConfig(certificate, SrtpProfile.PREFERENCE, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_DATAGRAM_SIZE,
                DEFAULT_INBOUND_QUEUE_CAPACITY, Thread.ofVirtual().name("xsfu-dtls-", 0).factory());
    }

    public DtlsConfig withProfiles(List<SrtpProfile> newProfiles) {
        return new DtlsConfig(certificate, newProfiles, handshakeTimeout, maxDatagramSize, inboundQueueCapacity,
                threads);
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(certificate, profiles, timeout, maxDatagramSize, inboundQueueCapacity, threads);
    }

    public DtlsConfig withMaxDatagramSize(int size) {
        return new DtlsConfig(certificate, profiles, handshakeTimeout, size, inboundQueueCapacity, threads);
    }

    public DtlsConfig withThreads(ThreadFactory factory) {
        return new DtlsConfig(certificate, profiles, handshakeTimeout, maxDatagramSize, inboundQueueCapacity, factory);
    }
}
