package io.xsfu.bench.scenario;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/PID/task/TID/stat} (user + system, every thread), so a
 * forwarder's packets per CPU-second can be compared. Kernel work done in softirq context is charged to
 * whichever thread it interrupted; on this topology the transmit path of every forwarder runs in its own
 * context, so the figure includes the kernel's share of sending the copies.
 */
public final class ProcessCpu {
    /** USER_HZ: the unit of the stat file's times, 100 on every Linux architecture we run on. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU-seconds used so far by every live thread of {@code pid} (threads that exited are not counted). */
    public static double seconds(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    ticks += ticks(Files.readString(task.resolve("stat")));
                } catch (IOException e) {
                    // The thread exited between listing and reading.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime (fields 14 and 15) of one stat line; the command name (field 2) may hold spaces and ')'. */
    static long ticks(String statLine) {
        String[] rest = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        // rest[0] is field 3 (state): field n is rest[n - 3].
        return Long.parseLong(rest[14 - 3]) + Long.parseLong(rest[15 - 3]);
    }
}
