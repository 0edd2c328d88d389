package io.xsfu.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.1, 10.0.0.1",
            "fd00:0:0:0:0:0:0:1, fd00::1",
            "FD00::1, fd00::1",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",   // a single zero group stays
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",            // the longest run is compressed
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",      // of equal runs, the first
            "2001:0db8:0000:0000:0000:0000:0000:00aa, 2001:db8::aa",
    })
    void formatsCanonically(String literal, String expected) {
        assertEquals(expected, IpLiterals.format(IpLiterals.parse(literal)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "010.0.0.1", "1.2.3.4.5", "1.2.3.", " 10.0.0.1", "localhost", "0x7f.0.0.1", "[::1]", "fe80::1%1",
            "1:2:3:4:5:6:7:8:9", "::g", ""})
    void rejectsAnythingButPlainLiterals(String literal) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse(literal));
        assertEquals("'" + literal + "' is not an IP address literal (IPv4 dotted quad or IPv6; host names are not accepted)", e.getMessage());
    }

    @Test
    void ipv4MappedLiteralIsTheIpv4Address() {
        InetAddress address = IpLiterals.parse("::ffff:192.0.2.1");
        assertInstanceOf(Inet4Address.class, address);
        assertEquals("192.0.2.1", IpLiterals.format(address));
    }

    @Test
    void specialUseAddresses() {
        assertEquals("is the unspecified address", IpLiterals.specialUse(IpLiterals.parse("0.0.0.0")));
        assertEquals("is the unspecified address", IpLiterals.specialUse(IpLiterals.parse("::")));
        assertEquals("is a multicast address", IpLiterals.specialUse(IpLiterals.parse("224.0.0.1")));
        assertEquals("is a multicast address", IpLiterals.specialUse(IpLiterals.parse("ff02::1")));
        assertEquals("is the broadcast address", IpLiterals.specialUse(IpLiterals.parse("255.255.255.255")));
        assertNull(IpLiterals.specialUse(IpLiterals.parse("127.0.0.1")));
        assertNull(IpLiterals.specialUse(IpLiterals.parse("ff::1")), "0x00ff is not a multicast prefix");
    }
}
