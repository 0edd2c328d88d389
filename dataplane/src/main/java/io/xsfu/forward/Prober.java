package io.xsfu.forward;

import io.xsfu.bwe.TransportBandwidth;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.route.Consumer;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;

/**
 * Bandwidth probes (libwebrtc's "payload padding"): for a while, what the SFU sends on one subscriber transport is
 * raised to about a target rate with RTX duplicates of packets its consumers were sent recently. The subscriber
 * discards them, but each carries the SFU's transport-wide number, so its feedback measures the higher rate: the
 * only way to learn that a link carries more than the subscriber is being sent ({@link TransportBandwidth#startProbe}).
 *
 * <p>Paced by a token bucket per probe filled at the target, less the media bytes the transport was sent meanwhile,
 * on every duty cycle: at most {@link #BURST_NANOS} worth of target (and never less than a few packets) leaves at
 * once. Only consumers that negotiated RTX and transport-wide numbers carry probes; video first, as its packets
 * are larger and its cache deeper. A probe ends when its time is up, when the estimator saw overuse or loss, or
 * when its transport leaves or changes port. Agent thread only; slots are preallocated, nothing allocates.
 */
final class Prober {
    /** Probes on at the same time; a probe for one more transport is ignored (probes are short). */
    static final int MAX_PROBES = 64;
    /** The most a probe sends in one go: this long at its target, and at least {@link #MIN_BURST_BYTES}. */
    static final long BURST_NANOS = 2_000_000L;
    static final int MIN_BURST_BYTES = 3 * 1200;
    /** Media above the target leaves a debt of at most this long at the target (a keyframe must not end the probe). */
    static final long MAX_DEBT_NANOS = 100_000_000L;
    /** Probes are seconds long at most: a command asking for longer gets this. */
    static final long MAX_DURATION_NANOS = 5_000_000_000L;
    /** How far back from a consumer's newest packet duplicates are taken. */
    static final int LOOKBACK = 32;
    private static final int ATTEMPTS = 8;

    private static final class Slot {
        int port;
        TransportBandwidth bandwidth;
        long targetBps;
        long endNanos;
        long lastNanos;
        long lastMediaBytes;
        double tokens;
        double burst;
        double maxDebt;
        int nextConsumer;
        int lookback;
    }

    private final DataplaneCounters counters;
    private final RtcpEngine rtcp;
    private final Slot[] slots = new Slot[MAX_PROBES];
    private int active;

    Prober(DataplaneCounters counters, RtcpEngine rtcp) {
        this.counters = counters;
        this.rtcp = rtcp;
        for (int i = 0; i < MAX_PROBES; i++) {
            slots[i] = new Slot();
        }
    }

    /**
     * Starts (or restarts) a probe on {@code t} toward {@code targetBps} for {@code durationNanos}; a target or
     * duration of 0 ends the probe there. Returns false when ignored: no estimation on that transport, no
     * consumer that can carry probes, or every slot taken.
     */
    boolean start(Transport t, long targetBps, long durationNanos, long nowNanos) {
        TransportBandwidth bandwidth = t.bandwidth();
        if (bandwidth == null) {
            return false;
        }
        int i = find(t.localPort());
        if (i >= 0 && slots[i].bandwidth != bandwidth) {
            // The port was given to a new transport since: the old probe describes nothing sent now.
            finish(i, nowNanos);
            i = -1;
        }
        if (targetBps <= 0 || durationNanos <= 0) {
            if (i >= 0) {
                finish(i, nowNanos);
            }
            return false;
        }
        if (!canCarry(t)) {
            return false;
        }
        if (i < 0) {
            if (active == MAX_PROBES) {
                return false;
            }
            i = active++;
        }
        Slot s = slots[i];
        long target = Math.min(targetBps, bandwidth.estimator().config().maxBps());
        s.port = t.localPort();
        s.bandwidth = bandwidth;
        s.targetBps = target;
        s.endNanos = nowNanos + Math.min(durationNanos, MAX_DURATION_NANOS);
        s.lastNanos = nowNanos;
        s.lastMediaBytes = t.counters().txBytes().get();
        s.tokens = 0;
        s.burst = Math.max(MIN_BURST_BYTES, target * (BURST_NANOS / 8e9));
        s.maxDebt = target * (MAX_DEBT_NANOS / 8e9);
        bandwidth.startProbe(target, nowNanos);
        counters.probesStarted.incrementRelease();
        return true;
    }

