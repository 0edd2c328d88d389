package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void firstOctetIsMostSignificant() {
        assertEquals(0x0200_5e00_0001L, MacAddress.parse("02:00:5e:00:00:01"));
        assertEquals("02:00:5e:00:00:01", MacAddress.format(0x0200_5e00_0001L));
        assertArrayEquals(new byte[] {2, 0, 0x5e, 0, 0, 1}, MacAddress.toBytes(0x0200_5e00_0001L));
    }

    @Test
    void onlySixOctetsMakeAnAddress() {
        assertEquals(MacAddress.NONE, MacAddress.fromBytes(new byte[5]));
        assertEquals(MacAddress.NONE, MacAddress.fromBytes(null));
        assertEquals("none", MacAddress.format(MacAddress.NONE));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:00:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:00:00:zz"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.toBytes(1L << 48));
    }

    @Property
    void textAndBytesRoundTrip(@ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long mac) {
        assertEquals(mac, MacAddress.parse(MacAddress.format(mac)));
        assertEquals(mac, MacAddress.fromBytes(MacAddress.toBytes(mac)));
    }
}
