package io.xsfu.netlink;

import io.xsfu.net.MacAddress;
import static io.xsfu.netlink.MessageWriter.U16;
import static io.xsfu.netlink.MessageWriter.U32;
import static io.xsfu.netlink.MessageWriter.U8;

import java.net.InetAddress;

/** RTM_NEWNEIGH/RTM_GETNEIGH: struct ndmsg and its NDA_* attributes. */
final class NeighbourMessage {
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;

    // struct ndmsg
    static final int FAMILY_OFFSET = 0;   // u8
    static final int IFINDEX_OFFSET = 4;  // s32
    static final int STATE_OFFSET = 8;    // u16 NUD_*
    static final int FLAGS_OFFSET = 10;   // u8 NTF_*
    static final int TYPE_OFFSET = 11;    // u8
    static final int SIZE = 12;

    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NDA_CACHEINFO = 3;
    static final int NDA_IFINDEX = 8;

    /** struct nda_cacheinfo: ages in clock ticks (USER_HZ, 100 per second on Linux). */
    static final int CACHEINFO_CONFIRMED_OFFSET = 0;
    static final int CACHEINFO_SIZE = 16;
    static final int USER_HZ = 100;

    /** "Somebody uses this entry": the kernel runs its resolution as if it had a packet to send. */
    static final int NTF_USE = 0x01;

    private NeighbourMessage() {
    }

    static int writeGet(MessageWriter w, int seq, int ifindex, InetAddress ip) {
        w.begin(RTM_GETNEIGH, NetlinkHeader.NLM_F_REQUEST, seq);
        header(w, IpAddresses.family(ip), ifindex, 0, 0);
        w.attribute(NDA_DST, ip.getAddress());
        return w.finish();
    }

    /**
     * A dump of one family's table for one interface. Strict checking wants the header's index zero and the
     * filter as NDA_IFINDEX.
     */
    static int writeDump(MessageWriter w, int seq, int family, int ifindex) {
        w.begin(RTM_GETNEIGH, NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_DUMP, seq);
        header(w, family, 0, 0, 0);
        w.attributeU32(NDA_IFINDEX, ifindex);
        return w.finish();
    }

    /**
     * NTF_USE creates the entry if needed (NLM_F_CREATE) and makes the kernel resolve it as if it had
     * traffic for it. No lladdr and no NLM_F_REPLACE: nothing here can overwrite a known address.
     */
    static int writeUse(MessageWriter w, int seq, int ifindex, InetAddress ip) {
        w.begin(RTM_NEWNEIGH, NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_ACK | NetlinkHeader.NLM_F_CREATE, seq);
        header(w, IpAddresses.family(ip), ifindex, Neighbour.NUD_NONE, NTF_USE);
        w.attribute(NDA_DST, ip.getAddress());
        return w.finish();
    }

    /**
     * Moves an existing valid entry to NUD_PROBE, keeping its address: the kernel then sends unicast
     * probes to that address and the entry becomes REACHABLE again or, if nobody answers, FAILED.
     */
    static int writeProbeState(MessageWriter w, int seq, int ifindex, InetAddress ip) {
        w.begin(RTM_NEWNEIGH, NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_ACK, seq);
        header(w, IpAddresses.family(ip), ifindex, Neighbour.NUD_PROBE, 0);
        w.attribute(NDA_DST, ip.getAddress());
        return w.finish();
    }

    private static void header(MessageWriter w, int family, int ifindex, int state, int flags) {
        int h = w.familyHeader(SIZE);
        w.u8(h + FAMILY_OFFSET, family);
        w.u32(h + IFINDEX_OFFSET, ifindex);
        w.u16(h + STATE_OFFSET, state);
        w.u8(h + FLAGS_OFFSET, flags);
    }

    static int ifindex(MessageCursor m) {
        m.requirePayload(SIZE, "ndmsg");
        return m.segment().get(U32, m.payloadOffset() + IFINDEX_OFFSET);
    }

    /** The entry, or null for a message without a destination (not a neighbour we can name). */
    static Neighbour decode(MessageCursor m, AttributeCursor a) {
        int ifindex = ifindex(m);
        int p = m.payloadOffset();
        int state = m.segment().get(U16, p + STATE_OFFSET) & 0xffff;
        int flags = m.segment().get(U8, p + FLAGS_OFFSET) & 0xff;
        byte[] dst = null;
        long mac = MacAddress.NONE;
        long confirmedAgo = -1;
        for (a.wrap(m, SIZE); a.next(); ) {
            switch (a.type()) {
                case NDA_DST -> dst = a.bytes();
                case NDA_LLADDR -> mac = MacAddress.fromBytes(a.bytes());
                case NDA_CACHEINFO -> {
                    if (a.valueLength() >= CACHEINFO_SIZE) {
                        long ticks = m.segment().get(U32, a.valueOffset() + CACHEINFO_CONFIRMED_OFFSET) & 0xffff_ffffL;
                        confirmedAgo = ticks * 1000 / USER_HZ;
                    }
                }
                default -> {
                }
            }
        }
        if (dst == null) {
            return null;
        }
        return new Neighbour(IpAddresses.fromBytes(dst, ifindex), ifindex, state, flags, mac, confirmedAgo);
    }
}
