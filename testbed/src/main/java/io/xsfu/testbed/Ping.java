package io.xsfu.testbed;

import java.net.InetAddress;
import java.time.Duration;

/**
 * ICMP echo from inside a namespace (the machine has no ping binary). As root the JDK's
 * {@link InetAddress#isReachable} sends a real ICMP/ICMPv6 echo on a raw socket, which belongs to the namespace
 * of the thread that opens it.
 */
public final class Ping {
    private Ping() {
    }

    /** Whether {@code target} answers an echo request from {@code from} within {@code timeout}. */
    public static boolean reachable(Netns from, InetAddress target, Duration timeout) {
        try {
            return from.call(() -> target.isReachable((int) timeout.toMillis()));
        } catch (java.net.NoRouteToHostException e) {
            return false;
        } catch (java.net.SocketException e) {
            // ENETUNREACH: no route to that subnet from here, which is an answer, not a failure.
            if (String.valueOf(e.getMessage()).contains("unreachable")) {
                return false;
            }
            throw new IllegalStateException("ping " + target + " from " + from, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("ping " + target + " from " + from, e);
        }
    }
}
