package io.xsfu.net;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet address held in the low 48 bits of a long, first octet most significant, so that it
 * travels through queues, counters and the hot path without an object. {@link #NONE} (-1) means "no
 * address". Conversions to and from text and bytes are for the control path.
 */
public final class MacAddress {
    public static final long NONE = -1L;
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    public static final int LENGTH = 6;
    private static final long MASK = 0xFFFF_FFFF_FFFFL;

    private MacAddress() {
    }

    /** The address in six octets; anything but six octets (an absent kernel attribute) is {@link #NONE}. */
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
        requireMac(mac);
        byte[] octets = new byte[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            octets[i] = (byte) mac;
            mac >>>= 8;
        }
        return octets;
    }

    /** Parses "aa:bb:cc:dd:ee:ff" (or with '-'), case-insensitive. */
    public static long parse(String text) {
        if (text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
        }
        char sep = text.charAt(2);
        if (sep != ':' && sep != '-') {
            throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
        }
        long mac = 0;
        for (int i = 0; i < LENGTH; i++) {
            int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != sep) {
                throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
            }
            int hi = Character.digit(text.charAt(at), 16);
            int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
            }
            mac = (mac << 8) | (hi << 4) | lo;
        }
        return mac;
    }

    /** Lower-case "aa:bb:cc:dd:ee:ff" as {@code ip link} prints it, or "none" for {@link #NONE}. */
    public static String format(long mac) {
        if (mac == NONE) {
            return "none";
        }
        return HexFormat.ofDelimiter(":").formatHex(toBytes(mac));
    }

    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    private static void requireMac(long mac) {
        if ((mac & ~MASK) != 0) {
            throw new IllegalArgumentException("not a 48-bit MAC: 0x" + Long.toHexString(mac));
        }
    }
}
