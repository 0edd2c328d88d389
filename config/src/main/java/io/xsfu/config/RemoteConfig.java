package io.xsfu.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the SFU sends a participant's media: a fixed address, or whatever address the participant's
 * first valid packet came from (comedia, for clients behind NAT or with ephemeral ports).
 */
public sealed interface RemoteConfig {

    /** A remote known in advance. */
    record Fixed(InetSocketAddress address) implements RemoteConfig {
        public Fixed {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("a fixed remote needs an IP address, not the host name " + address.getHostString());
            }
        }
    }

    /** The remote is learnt from the participant's first valid packet. */
    record Comedia() implements RemoteConfig {
    }

    static RemoteConfig comedia() {
        return new Comedia();
    }

    static RemoteConfig fixed(InetAddress address, int port) {
        return new Fixed(new InetSocketAddress(address, port));
    }

    /**
     * @param address an IPv4 or IPv6 literal
     * @throws IllegalArgumentException if {@code address} is not an IP literal
     */
    static RemoteConfig fixed(String address, int port) {
        return fixed(IpLiterals.parse(address), port);
    }
}
