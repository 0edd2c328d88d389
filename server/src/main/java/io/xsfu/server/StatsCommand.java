package io.xsfu.server;

import io.xsfu.metrics.CountersFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xsfu stats}: prints a running server's counters from its counters file (no call into the server). */
@Command(name = "stats", description = "Print the counters of a running xsfu (read from its counters file).")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "/dev/shm/xsfu", description = "counters directory (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--file", description = "a specific counters file")
    Path file;

    @Option(names = "--all", description = "include counters that are zero")
    boolean all;

    @Option(names = "--watch", description = "repeat every N seconds")
    int watch;

    @Override
    public Integer call() throws InterruptedException {
        Optional<Path> path = file != null ? Optional.of(file) : CountersFile.findLive(dir);
        if (path.isEmpty()) {
            System.err.println("no running xsfu found in " + dir);
            return 1;
        }
        do {
            try (CountersFile.View view = CountersFile.open(path.get())) {
                System.out.println("# xsfu pid " + view.pid() + " (" + path.get() + ")");
                for (CountersFile.Entry e : view.entries()) {
                    if (all || e.value() != 0) {
                        System.out.println(e.label() + " " + e.value());
                    }
                }
            }
            if (watch > 0) {
                Thread.sleep(watch * 1000L);
            }
        } while (watch > 0);
        return 0;
    }
}
