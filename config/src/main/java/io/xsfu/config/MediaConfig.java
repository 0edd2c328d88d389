package io.xsfu.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where media flows on the SFU's side: one network interface (the XDP attach point), the media
 * addresses on it, and the UDP port range the SFU owns on those addresses.
 *
 * @param interfaceName the Linux interface name (JSON {@code interface})
 * @param addresses     1 to {@value #MAX_ADDRESSES} unicast IPv4/IPv6 addresses assigned to that interface
 * @param portMin       first port of the range, inclusive
 * @param portMax       last port of the range, inclusive
 */
public record MediaConfig(String interfaceName, List<InetAddress> addresses, int portMin, int portMax) {

    public static final int MAX_ADDRESSES = 16;

    public MediaConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        addresses = List.copyOf(addresses);
    }

    /**
     * @param addresses IPv4 or IPv6 literals
     * @throws IllegalArgumentException if an address is not an IP literal
     */
    public static MediaConfig of(String interfaceName, int portMin, int portMax, String... addresses) {
        return new MediaConfig(interfaceName, Arrays.stream(addresses).map(IpLiterals::parse).toList(), portMin, portMax);
    }

    public boolean containsPort(int port) {
        return port >= portMin && port <= portMax;
    }

    public boolean hasIpv4() {
        return addresses.stream().anyMatch(a -> a instanceof Inet4Address);
    }

    public boolean hasIpv6() {
        return addresses.stream().anyMatch(a -> a instanceof Inet6Address);
    }

    public MediaConfig withInterfaceName(String value) {
        return new MediaConfig(value, addresses, portMin, portMax);
    }

    public MediaConfig withAddresses(List<InetAddress> value) {
        return new MediaConfig(interfaceName, value, portMin, portMax);
    }

    public MediaConfig withPorts(int min, int max) {
        return new MediaConfig(interfaceName, addresses, min, max);
    }
}
