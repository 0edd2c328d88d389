package io.xsfu.bwe;

/**
 * Bounds of a subscriber's estimate, in bits per second: nothing the network or a receiver reports moves it
 * outside [{@code minBps}, {@code maxBps}]; it starts at {@code startBps}.
 */
public record BweConfig(long minBps, long maxBps, long startBps) {
    public static final BweConfig DEFAULT = new BweConfig(30_000, 20_000_000, 300_000);

    public BweConfig {
        if (minBps <= 0 || maxBps < minBps || startBps < minBps || startBps > maxBps) {
            throw new IllegalArgumentException("need 0 < min <= start <= max: min " + minBps + ", start " + startBps
                    + ", max " + maxBps);
        }
    }
}
