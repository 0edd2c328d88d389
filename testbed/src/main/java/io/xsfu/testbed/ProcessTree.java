package io.xsfu.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finding and killing the processes a test started, from /proc. A process whose parent dies is re-parented to init
 * and drops out of {@link ProcessHandle#descendants()}, so trees are captured before anything in them is killed, and
 * processes can also be found by an argument that only they carry (a unique directory).
 */
final class ProcessTree {
    private ProcessTree() {
    }

    /** {@code root} and every process below it now. */
    static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** SIGKILLs each process that is still alive and waits up to {@code wait} for all of them to be gone. */
    static void kill(List<ProcessHandle> processes, Duration wait) {
        for (ProcessHandle p : processes) {
            p.destroyForcibly();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Still alive after the wait (or interrupted): the caller reports what is left via alive().
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Processes whose command line has an argument containing {@code needle}, with their descendants. */
    static List<ProcessHandle> withArgument(String needle) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == ProcessHandle.current().pid()) {
                    continue;
                }
                for (String arg : arguments(pid)) {
                    if (arg.contains(needle)) {
                        ProcessHandle.of(pid).ifPresent(p -> found.addAll(snapshot(p)));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return new ArrayList<>(found);
    }

    /** The NUL-separated arguments of a process, empty when it has exited or is a kernel thread. */
    static List<String> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return args;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Field 22 of /proc/PID/stat (start time in clock ticks): tells a live owner from a reused pid. */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces and parentheses: count the fields after its last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(rest[22 - 3]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the process {@code pid} that started at {@code startTime} still runs. */
    static boolean alive(long pid, String startTime) {
        return startTime.equals(startTime(pid).orElse(null));
    }
}
