package io.xsfu.forward;

import io.xsfu.packet.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/** The SFU's own MAC and media addresses (one per family), as the primitives frame writing needs. */
public record SourceAddresses(long mac, boolean hasV4, int v4, boolean hasV6, long v6Hi, long v6Lo) {
    public static SourceAddresses of(long mac, List<InetAddress> mediaAddresses) {
        boolean hasV4 = false;
        boolean hasV6 = false;
        int v4 = 0;
        long hi = 0;
        long lo = 0;
        for (InetAddress a : mediaAddresses) {
            if (a instanceof Inet4Address a4 && !hasV4) {
                hasV4 = true;
                v4 = IpAddresses.toInt(a4);
            } else if (a instanceof Inet6Address a6 && !hasV6) {
                hasV6 = true;
                hi = IpAddresses.high(a6);
                lo = IpAddresses.low(a6);
            }
        }
        return new SourceAddresses(mac, hasV4, v4, hasV6, hi, lo);
    }

    public boolean has(int ipVersion) {
        return ipVersion == 4 ? hasV4 : ipVersion == 6 && hasV6;
    }
}
