package io.xsfu.stun;

/**
 * A candidate pair an {@link IceLiteResponder} has seen a valid check on. The local side is the transport's one
 * host candidate, so a pair is known by its remote transport address (a host, server-reflexive or
 * peer-reflexive candidate of the peer: a lite agent cannot tell, and need not). Read-only outside the
 * responder, which updates it on the control thread.
 */
public final class CandidatePair {
    private final TransportAddress remote = new TransportAddress();
    private long priority;
    private long firstCheckNanos;
    private long lastCheckNanos;
    private long checks;
    private boolean nominated;

    void reset(TransportAddress source, long nowNanos) {
        remote.set(source);
        priority = 0;
        firstCheckNanos = nowNanos;
        lastCheckNanos = nowNanos;
        checks = 0;
        nominated = false;
    }

    void checked(long priority, long nowNanos) {
        this.priority = priority;
        this.lastCheckNanos = nowNanos;
        this.checks++;
    }

    void nominate() {
        nominated = true;
    }

    public boolean remoteMatches(TransportAddress address) {
        return remote.matches(address);
    }

    /** A copy of the remote transport address. */
    public TransportAddress remote() {
        return new TransportAddress().set(remote);
    }

    /** The PRIORITY of the last valid check (the peer's priority for this pair's local candidate); 0 if absent. */
    public long priority() {
        return priority;
    }

    public long firstCheckNanos() {
        return firstCheckNanos;
    }

    /** When the last valid check on this pair arrived: what consent freshness is measured from. */
    public long lastCheckNanos() {
        return lastCheckNanos;
    }

    /** Valid checks answered with success. */
    public long checks() {
        return checks;
    }

    /** Whether a check with USE-CANDIDATE came on this pair (it may have been superseded since). */
    public boolean nominated() {
        return nominated;
    }

    @Override
    public String toString() {
        return remote + (nominated ? " nominated" : "") + " checks=" + checks + " priority=" + priority;
    }
}
