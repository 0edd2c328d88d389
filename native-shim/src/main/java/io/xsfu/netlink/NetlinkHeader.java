package io.xsfu.netlink;

/**
 * struct nlmsghdr (linux/netlink.h): the 16-byte header in front of every netlink message, in host byte order.
 * Messages and attributes start on 4-byte boundaries ({@link #align}).
 */
final class NetlinkHeader {
    static final int LENGTH_OFFSET = 0;   // u32 nlmsg_len, header included
    static final int TYPE_OFFSET = 4;     // u16 nlmsg_type
    static final int FLAGS_OFFSET = 6;    // u16 nlmsg_flags
    static final int SEQ_OFFSET = 8;      // u32 nlmsg_seq
    static final int PID_OFFSET = 12;     // u32 nlmsg_pid (port id of the sender; 0 = kernel)
    static final int SIZE = 16;

    static final int ALIGNMENT = 4;

    // Control message types.
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;

    // Flags of a request.
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    // GET modifiers.
    static final int NLM_F_ROOT = 0x100;
    static final int NLM_F_MATCH = 0x200;
    static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    // NEW modifiers.
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    // Flags of an NLMSG_ERROR acknowledgement.
    static final int NLM_F_CAPPED = 0x100;
    static final int NLM_F_ACK_TLVS = 0x200;

    /** struct nlmsgerr: int error, then the header (and, unless capped, the payload) of the failed request. */
    static final int ERROR_CODE_OFFSET = 0;
    static final int ERROR_REQUEST_OFFSET = 4;
    /** Extended-ack attribute carrying the kernel's human-readable reason (NLMSGERR_ATTR_MSG). */
    static final int NLMSGERR_ATTR_MSG = 1;

    private NetlinkHeader() {
    }

    /** NLMSG_ALIGN / NLA_ALIGN: rounds up to the next multiple of 4. */
    static int align(int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
