package io.xsfu.bench.scenario;

/**
 * One benchmark situation: {@code publishers} streams, each forwarded to {@code fanout} subscribers, in RTP
 * packets of {@code payloadBytes} (the UDP payload: RTP header included, as the C flood counts it).
 * Every received packet becomes {@code fanout} copies.
 */
public record Scenario(int publishers, int fanout, int payloadBytes) {
    public Scenario {
        if (publishers < 1 || fanout < 1) {
            throw new IllegalArgumentException("publishers and fan-out must be at least 1");
        }
        if (publishers + fanout > BenchTopology.SFU_PORTS) {
            throw new IllegalArgumentException("publishers + fan-out must fit " + BenchTopology.SFU_PORTS + " SFU ports");
        }
        if (fanout > BenchTopology.SUBSCRIBER_PORTS) {
            throw new IllegalArgumentException("fan-out above " + BenchTopology.SUBSCRIBER_PORTS);
        }
    }

    /** "4 x 16, 200 B" style label; the key in reports. */
    public String label() {
        return publishers + "x" + fanout + "/" + payloadBytes + "B";
    }

    /** Copies per second when the publishers together send {@code packetsPerSecond}. */
    public double copiesFor(double packetsPerSecond) {
        return packetsPerSecond * fanout;
    }
}
