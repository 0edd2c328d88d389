package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void ipv4RoundTrips() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("10.77.0.1");
        assertEquals(CapturedFrames.IPV4_A, IpAddresses.toInt(a));
        assertEquals(a, IpAddresses.ipv4(CapturedFrames.IPV4_A));
        assertEquals("255.1.0.200", IpAddresses.formatIpv4(0xFF0100C8));
        assertEquals(0xFF0100C8, IpAddresses.toInt(IpAddresses.ipv4(0xFF0100C8)));
    }

    @Test
    void ipv6RoundTrips() throws Exception {
        Inet6Address a = (Inet6Address) InetAddress.getByName("fd00:77::2");
        assertEquals(CapturedFrames.IPV6_HI, IpAddresses.high(a));
        assertEquals(CapturedFrames.IPV6_B_LO, IpAddresses.low(a));
        assertEquals(a, IpAddresses.ipv6(CapturedFrames.IPV6_HI, CapturedFrames.IPV6_B_LO));
        Inet6Address mapped = IpAddresses.ipv6(0, 0x0000_FFFF_0A4D_0001L);
        assertInstanceOf(Inet6Address.class, mapped);
        assertEquals(0x0000_FFFF_0A4D_0001L, IpAddresses.low(mapped));
    }
}
