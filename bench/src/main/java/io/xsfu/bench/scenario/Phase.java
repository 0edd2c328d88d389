package io.xsfu.bench.scenario;

/**
 * What one load phase measured: packets the publishers sent and at what rate (offered), copies the sink
 * counted (delivered) and their rate, the loss (copies expected = sent x fan-out, minus delivered), the
 * server's CPU time over the phase, the CPU that others used meanwhile (CPU-seconds per second: the
 * machine's busy time minus the server's and the bench's own; noise), frames the sink saw that were not
 * copies (RTCP, ICMP), the generator's schedule restarts (paced phases), and the copies' latency.
 */
public record Phase(double targetPps, double seconds, long sent, double offeredPps, long copies, double deliveredPerSecond,
                    double lossPercent, double serverCpuSeconds, double foreignCpuShare, long otherFrames, long resyncs,
                    Latency latency) {

    /** Server CPU-seconds per second of the phase (a busy-polling forwarder alone on its core: about 1). */
    public double serverCpuShare() {
        return seconds > 0 ? serverCpuSeconds / seconds : Double.NaN;
    }

    /** Copies delivered per CPU-second the server used. */
    public double copiesPerCpuSecond() {
        return serverCpuSeconds > 0 ? copies / serverCpuSeconds : Double.NaN;
    }

    static double lossPercent(long sent, int fanout, long copies) {
        long expected = sent * fanout;
        return expected > 0 ? Math.max(0, 100.0 * (expected - copies) / expected) : Double.NaN;
    }
}
