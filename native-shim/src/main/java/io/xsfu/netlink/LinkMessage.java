package io.xsfu.netlink;

import io.xsfu.net.MacAddress;
import static io.xsfu.netlink.MessageWriter.U32;

/** RTM_NEWLINK/RTM_GETLINK: struct ifinfomsg and the IFLA_* attributes xsfu reads. */
final class LinkMessage {
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;

    // struct ifinfomsg
    static final int FAMILY_OFFSET = 0;   // u8
    static final int TYPE_OFFSET = 2;     // u16 ARPHRD_*
    static final int INDEX_OFFSET = 4;    // s32
    static final int FLAGS_OFFSET = 8;    // u32 IFF_*
    static final int CHANGE_OFFSET = 12;  // u32
    static final int SIZE = 16;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_EXT_MASK = 29;
    static final int IFLA_NUM_TX_QUEUES = 31;
    static final int IFLA_NUM_RX_QUEUES = 32;

    /** RTEXT_FILTER_SKIP_STATS: leave out the counters, which are most of a link message. */
    static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;

    private LinkMessage() {
    }

    /** A get by index ({@code name} null) or by name ({@code index} 0). */
    static int writeGet(MessageWriter w, int seq, int index, String name) {
        w.begin(RTM_GETLINK, NetlinkHeader.NLM_F_REQUEST, seq);
        int h = w.familyHeader(SIZE);
        w.u32(h + INDEX_OFFSET, index);
        if (name != null) {
            w.attributeString(IFLA_IFNAME, name);
        }
        w.attributeU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        return w.finish();
    }

    static Link decode(MessageCursor m, AttributeCursor a) {
        m.requirePayload(SIZE, "ifinfomsg");
        int p = m.payloadOffset();
        int index = m.segment().get(U32, p + INDEX_OFFSET);
        int flags = m.segment().get(U32, p + FLAGS_OFFSET);
        String name = null;
        long mac = MacAddress.NONE;
        int mtu = 0;
        int rx = 0;
        int tx = 0;
        int link = 0;
        for (a.wrap(m, SIZE); a.next(); ) {
            switch (a.type()) {
                case IFLA_IFNAME -> name = a.string();
                case IFLA_ADDRESS -> mac = MacAddress.fromBytes(a.bytes());
                case IFLA_MTU -> mtu = a.u32();
                case IFLA_NUM_RX_QUEUES -> rx = a.u32();
                case IFLA_NUM_TX_QUEUES -> tx = a.u32();
                case IFLA_LINK -> link = a.u32();
                default -> {
                }
            }
        }
        return new Link(index, name, mac, mtu, (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0, rx, tx, link);
    }
}
