package io.xsfu.neigh;

import io.xsfu.net.MacAddress;
import java.net.InetAddress;

/** What the resolver knows and has told about one destination. Owned by the resolver thread. */
final class Watch {
    final InetAddress destination;
    /** The neighbour that a frame to the destination goes to (gateway or destination), null if none. */
    InetAddress nextHop;
    boolean reported;
    long reportedMac = MacAddress.NONE;
    /** NUD state that went with {@link #reportedMac}. */
    int reportedState;
    /** The last MAC reported other than -1, to name what changed. */
    long lastGoodMac = MacAddress.NONE;
    /** The next hop failed to answer since it was last resolved: reported as a problem, not as progress. */
    boolean unanswered;
    /** A listener failure for this destination was logged. */
    boolean listenerFailureLogged;
    /** Why it is unresolved, as last logged; null while resolved. */
    String problem;
    /** Last error met while checking it, as logged; null after a clean check. */
    String error;
    long nextCheckNanos;
    long nextProbeNanos;
    long nextVerifyNanos;
    long retryNanos;

    Watch(InetAddress destination, long firstRetryNanos) {
        this.destination = destination;
        this.retryNanos = firstRetryNanos;
    }
}
