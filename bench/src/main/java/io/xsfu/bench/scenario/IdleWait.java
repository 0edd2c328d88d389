package io.xsfu.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Waits for the machine to be idle before a measurement: on a shared machine other tenants' builds are the
 * main source of noise, and our own processes are stopped between measurements, so busy CPUs mean someone
 * else's work.
 */
final class IdleWait {
    static final int IDLE_PERCENT = 90;

    private IdleWait() {
    }

    /** Waits until one second had at least 90 % idle CPU, at most {@code maxSeconds}; returns the last idle %. */
    static int await(int maxSeconds) {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        int idle;
        do {
            long[] a = cpuTimes();
            ChildProcess.sleep(1000);
            long[] b = cpuTimes();
            idle = idlePercent(a, b);
        } while (idle < IDLE_PERCENT && System.nanoTime() < deadline);
        return idle;
    }

    /** Idle + iowait share of the time between two readings of /proc/stat's "cpu" line. */
    static int idlePercent(long[] a, long[] b) {
        long total = 0;
        for (int i = 0; i < Math.min(a.length, 8); i++) {
            total += b[i] - a[i];
        }
        return total > 0 ? (int) (100 * (b[3] + b[4] - a[3] - a[4]) / total) : 100;
    }

    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        long[] v = new long[f.length - 1];
        for (int i = 1; i < f.length; i++) {
            v[i - 1] = Long.parseLong(f[i]);
        }
        return v;
    }

    /** Busy CPU-seconds of the whole machine so far (everything but idle and iowait), from /proc/stat. */
    static double busySeconds() {
        long[] t = cpuTimes();
        long busy = 0;
        for (int i = 0; i < Math.min(t.length, 8); i++) {
            busy += i == 3 || i == 4 ? 0 : t[i];
        }
        return busy / ProcessCpu.TICKS_PER_SECOND;
    }

    private static long[] cpuTimes() {
        try {
            return parseCpuLine(Files.readAllLines(Path.of("/proc/stat")).getFirst());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
