package io.xsfu.netlink;

import io.xsfu.net.MacAddress;
import java.net.InetAddress;

/**
 * An entry of the kernel's neighbour table (ARP for IPv4, NDP for IPv6).
 *
 * @param state              NUD_* bits
 * @param flags              NTF_* bits of the entry (ndm_flags)
 * @param mac                link-layer address, {@link MacAddress#NONE} when the kernel reports none (it
 *                           only does for valid states)
 * @param confirmedAgoMillis time since the neighbour last proved reachable, -1 if unknown
 */
public record Neighbour(InetAddress ip, int ifindex, int state, int flags, long mac, long confirmedAgoMillis) {
    public static final int NUD_NONE = 0x00;
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;
    /** States in which the kernel itself would send to the cached address. */
    public static final int NUD_VALID = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY;

    /** The entry carries an address the kernel would use now. */
    public boolean isUsable() {
        return (state & NUD_VALID) != 0 && mac != MacAddress.NONE;
    }

    /** Set by an administrator (static or no-ARP): never probed, never overwritten by us. */
    public boolean isStatic() {
        return (state & (NUD_PERMANENT | NUD_NOARP)) != 0;
    }

    public String stateName() {
        return stateName(state);
    }

    public static String stateName(int state) {
        if (state == NUD_NONE) {
            return "NONE";
        }
        StringBuilder s = new StringBuilder();
        String[] names = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((state & (1 << bit)) != 0) {
                s.append(s.isEmpty() ? "" : "|").append(names[bit]);
            }
        }
        return s.isEmpty() ? "0x" + Integer.toHexString(state) : s.toString();
    }
}
