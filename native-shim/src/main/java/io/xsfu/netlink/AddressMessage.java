package io.xsfu.netlink;

import static io.xsfu.netlink.MessageWriter.U32;
import static io.xsfu.netlink.MessageWriter.U8;

import java.net.InetAddress;

/** RTM_NEWADDR/RTM_GETADDR: struct ifaddrmsg and its IFA_* attributes. */
final class AddressMessage {
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;

    // struct ifaddrmsg
    static final int FAMILY_OFFSET = 0;     // u8
    static final int PREFIXLEN_OFFSET = 1;  // u8
    static final int FLAGS_OFFSET = 2;      // u8 (IFA_FLAGS carries all 32 bits)
    static final int SCOPE_OFFSET = 3;      // u8
    static final int INDEX_OFFSET = 4;      // u32
    static final int SIZE = 8;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;

    private AddressMessage() {
    }

    /** A dump of both families; with strict checking the kernel filters by {@code index} itself. */
    static int writeDump(MessageWriter w, int seq, int index) {
        w.begin(RTM_GETADDR, NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_DUMP, seq);
        int h = w.familyHeader(SIZE);
        w.u32(h + INDEX_OFFSET, index);
        return w.finish();
    }

    static int index(MessageCursor m) {
        m.requirePayload(SIZE, "ifaddrmsg");
        return m.segment().get(U32, m.payloadOffset() + INDEX_OFFSET);
    }

    static int prefixLength(MessageCursor m) {
        return m.segment().get(U8, m.payloadOffset() + PREFIXLEN_OFFSET) & 0xff;
    }

    /**
     * The interface's own address. On a point-to-point link IFA_ADDRESS is the peer and IFA_LOCAL ours; IPv6
     * sends only IFA_ADDRESS, which is then ours.
     */
    static InetAddress decodeAddress(MessageCursor m, AttributeCursor a) {
        int index = index(m);
        byte[] local = null;
        byte[] address = null;
        for (a.wrap(m, SIZE); a.next(); ) {
            switch (a.type()) {
                case IFA_LOCAL -> local = a.bytes();
                case IFA_ADDRESS -> address = a.bytes();
                default -> {
                }
            }
        }
        byte[] chosen = local != null ? local : address;
        return chosen == null ? null : IpAddresses.fromBytes(chosen, index);
    }
}
