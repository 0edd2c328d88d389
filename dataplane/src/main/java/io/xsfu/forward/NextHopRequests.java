package io.xsfu.forward;

import java.net.InetAddress;

/** Where the agent asks for a next-hop MAC (the neighbour resolver): must not block, may refuse when full. */
@FunctionalInterface
public interface NextHopRequests {
    boolean request(InetAddress destination);

    NextHopRequests NONE = destination -> true;
}