    /** Sends what the probes' buckets allow; ends the probes that are over. Every duty cycle. */
    void run(RoutingTable table, Egress egress, long nowNanos) {
        for (int i = active - 1; i >= 0; i--) {
            Slot s = slots[i];
            Transport t = table.byLocalPort(s.port);
            if (t == null || t.bandwidth() != s.bandwidth || nowNanos - s.endNanos >= 0 || !s.bandwidth.probing()) {
                finish(i, nowNanos);
                continue;
            }
            long elapsed = nowNanos - s.lastNanos;
            if (elapsed <= 0) {
                continue;
            }
            s.lastNanos = nowNanos;
            long media = t.counters().txBytes().get();
            s.tokens += s.targetBps * (elapsed / 8e9) - (media - s.lastMediaBytes);
            s.lastMediaBytes = media;
            s.tokens = Math.max(-s.maxDebt, Math.min(s.burst, s.tokens));
            while (s.tokens > 0) {
                int sent = sendOne(s, t, egress, nowNanos);
                if (sent <= 0) {
                    break;
                }
                s.tokens -= sent;
            }
        }
    }

    /** One duplicate from the next consumer that has one to send; its bytes, or 0 when none could be sent. */
    private int sendOne(Slot s, Transport t, Egress egress, long nowNanos) {
        Consumer[] consumers = t.consumers();
        int n = consumers.length;
        for (int attempt = 0; attempt < ATTEMPTS && n > 0; attempt++) {
            Consumer c = pick(consumers, s.nextConsumer % n);
            if (c == null) {
                return 0;
            }
            int newest = c.sequence().maxOutput();
            int outSeq = (newest - s.lookback) & 0xFFFF;
            s.lookback = (s.lookback + 1) % LOOKBACK;
            if (s.lookback == 0) {
                s.nextConsumer = (s.nextConsumer + 1) % n;
            }
            int sent = rtcp.probe(c, outSeq, egress, nowNanos);
            if (sent > 0) {
                counters.probePackets.incrementRelease();
                counters.probeBytes.getAndAddRelease(sent);
                return sent;
            }
            if (sent < 0) {
                // The egress could not take it (ring full...): counted, and no point trying more now.
                counters.drop(-sent);
                return 0;
            }
        }
        return 0;
    }

    /** The first consumer from {@code from} on that can carry probes, video preferred; null if none. */
    private static Consumer pick(Consumer[] consumers, int from) {
        Consumer audio = null;
        for (int k = 0; k < consumers.length; k++) {
            Consumer c = consumers[(from + k) % consumers.length];
            if (carries(c)) {
                if (c.producer().codec().video()) {
                    return c;
                }
                if (audio == null) {
                    audio = c;
                }
            }
        }
        return audio;
    }

    private static boolean carries(Consumer c) {
        return c.rtx() && c.twccId() != 0 && !c.paused() && c.counters() != null && c.sequence().maxOutput() >= 0;
    }

    private static boolean canCarry(Transport t) {
        for (Consumer c : t.consumers()) {
            if (c.rtx() && c.twccId() != 0) {
                return true;
            }
        }
        return false;
    }

    private int find(int port) {
        for (int i = 0; i < active; i++) {
            if (slots[i].port == port) {
                return i;
            }
        }
        return -1;
    }

    private void finish(int i, long nowNanos) {
        Slot s = slots[i];
        s.bandwidth.endProbe(nowNanos);
        s.bandwidth = null;
        active--;
        if (i != active) {
            slots[i] = slots[active];
            slots[active] = s;
        }
    }
}
