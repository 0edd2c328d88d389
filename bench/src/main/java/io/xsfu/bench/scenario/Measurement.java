package io.xsfu.bench.scenario;

/**
 * One forwarder in one scenario: {@code max} is the phase at the load generator's full rate (the
 * forwarder's maximum), {@code half} the paced phase at half of the copies it delivered there, where
 * latency is read. {@code status} is "ok", "skipped: why" or "failed: why" (then the phases are null).
 */
public record Measurement(Scenario scenario, String forwarder, String status, String notes, int idlePercentBefore,
                          Phase max, Phase half) {
    /** The larger of the two phases' foreign CPU shares (0 when nothing ran). */
    public double foreignCpuShare() {
        double a = max == null ? 0 : max.foreignCpuShare();
        double b = half == null ? 0 : half.foreignCpuShare();
        return Math.max(a, b);
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    public static Measurement notRun(Scenario s, ForwarderKind kind, String status) {
        return new Measurement(s, kind.label(), status, "", -1, null, null);
    }
}
