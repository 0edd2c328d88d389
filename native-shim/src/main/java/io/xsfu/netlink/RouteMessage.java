package io.xsfu.netlink;

import static io.xsfu.netlink.MessageWriter.U16;
import static io.xsfu.netlink.MessageWriter.U8;

import java.net.InetAddress;
import java.util.Arrays;

/** RTM_NEWROUTE/RTM_GETROUTE: struct rtmsg and the RTA_* attributes of a resolved route. */
final class RouteMessage {
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;

    // struct rtmsg
    static final int FAMILY_OFFSET = 0;    // u8
    static final int DST_LEN_OFFSET = 1;   // u8
    static final int SRC_LEN_OFFSET = 2;   // u8
    static final int TOS_OFFSET = 3;       // u8
    static final int TABLE_OFFSET = 4;     // u8
    static final int PROTOCOL_OFFSET = 5;  // u8
    static final int SCOPE_OFFSET = 6;     // u8
    static final int TYPE_OFFSET = 7;      // u8 RTN_*
    static final int FLAGS_OFFSET = 8;     // u32 RTM_F_*
    static final int SIZE = 12;

    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PREFSRC = 7;
    static final int RTA_VIA = 18;

    /** struct rtvia: u16 family, then the address (an IPv4 route through an IPv6 gateway, RFC 5549). */
    static final int VIA_FAMILY_OFFSET = 0;
    static final int VIA_ADDRESS_OFFSET = 2;

    private RouteMessage() {
    }

    /** A route lookup for one host; {@code oif} non-zero pins the output interface (link-local IPv6). */
    static int writeGet(MessageWriter w, int seq, InetAddress destination, int oif) {
        w.begin(RTM_GETROUTE, NetlinkHeader.NLM_F_REQUEST, seq);
        int h = w.familyHeader(SIZE);
        w.u8(h + FAMILY_OFFSET, IpAddresses.family(destination));
        w.u8(h + DST_LEN_OFFSET, IpAddresses.bits(destination));
        w.attribute(RTA_DST, destination.getAddress());
        if (oif != 0) {
            w.attributeU32(RTA_OIF, oif);
        }
        return w.finish();
    }

    static Route decode(MessageCursor m, AttributeCursor a) {
        m.requirePayload(SIZE, "rtmsg");
        int type = m.segment().get(U8, m.payloadOffset() + TYPE_OFFSET) & 0xff;
        int oif = 0;
        byte[] gateway = null;
        byte[] prefSrc = null;
        for (a.wrap(m, SIZE); a.next(); ) {
            switch (a.type()) {
                case RTA_OIF -> oif = a.u32();
                case RTA_GATEWAY -> gateway = a.bytes();
                case RTA_PREFSRC -> prefSrc = a.bytes();
                case RTA_VIA -> gateway = via(m, a);
                default -> {
                }
            }
        }
        return new Route(oif,
                gateway == null ? null : IpAddresses.fromBytes(gateway, oif),
                prefSrc == null ? null : IpAddresses.fromBytes(prefSrc, oif),
                type);
    }

    private static byte[] via(MessageCursor m, AttributeCursor a) {
        if (a.valueLength() < VIA_ADDRESS_OFFSET) {
            throw new NetlinkProtocolException("RTA_VIA of " + a.valueLength() + " bytes");
        }
        int family = m.segment().get(U16, a.valueOffset() + VIA_FAMILY_OFFSET) & 0xffff;
        int length = family == IpAddresses.AF_INET ? 4 : family == IpAddresses.AF_INET6 ? 16 : -1;
        if (length < 0 || a.valueLength() < VIA_ADDRESS_OFFSET + length) {
            throw new NetlinkProtocolException("RTA_VIA with family " + family + " and " + a.valueLength() + " bytes");
        }
        byte[] all = a.bytes();
        return Arrays.copyOfRange(all, VIA_ADDRESS_OFFSET, VIA_ADDRESS_OFFSET + length);
    }
}
