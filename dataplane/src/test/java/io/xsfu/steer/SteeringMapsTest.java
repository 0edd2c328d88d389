package io.xsfu.steer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The address map's key format, which the XDP program builds from the packet's destination. */
class SteeringMapsTest {

    @Test
    void ipv4IsKeyedAsV4MappedIpv6() throws Exception {
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, (byte) 203},
                SteeringMaps.key(InetAddress.getByName("10.1.2.203")));
    }

    @Test
    void ipv6IsKeyedAsIs() throws Exception {
        InetAddress v6 = InetAddress.getByName("fd00:1:2::3");
        assertArrayEquals(v6.getAddress(), SteeringMaps.key(v6));
    }

    @Test
    void aV4MappedLiteralIsTheSameKeyAsTheIpv4Address() throws Exception {
        assertArrayEquals(SteeringMaps.key(InetAddress.getByName("192.0.2.7")),
                SteeringMaps.key(InetAddress.getByName("::ffff:192.0.2.7")));
    }
}
