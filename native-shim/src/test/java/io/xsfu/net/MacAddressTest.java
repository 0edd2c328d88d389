package io.xsfu.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void parsesAndFormats() {
        assertEquals(0x0200_0000_000AL, MacAddress.parse("02:00:00:00:00:0a"));
        assertEquals(0xAABB_CCDD_EEFFL, MacAddress.parse("AA-BB-CC-DD-EE-FF"));
        assertEquals("aa:bb:cc:dd:ee:ff", MacAddress.format(0xAABB_CCDD_EEFFL));
        assertEquals("00:00:00:00:00:01", MacAddress.format(1));
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.format(MacAddress.BROADCAST));
        assertEquals(0x0102_0304_0506L, MacAddress.fromBytes(new byte[] {1, 2, 3, 4, 5, 6}));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:00:5e:00:00:01")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("02:00:5e:00:00:01")));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[] {"", "02:00:00:00:00", "02:00:00:00:00:0g", "02:00-00:00:00:0a",
                "0200.0000.000a.", "02:00:00:00:00:0a:"}) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> MacAddress.format(1L << 48));
    }
}
