package io.xsfu.bench.load;

/**
 * What one run of the generator did: packets handed to the kernel (in total and per publisher), over how
 * long, how often a paced run fell more than a millisecond behind its schedule and restarted it (packets not
 * sent, not lost), and failed send calls.
 */
public record LoadResult(long sent, long[] sentPerPublisher, double seconds, long resyncs, long sendErrors) {
    public double sentPerSecond() {
        return seconds > 0 ? sent / seconds : 0;
    }
}
