package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void ipv6IsWrittenAsRfc5952() {
        assertEquals("fd12:3456:789a:1::1", text("fd12:3456:789a:1:0:0:0:1"));
        assertEquals("::1", text("0:0:0:0:0:0:0:1"));
        assertEquals("::", text("0:0:0:0:0:0:0:0"));
        assertEquals("fd00::", text("fd00:0:0:0:0:0:0:0"));
        assertEquals("fd00:0:1:2:3:4:5:6", text("fd00:0:1:2:3:4:5:6"), "a single zero group is not shortened");
        assertEquals("1:0:0:2::3", text("1:0:0:2:0:0:0:3"), "the longest run is shortened");
        assertEquals("1::2:0:0:3:4", text("1:0:0:2:0:0:3:4"), "of equal runs, the first");
        assertEquals("fd00:ab::cd", text("FD00:00AB:0:0:0:0:0:00CD"), "lower case, no leading zeros");
    }

    @Test
    void ipv4IsUnchanged() {
        assertEquals("10.1.2.3", text("10.1.2.3"));
    }

    private static String text(String literal) {
        return Addresses.text(InetAddress.ofLiteral(literal));
    }
}
