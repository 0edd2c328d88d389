package io.xsfu.packet;

import java.util.HexFormat;

/** MAC addresses as the low 48 bits of a long (first octet most significant). Control path only. */
public final class MacAddress {
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final long MASK = 0xFFFF_FFFF_FFFFL;

    private MacAddress() {
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
        for (int i = 0; i < 6; i++) {
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

    /** Lower-case "aa:bb:cc:dd:ee:ff", as {@code ip link} prints it. */
    public static String format(long mac) {
        if ((mac & ~MASK) != 0) {
            throw new IllegalArgumentException("more than 48 bits: 0x" + Long.toHexString(mac));
        }
        HexFormat hex = HexFormat.of();
        StringBuilder b = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                b.append(':');
            }
            b.append(hex.toHexDigits((byte) (mac >>> shift)));
        }
        return b.toString();
    }

    public static long fromBytes(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        long mac = 0;
        for (byte x : bytes) {
            mac = (mac << 8) | (x & 0xFF);
        }
        return mac;
    }

    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }
}
