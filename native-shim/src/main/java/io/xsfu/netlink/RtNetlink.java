package io.xsfu.netlink;

import static io.xsfu.netlink.NetlinkHeader.NLMSG_DONE;
import static io.xsfu.netlink.NetlinkHeader.NLMSG_ERROR;
import static io.xsfu.netlink.NetlinkHeader.NLMSG_NOOP;
import static io.xsfu.netlink.NetlinkHeader.NLMSG_OVERRUN;
import static io.xsfu.netlink.NetlinkHeader.NLM_F_DUMP_INTR;
import static io.xsfu.netlink.NetlinkHeader.NLM_F_MULTI;

import io.xsfu.sys.Errno;
import io.xsfu.sys.NativeException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Requests to the kernel's routing netlink (rtnetlink): links, addresses, routes and neighbours of the network
 * namespace the opening thread was in. Control path only: it allocates and blocks (each request waits for the
 * kernel's answer, at most {@link #REPLY_TIMEOUT_MILLIS}). One thread at a time.
 *
 * <p>Errors the kernel returns become {@link NativeException}s (typed by errno) naming the request and carrying
 * the kernel's extended-ack text when it gives one.
 */
public final class RtNetlink implements AutoCloseable {
    public static final int REPLY_TIMEOUT_MILLIS = 5_000;
    /** A dump that changed while it was read (NLM_F_DUMP_INTR) is read again, at most this often. */
    private static final int DUMP_ATTEMPTS = 4;

    private final NetlinkSocket socket;
    private final MessageWriter writer;
    private final MessageCursor messages = new MessageCursor();
    private final AttributeCursor attributes = new AttributeCursor();
    private int sequence = (int) (System.nanoTime() & 0x3fff_ffff);

    private RtNetlink(NetlinkSocket socket) {
        this.socket = socket;
        this.writer = new MessageWriter(socket.requestBuffer());
    }

    /** Opens a NETLINK_ROUTE socket in the calling thread's network namespace. */
    public static RtNetlink open() {
        NetlinkSocket socket = NetlinkSocket.open(0);
        try {
            socket.receiveTimeout(REPLY_TIMEOUT_MILLIS);
            return new RtNetlink(socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The link called {@code name}; {@link NativeException.NoSuchDeviceException} if there is none. */
    public Link link(String name) {
        int len = LinkMessage.writeGet(writer, nextSequence(), 0, name);
        return single("RTM_GETLINK", name, len, LinkMessage::decode);
    }

    public Link link(int ifindex) {
        int len = LinkMessage.writeGet(writer, nextSequence(), ifindex, null);
        return single("RTM_GETLINK", "ifindex " + ifindex, len, LinkMessage::decode);
    }

    /** The addresses (IPv4 and IPv6, including link-local and tentative ones) configured on an interface. */
    public List<InetAddress> addresses(int ifindex) {
        return dump("RTM_GETADDR", "ifindex " + ifindex, () -> AddressMessage.writeDump(writer, nextSequence(), ifindex),
                (m, a, out) -> {
                    if (m.type() == AddressMessage.RTM_NEWADDR && AddressMessage.index(m) == ifindex) {
                        InetAddress address = AddressMessage.decodeAddress(m, a);
                        if (address != null) {
                            out.add(address);
                        }
                    }
                });
    }

    /**
     * How the kernel would route a packet to {@code destination} now. A destination without a route is an
     * error (ENETUNREACH, EHOSTUNREACH...), not a null. A link-local IPv6 destination uses its scope id as the
     * output interface.
     */
    public Route route(InetAddress destination) {
        return route(destination, IpAddresses.scope(destination));
    }

    /** As {@link #route(InetAddress)}, with the output interface pinned to {@code oif} (0: any). */
    public Route route(InetAddress destination, int oif) {
        int len = RouteMessage.writeGet(writer, nextSequence(), destination, oif);
        return single("RTM_GETROUTE", destination.getHostAddress() + (oif != 0 ? " oif " + oif : ""), len,
                RouteMessage::decode);
    }

    /** The neighbour entry for {@code ip} on interface {@code ifindex}, or null if the kernel has none. */
    public Neighbour neighbour(int ifindex, InetAddress ip) {
        int len = NeighbourMessage.writeGet(writer, nextSequence(), ifindex, ip);
        String context = ip.getHostAddress() + " ifindex " + ifindex;
        try {
            return single("RTM_GETNEIGH", context, len, NeighbourMessage::decode);
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            if (e.errno() == EMSGSIZE || e.errno() == Errno.EOPNOTSUPP) {
                // Some kernels size the single-entry reply too small or lack the get; the dump always works.
                for (Neighbour n : neighbours(ifindex, IpAddresses.family(ip))) {
                    if (n.ip().equals(ip)) {
                        return n;
                    }
                }
                return null;
            }
            throw e;
        }
    }

    /** All neighbour entries of one family ({@code AF_INET} 2, {@code AF_INET6} 10) on an interface. */
    public List<Neighbour> neighbours(int ifindex, int family) {
        return dump("RTM_GETNEIGH", "dump ifindex " + ifindex,
                () -> NeighbourMessage.writeDump(writer, nextSequence(), family, ifindex),
                (m, a, out) -> {
                    if (m.type() == NeighbourMessage.RTM_NEWNEIGH && NeighbourMessage.ifindex(m) == ifindex) {
                        Neighbour n = NeighbourMessage.decode(m, a);
                        if (n != null) {
                            out.add(n);
                        }
                    }
                });
    }

    /**
     * Asks the kernel to resolve {@code ip} on {@code ifindex} as if it had a packet for it (RTM_NEWNEIGH with
     * NTF_USE, creating the entry if needed): a missing, NONE or FAILED entry goes to INCOMPLETE and the kernel
     * sends ARP requests / neighbour solicitations; a STALE entry goes to DELAY and then unicast PROBE; an
     * entry being resolved or verified is left alone. The request carries no link-layer address, so it never
     * changes a known MAC.
     *
     * <p>Static entries (PERMANENT, NOARP) are left untouched: on them the kernel would clear PERMANENT and
     * turn an administrator's entry into a dynamic one (net/core/neighbour.c, __neigh_update with
     * NEIGH_UPDATE_F_USE).
     */
    public void probe(int ifindex, InetAddress ip) {
        Neighbour existing = neighbour(ifindex, ip);
        if (existing != null && existing.isStatic()) {
            return;
        }
        int len = NeighbourMessage.writeUse(writer, nextSequence(), ifindex, ip);
        acknowledged("RTM_NEWNEIGH NTF_USE", ip.getHostAddress() + " ifindex " + ifindex, len);
    }

    /**
     * Makes the kernel check now, by unicast probes to the cached address, that a dynamic entry is still
     * right: the entry goes to PROBE (address kept) and then to REACHABLE, or to FAILED if the neighbour no
     * longer answers at that address (it moved or changed its MAC). Returns false, doing nothing, when there is
     * no valid dynamic entry to verify.
     */
    public boolean verify(int ifindex, InetAddress ip) {
        Neighbour existing = neighbour(ifindex, ip);
        if (existing == null || existing.isStatic() || !existing.isUsable()) {
            return false;
        }
        int len = NeighbourMessage.writeProbeState(writer, nextSequence(), ifindex, ip);
        try {
            acknowledged("RTM_NEWNEIGH NUD_PROBE", ip.getHostAddress() + " ifindex " + ifindex, len);
            return true;
        } catch (NativeException e) {
            // The entry failed or vanished between the look-up and the update: nothing left to verify.
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    // ---- the request/response exchange -------------------------------------------------------------------

    static final int EMSGSIZE = 90;

    @FunctionalInterface
    interface Decoder<T> {
        T decode(MessageCursor message, AttributeCursor attributes);
    }

    @FunctionalInterface
    interface Collector<T> {
        void accept(MessageCursor message, AttributeCursor attributes, List<T> out);
    }

    private int nextSequence() {
        sequence = (sequence + 1) & 0x7fff_ffff;
        return sequence;
    }

    /** A GET of one object: exactly one reply message, or an error. */
    private <T> T single(String request, String context, int length, Decoder<T> decoder) {
        int seq = writer.sequence();
        socket.send(length, "rtnetlink " + request);
        while (true) {
            int n = receiveReply(request, context);
            messages.wrap(socket.receiveBuffer(), n);
            while (messages.next()) {
                if (messages.sequence() != seq) {
                    continue;
                }
                switch (messages.type()) {
                    case NLMSG_NOOP, NLMSG_OVERRUN -> {
                    }
                    case NLMSG_ERROR -> throw failure(request, context, true);
                    case NLMSG_DONE -> throw new NetlinkProtocolException(request + " " + context + ": no reply before DONE");
                    default -> {
                        return decoder.decode(messages, attributes);
                    }
                }
            }
        }
    }

    /** A request with NLM_F_ACK that answers only with an acknowledgement. */
    private void acknowledged(String request, String context, int length) {
        int seq = writer.sequence();
        socket.send(length, "rtnetlink " + request);
        while (true) {
            int n = receiveReply(request, context);
            messages.wrap(socket.receiveBuffer(), n);
            while (messages.next()) {
                if (messages.sequence() == seq && messages.type() == NLMSG_ERROR) {
                    NativeException e = failure(request, context, false);
                    if (e == null) {
                        return;
                    }
                    throw e;
                }
            }
        }
    }

    /** A dump: multipart messages up to NLMSG_DONE, read again if the kernel flags it as interrupted. */
    private <T> List<T> dump(String request, String context, IntSupplier writeRequest,
                             Collector<T> collector) {
        for (int attempt = 1; ; attempt++) {
            List<T> out = new ArrayList<>();
            int length = writeRequest.getAsInt();
            int seq = writer.sequence();
            socket.send(length, "rtnetlink " + request);
            boolean interrupted = false;
            boolean done = false;
            while (!done) {
                int n = receiveReply(request, context);
                messages.wrap(socket.receiveBuffer(), n);
                while (messages.next()) {
                    if (messages.sequence() != seq) {
                        continue;
                    }
                    interrupted |= (messages.flags() & NLM_F_DUMP_INTR) != 0;
                    switch (messages.type()) {
                        case NLMSG_NOOP, NLMSG_OVERRUN -> {
                        }
                        case NLMSG_ERROR -> {
                            NativeException e = failure(request, context, false);
                            if (e != null) {
                                throw e;
                            }
                            done = true;
                        }
                        case NLMSG_DONE -> {
                            int error = messages.payloadLength() >= 4
                                    ? messages.segment().get(MessageWriter.U32, messages.payloadOffset()) : 0;
                            if (error < 0) {
                                String reason = doneMessage(messages);
                                throw NativeException.of("rtnetlink " + request,
                                        reason == null ? context : context + ": " + reason, -error);
                            }
                            done = true;
                        }
                        default -> {
                            collector.accept(messages, attributes, out);
                            if ((messages.flags() & NLM_F_MULTI) == 0) {
                                done = true;
                            }
                        }
                    }
                }
            }
            if (!interrupted || attempt == DUMP_ATTEMPTS) {
                return out;
            }
        }
    }

    private int receiveReply(String request, String context) {
        int n = socket.receive(true, "rtnetlink " + request);
        if (n < 0) {
            throw new NetlinkProtocolException(request + " " + context + ": no answer from the kernel within "
                    + REPLY_TIMEOUT_MILLIS + " ms");
        }
        return n;
    }

    /**
     * The exception an NLMSG_ERROR stands for, or null for an acknowledgement (error 0). With {@code
     * zeroIsError} an acknowledgement where data was expected is a protocol error too.
     */
    private NativeException failure(String request, String context, boolean zeroIsError) {
        MessageCursor m = messages;
        m.requirePayload(4, "nlmsgerr");
        int error = m.segment().get(MessageWriter.U32, m.payloadOffset() + NetlinkHeader.ERROR_CODE_OFFSET);
        if (error == 0) {
            if (zeroIsError) {
                throw new NetlinkProtocolException(request + " " + context + ": acknowledged without a reply");
            }
            return null;
        }
        String reason = extendedAckMessage(m);
        String fullContext = reason == null ? context : context + ": " + reason;
        return NativeException.of("rtnetlink " + request, fullContext, -error);
    }

    /** NLMSGERR_ATTR_MSG of a failed dump's NLMSG_DONE, whose TLVs follow its error code directly. */
    static String doneMessage(MessageCursor m) {
        if ((m.flags() & NetlinkHeader.NLM_F_ACK_TLVS) == 0 || m.payloadLength() < 4) {
            return null;
        }
        return ackMessage(m, m.payloadOffset() + 4);
    }

    /** NLMSGERR_ATTR_MSG from the TLVs after the (capped) echoed request, when the kernel sent one. */
    static String extendedAckMessage(MessageCursor m) {
        if ((m.flags() & NetlinkHeader.NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        int echoed = m.payloadOffset() + NetlinkHeader.ERROR_REQUEST_OFFSET;
        int tlvs;
        if ((m.flags() & NetlinkHeader.NLM_F_CAPPED) != 0) {
            tlvs = echoed + NetlinkHeader.SIZE;
        } else {
            if (echoed + NetlinkHeader.SIZE > m.end()) {
                return null;
            }
            int requestLength = m.segment().get(MessageWriter.U32, echoed + NetlinkHeader.LENGTH_OFFSET);
            tlvs = echoed + NetlinkHeader.align(requestLength);
        }
        if (tlvs < echoed || tlvs > m.end()) {
            return null;
        }
        return ackMessage(m, tlvs);
    }

    private static String ackMessage(MessageCursor m, int tlvs) {
        AttributeCursor a = new AttributeCursor().wrap(m.segment(), tlvs, m.end());
        while (a.next()) {
            if (a.type() == NetlinkHeader.NLMSGERR_ATTR_MSG) {
                return a.string();
            }
        }
        return null;
    }
}
