package io.xsfu.netlink;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet address held in the low 48 bits of a long, first octet most significant, so that it
 * can travel through queues and counters without an object. {@link #NONE} (-1) means "no address".
 */
public final class MacAddress {
    public static final long NONE = -1L;
    public static final int LENGTH = 6;

    private MacAddress() {
    }

    /** The address in six octets; anything but six octets is {@link #NONE}. */
    public static long fromBytes(byte[] octets) {
        if (octets == null || octets.length != LENGTH) {
            return NONE;
        }
        long mac = 0;
        for (byte b : octets) {
            mac = (mac << 8) | (b & 0xff);
        }
        return mac;
    }

    public static byte[] toBytes(long mac) {
        if (mac < 0 || mac > 0xffff_ffff_ffffL) {
            throw new IllegalArgumentException("not a 48-bit MAC: " + mac);
        }
        byte[] octets = new byte[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            octets[i] = (byte) mac;
            mac >>>= 8;
        }
        return octets;
    }

    /** "aa:bb:cc:dd:ee:ff". */
    public static long parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac = (mac << 8) | HexFormat.fromHexDigits(part);
        }
        return mac;
    }

    /** "aa:bb:cc:dd:ee:ff", or "none" for {@link #NONE}. */
    public static String format(long mac) {
        if (mac == NONE) {
            return "none";
        }
        return HexFormat.ofDelimiter(":").formatHex(toBytes(mac));
    }
}
