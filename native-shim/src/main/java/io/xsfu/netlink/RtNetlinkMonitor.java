package io.xsfu.netlink;

import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;

/**
 * Change notifications from rtnetlink multicast groups (neighbours, routes, links) in the namespace of the
 * opening thread. Read without blocking with {@link #drain}; {@link #await} sleeps until one arrives.
 * Notifications can be lost when the socket's buffer overflows: {@link Listener#onOverrun} then says that
 * everything must be looked at again. One thread at a time.
 */
public final class RtNetlinkMonitor implements AutoCloseable {
    /** RTMGRP_* bits for {@link #open}. */
    public static final int LINKS = 0x1;
    public static final int NEIGHBOURS = 0x4;
    public static final int IPV4_ROUTES = 0x40;
    public static final int IPV6_ROUTES = 0x400;

    private static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    private final NetlinkSocket socket;
    private final MessageCursor messages = new MessageCursor();
    private final AttributeCursor attributes = new AttributeCursor();

    public interface Listener {
        /** An entry was added or changed ({@code deleted} false) or removed. */
        void onNeighbour(Neighbour neighbour, boolean deleted);

        /** Some route of either family was added, changed or removed. */
        void onRouteChange();

        /** A link was added, changed (up/down, address, MTU) or removed. */
        void onLinkChange(int ifindex);

        /** Notifications were lost. */
        void onOverrun();
    }

    private RtNetlinkMonitor(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Subscribes to the given RTMGRP_* groups, e.g. {@code NEIGHBOURS | IPV4_ROUTES | IPV6_ROUTES}. */
    public static RtNetlinkMonitor open(int groups) {
        NetlinkSocket socket = NetlinkSocket.open(groups);
        try {
            socket.receiveBufferSize(RECEIVE_BUFFER_BYTES);
            return new RtNetlinkMonitor(socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Waits up to {@code timeoutMillis} for a notification; true if one is ready. */
    public boolean await(int timeoutMillis) {
        return (Libc.poll(socket.fd(), Libc.POLLIN, timeoutMillis) & Libc.POLLIN) != 0;
    }

    /** Hands every queued notification to {@code listener} without blocking; returns how many there were. */
    public int drain(Listener listener) {
        int count = 0;
        while (true) {
            int n;
            try {
                n = socket.receive(false, "rtnetlink monitor");
            } catch (NativeException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    listener.onOverrun();
                    count++;
                    continue;
                }
                throw e;
            }
            if (n < 0) {
                return count;
            }
            messages.wrap(socket.receiveBuffer(), n);
            while (messages.next()) {
                count++;
                dispatch(listener);
            }
        }
    }

    private void dispatch(Listener listener) {
        switch (messages.type()) {
            case NeighbourMessage.RTM_NEWNEIGH, NeighbourMessage.RTM_DELNEIGH -> {
                Neighbour n = NeighbourMessage.decode(messages, attributes);
                if (n != null) {
                    listener.onNeighbour(n, messages.type() == NeighbourMessage.RTM_DELNEIGH);
                }
            }
            case RouteMessage.RTM_NEWROUTE, RouteMessage.RTM_DELROUTE -> listener.onRouteChange();
            case LinkMessage.RTM_NEWLINK, LinkMessage.RTM_DELLINK -> {
                messages.requirePayload(LinkMessage.SIZE, "ifinfomsg");
                listener.onLinkChange(messages.segment().get(MessageWriter.U32,
                        messages.payloadOffset() + LinkMessage.INDEX_OFFSET));
            }
            case NetlinkHeader.NLMSG_OVERRUN -> listener.onOverrun();
            default -> {
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
