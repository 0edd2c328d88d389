package io.xsfu.neigh;

import io.xsfu.net.MacAddress;
import io.xsfu.netlink.Neighbour;
import io.xsfu.netlink.Route;
import io.xsfu.netlink.RtNetlink;
import io.xsfu.netlink.RtNetlinkMonitor;
import io.xsfu.sys.Errno;
import io.xsfu.sys.NativeException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Finds the destination MAC for frames the SFU builds itself, from the kernel's route and neighbour tables.
 *
 * <p>The kernel never sees our AF_XDP traffic, so it neither resolves the neighbours we send to nor notices
 * when one changes. This resolver stands in for that traffic: for every destination in use it looks up the
 * route (gateway or on-link) and the next hop's neighbour entry, asks the kernel to resolve a missing or
 * failed entry (retrying 100 ms, 200 ms, ... up to 1 s apart) and has it re-verify by unicast probes an entry
 * that is STALE or whose last confirmation is older than {@code verifyAfter}; a neighbour that moved or changed
 * its MAC then fails verification and is resolved afresh. A MAC is reported only when the kernel holds a
 * valid entry for it, never guessed; -1 means "do not send".
 *
 * <p>Threads: {@link #request} and {@link #release} are safe from any thread; {@code request} is
 * non-blocking and allocation-free for the forwarding agent. Everything else happens on the resolver's own
 * thread, which also calls the {@link Listener}. Route and neighbour changes announced by the kernel are acted
 * on at once; everything is re-checked every {@code refresh} in any case.
 */
public final class NextHopResolver implements AutoCloseable {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);
    /** Confirmation age after which a valid entry is re-verified, in refresh periods, unless given. */
    public static final int DEFAULT_VERIFY_REFRESHES = 5;
    static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int QUEUE_CAPACITY = 1024;
    /** Longest sleep between looks at the request queue: the delay before a new destination is looked up. */
    private static final int MAX_IDLE_MILLIS = 20;
    /** Route or link notifications re-check every destination, at most this often. */
    private static final long RECHECK_ALL_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LOOP_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Logger LOG = System.getLogger(NextHopResolver.class.getName());

    /** Told on the resolver thread; must not block for long. */
    public interface Listener {
        /**
         * @param mac   the MAC to send to, or -1 ({@link MacAddress#NONE}) when unresolved, failed or not
         *              reachable through the SFU's interface
         * @param state NUD_* state of the next hop's neighbour entry ({@link Neighbour}), 0 when there is none
         */
        void onNextHop(InetAddress destination, long mac, int state);
    }

    private final String ifName;
    private final int ifindex;
    private final Listener listener;
    private final long refreshNanos;
    private final long verifyAfterNanos;
    /** Requests (an InetAddress, so that the agent allocates nothing) and releases, in the order they were made. */
    private final ManyToOneConcurrentArrayQueue<Object> commands = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final RtNetlink rt;
    private final RtNetlinkMonitor monitor;
    private final Map<InetAddress, Watch> watches = new HashMap<>();
    private final Events events = new Events();
    private volatile boolean running;
    private Thread thread;
    private boolean recheckAll;
    private long lastRecheckAllNanos;
    private String loopError;

    /** A resolver for {@code ifName} with the default verification age (5 refresh periods). */
    public NextHopResolver(String ifName, Listener listener, Duration refresh) {
        this(ifName, listener, refresh, refresh.multipliedBy(DEFAULT_VERIFY_REFRESHES));
    }

    /**
     * Opens its netlink sockets in the calling thread's network namespace, where {@code ifName} must exist.
     *
     * @param refresh     how often every destination is looked at again
     * @param verifyAfter a valid entry not confirmed for this long is re-verified by unicast probes; this
     *                    bounds how long a moved neighbour goes unnoticed (plus the kernel's probe time,
     *                    ucast_solicit x retrans_time, 3 s by default)
     */
    public NextHopResolver(String ifName, Listener listener, Duration refresh, Duration verifyAfter) {
        if (refresh.isNegative() || refresh.isZero() || verifyAfter.isNegative() || verifyAfter.isZero()) {
            throw new IllegalArgumentException("refresh and verifyAfter must be positive");
        }
        this.ifName = ifName;
        this.listener = listener;
        this.refreshNanos = refresh.toNanos();
        this.verifyAfterNanos = verifyAfter.toNanos();
        this.rt = RtNetlink.open();
        try {
            this.ifindex = rt.link(ifName).index();
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        this.monitor = openMonitor();
    }

    private RtNetlinkMonitor openMonitor() {
        try {
            return RtNetlinkMonitor.open(RtNetlinkMonitor.NEIGHBOURS | RtNetlinkMonitor.IPV4_ROUTES
                    | RtNetlinkMonitor.IPV6_ROUTES | RtNetlinkMonitor.LINKS);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "next hops on {0}: no change notifications ({1}); relying on the {2} ms refresh",
                    ifName, e.getMessage(), TimeUnit.NANOSECONDS.toMillis(refreshNanos));
            return null;
        }
    }

    public int ifindex() {
        return ifindex;
    }

    /**
     * Asks for {@code destination}'s next-hop MAC and to keep it current until {@link #release}d. Non-blocking
     * and allocation-free; false if the request queue is full (ask again later). Asking again for a watched
     * destination changes nothing.
     */
    public boolean request(InetAddress destination) {
        return commands.offer(destination);
    }

    /** Stops watching {@code destination} (after the requests made before); false if the queue is full. */
    public boolean release(InetAddress destination) {
        return commands.offer(new Release(destination));
    }

    private record Release(InetAddress destination) {
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::run, "xsfu-nexthop-" + ifName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (monitor != null) {
            monitor.close();
        }
        rt.close();
    }

    // ---- the resolver thread -------------------------------------------------------------------------

    private void run() {
        while (running) {
            try {
                cycle();
                loopError = null;
            } catch (Throwable t) {
                String message = String.valueOf(t);
                if (!message.equals(loopError)) {
                    LOG.log(Level.ERROR, "next hops on " + ifName + ": resolver loop failed, retrying", t);
                    loopError = message;
                }
                if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
                    throw e;
                }
                LockSupport.parkNanos(LOOP_ERROR_PAUSE_NANOS);
            }
        }
    }

    private void cycle() {
        long now = System.nanoTime();
        drainCommands(now);
        if (monitor != null) {
            monitor.drain(events);
        }
        if (recheckAll && now - lastRecheckAllNanos >= RECHECK_ALL_MIN_NANOS) {
            recheckAll = false;
            lastRecheckAllNanos = now;
            for (Watch w : watches.values()) {
                w.nextCheckNanos = now;
            }
        }
        long nextDue = now + TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MILLIS);
        for (Watch w : watches.values()) {
            if (w.nextCheckNanos - now <= 0) {
                checkSafely(w, now);
            }
            if (w.nextCheckNanos - nextDue < 0) {
                nextDue = w.nextCheckNanos;
            }
        }
        long waitMillis = TimeUnit.NANOSECONDS.toMillis(nextDue - System.nanoTime());
        if (waitMillis > 0 && running) {
            if (monitor != null) {
                monitor.await((int) Math.min(waitMillis, MAX_IDLE_MILLIS));
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(waitMillis, MAX_IDLE_MILLIS)));
            }
        }
    }

    private void drainCommands(long now) {
        Object command;
        while ((command = commands.poll()) != null) {
            if (command instanceof Release(InetAddress d)) {
                if (watches.remove(d) != null) {
                    LOG.log(Level.DEBUG, "next hops on {0}: no longer watching {1}", ifName, d.getHostAddress());
                }
            } else if (command instanceof InetAddress d) {
                Watch w = watches.get(d);
                if (w == null) {
                    w = new Watch(d, FIRST_RETRY_NANOS);
                    w.nextCheckNanos = now;
                    watches.put(d, w);
                } else if (w.reported) {
                    // Asked again for a destination already known: another endpoint with the same address
                    // (or a report the agent could not take) needs the answer too.
                    announce(w);
                }
            }
        }
    }

    private void checkSafely(Watch w, long now) {
        try {
            check(w, now);
            w.error = null;
        } catch (RuntimeException e) {
            String message = String.valueOf(e);
            if (!message.equals(w.error)) {
                LOG.log(Level.WARNING, "next hops on " + ifName + ": checking " + w.destination.getHostAddress()
                        + " failed, retrying", e);
                w.error = message;
            }
            w.nextCheckNanos = now + w.retryNanos;
            w.retryNanos = Math.min(2 * w.retryNanos, MAX_RETRY_NANOS);
        }
    }

    private void check(Watch w, long now) {
        w.nextCheckNanos = now + refreshNanos;
        Route route;
        try {
            route = rt.route(w.destination, linkLocalOif(w.destination));
        } catch (NativeException e) {
            if (!isNoRoute(e.errno())) {
                throw e;
            }
            w.nextHop = null;
            unresolved(w, Neighbour.NUD_NONE, "no route (" + Errno.describe(e.errno()) + ")", Level.WARNING);
            return;
        }
        if (!route.unicast() || route.oif() != ifindex) {
            w.nextHop = null;
            unresolved(w, Neighbour.NUD_NONE, "routed " + describe(route) + ", not through " + ifName
                    + "; packets to it are dropped", Level.WARNING);
            return;
        }
        InetAddress hop = route.nextHop(w.destination);
        w.nextHop = hop;
        Neighbour n = rt.neighbour(ifindex, hop);
        if (n != null && n.isUsable()) {
            w.unanswered = false;
            resolved(w, hop, n);
            w.retryNanos = FIRST_RETRY_NANOS;
            w.nextProbeNanos = now;
            keepFresh(w, hop, n, now);
            return;
        }
        int state = n == null ? Neighbour.NUD_NONE : n.state();
        // An absent host cycles INCOMPLETE/FAILED under our probes: that is one condition, logged once.
        w.unanswered |= state == Neighbour.NUD_FAILED;
        if (w.unanswered) {
            unresolved(w, state, "neighbour " + hop.getHostAddress() + " does not answer", Level.WARNING);
        } else {
            unresolved(w, state, "resolving neighbour " + hop.getHostAddress(),
                    w.lastGoodMac == MacAddress.NONE ? Level.DEBUG : Level.INFO);
        }
        // An INCOMPLETE entry is being resolved by the kernel right now; anything else needs a nudge.
        if (state != Neighbour.NUD_INCOMPLETE && now - w.nextProbeNanos >= 0) {
            rt.probe(ifindex, hop);
            w.nextProbeNanos = now + w.retryNanos;
            w.retryNanos = Math.min(2 * w.retryNanos, MAX_RETRY_NANOS);
        }
        w.nextCheckNanos = Math.max(now + FIRST_RETRY_NANOS, w.nextProbeNanos);
    }

    /**
     * The kernel confirms a neighbour only when it sees traffic, which ours is not: a STALE entry, or one not
     * confirmed for {@code verifyAfter}, is re-verified so that a neighbour that changed its MAC fails and is
     * resolved again instead of silently receiving nothing.
     */
    private void keepFresh(Watch w, InetAddress hop, Neighbour n, long now) {
        if (n.isStatic() || now - w.nextVerifyNanos < 0) {
            return;
        }
        boolean stale = n.state() == Neighbour.NUD_STALE;
        boolean unconfirmed = n.state() == Neighbour.NUD_REACHABLE
                && n.confirmedAgoMillis() >= TimeUnit.NANOSECONDS.toMillis(verifyAfterNanos);
        if ((stale || unconfirmed) && rt.verify(ifindex, hop)) {
            w.nextVerifyNanos = now + verifyAfterNanos;
        }
    }

    private void resolved(Watch w, InetAddress hop, Neighbour n) {
        boolean changed = !w.reported || w.reportedMac != n.mac();
        if (changed) {
            String via = hop.equals(w.destination) ? "" : " via " + hop.getHostAddress();
            String was = w.lastGoodMac == MacAddress.NONE || w.lastGoodMac == n.mac()
                    ? "" : ", was " + MacAddress.format(w.lastGoodMac);
            LOG.log(Level.INFO, "next hop of {0}{1}: resolved to {2} on {3} ({4}){5}", w.destination.getHostAddress(),
                    via, MacAddress.format(n.mac()), ifName, n.stateName(), was);
            w.lastGoodMac = n.mac();
        }
        w.problem = null;
        report(w, n.mac(), n.state(), changed);
    }

    private void unresolved(Watch w, int state, String why, Level level) {
        boolean changed = !w.reported || w.reportedMac != MacAddress.NONE;
        if (changed || !why.equals(w.problem)) {
            LOG.log(level, "next hop of {0}: unresolved, {1}", w.destination.getHostAddress(), why);
            w.problem = why;
        }
        report(w, MacAddress.NONE, state, changed);
    }

    private void report(Watch w, long mac, int state, boolean changed) {
        if (!changed) {
            return;
        }
        w.reported = true;
        w.reportedMac = mac;
        w.reportedState = state;
        announce(w);
    }

    private void announce(Watch w) {
        try {
            listener.onNextHop(w.destination, w.reportedMac, w.reportedState);
        } catch (RuntimeException e) {
            if (!w.listenerFailureLogged) {
                LOG.log(Level.ERROR, "next hops on " + ifName + ": listener failed for "
                        + w.destination.getHostAddress() + " (logged once per destination)", e);
                w.listenerFailureLogged = true;
            }
        }
    }

    /** A link-local IPv6 destination is only meaningful on our link; other destinations are routed freely. */
    private int linkLocalOif(InetAddress destination) {
        return destination instanceof Inet6Address v6 && v6.isLinkLocalAddress() && v6.getScopeId() == 0 ? ifindex : 0;
    }

    private static boolean isNoRoute(int errno) {
        return errno == Errno.ENETUNREACH || errno == Errno.EHOSTUNREACH || errno == Errno.EACCES
                || errno == Errno.EINVAL || errno == Errno.ENETDOWN;
    }

    private static String describe(Route route) {
        String kind = switch (route.type()) {
            case Route.RTN_UNICAST -> "out of ifindex " + route.oif();
            case Route.RTN_LOCAL -> "to this host";
            case Route.RTN_BROADCAST -> "as broadcast";
            case Route.RTN_MULTICAST -> "as multicast";
            case Route.RTN_BLACKHOLE -> "to a blackhole";
            case Route.RTN_UNREACHABLE -> "as unreachable";
            case Route.RTN_PROHIBIT -> "as prohibited";
            default -> "as route type " + route.type();
        };
        return kind;
    }

    /** Kernel notifications: a change of a next hop we watch is looked at now, not at the next refresh. */
    private final class Events implements RtNetlinkMonitor.Listener {
        @Override
        public void onNeighbour(Neighbour neighbour, boolean deleted) {
            if (neighbour.ifindex() != ifindex) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watches.values()) {
                if (neighbour.ip().equals(w.nextHop)) {
                    w.nextCheckNanos = now;
                }
            }
        }

        @Override
        public void onRouteChange() {
            recheckAll = true;
        }

        @Override
        public void onLinkChange(int changedIfindex) {
            if (changedIfindex == ifindex) {
                recheckAll = true;
            }
        }

        @Override
        public void onOverrun() {
            recheckAll = true;
        }
    }
}
