package io.xsfu.testbed;

import io.xsfu.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace this process created (named {@code xsfu-<role>-<random>}), deleted on {@link #close()}
 * and, as a last resort, by a shutdown hook. Deleting the namespace removes its veths and any XDP program
 * attached to them. Tests and the demo never touch any other network.
 */
public final class Netns implements AutoCloseable {
    public static final String PREFIX = "xsfu-";
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    /**
     * One file per namespace naming the process that owns it, so that a run deletes only what dead runs left
     * behind, never the namespaces of another run going on at the same time.
     */
    static final Path OWNERS = Path.of("/run/xsfu-testbed/netns-owners");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String name : LIVE) {
                Shell.tryRun(List.of("ip", "netns", "del", name));
                forgetOwner(name);
            }
        }, "xsfu-netns-cleanup"));
    }

    private final String name;
    private final ExecutorService inside;

    private Netns(String name) {
        this.name = name;
        this.inside = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                enter(name);
                r.run();
            }, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates {@code xsfu-<role>-<6 hex>} with loopback up. Role: short, [a-z0-9]. */
    public static Netns create(String role) {
        String name = PREFIX + role + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        Shell.run("ip", "netns", "add", name);
        LIVE.add(name);
        recordOwner(name);
        Netns ns = new Netns(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /**
     * Deletes every {@code xsfu-} namespace this process does not own, including those of other runs still in
     * progress: only for a machine where nothing else runs. {@link #deleteOrphans()} is the safe variant.
     */
    public static int deleteLeftovers() {
        int n = 0;
        for (String line : Shell.run("ip", "netns", "list").split("\n")) {
            String ns = line.trim().split("\\s+")[0];
            if (ns.startsWith(PREFIX) && !LIVE.contains(ns)) {
                Shell.tryRun(List.of("ip", "netns", "del", ns));
                n++;
            }
        }
        return n;
    }

    /**
     * Deletes {@code xsfu-} namespaces whose recorded owner process has exited; unlike {@link #deleteLeftovers()}
     * it is safe while other runs (other JVMs, other checkouts) use their own namespaces.
     */
    public static List<String> deleteOrphans() {
        List<String> deleted = new ArrayList<>();
        for (String ns : list()) {
            if (!ns.startsWith(PREFIX) || LIVE.contains(ns)) {
                continue;
            }
            Path record = OWNERS.resolve(ns);
            String owner;
            try {
                owner = Files.readString(record).trim();
            } catch (IOException e) {
                continue;
            }
            if (!ownerAlive(owner)) {
                Shell.tryRun(List.of("ip", "netns", "del", ns));
                forgetOwner(ns);
                deleted.add(ns);
            }
        }
        return deleted;
    }

    /** Names of all network namespaces on the machine ({@code ip netns list}). */
    public static List<String> list() {
        List<String> names = new ArrayList<>();
        for (String line : Shell.run("ip", "netns", "list").split("\n")) {
            String ns = line.trim();
            if (!ns.isEmpty()) {
                names.add(ns.split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Runs several {@code ip} commands (one per line, without the leading {@code ip}) in one process. */
    public void ipBatch(String commands) {
        Shell.run(List.of("ip", "-n", name, "-batch", "-"), commands);
    }

    /** Sets sysctls of this namespace, e.g. {@code net.ipv6.conf.default.accept_dad=0}. */
    public void sysctl(String... assignments) {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        cmd.addAll(List.of(assignments));
        Shell.run(wrap(cmd));
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace to completion; throws with its output on failure. */
    public String exec(String... command) {
        return Shell.run(wrap(List.of(command)));
    }

    public Shell.Result tryExec(String... command) {
        return Shell.tryRun(wrap(List.of(command)));
    }

    /** {@code ip netns exec <name> command...}, for starting long-running processes. */
    public List<String> wrap(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Runs {@code task} on this namespace's own thread (a network namespace is per thread). */
    public <T> T call(Callable<T> task) throws Exception {
        Future<T> f = inside.submit(task);
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Starts a platform thread that lives in this namespace. */
    public Thread startThread(String threadName, Runnable body) {
        Thread t = new Thread(() -> {
            enter(name);
            body.run();
        }, threadName);
        t.start();
        return t;
    }

    /** Moves the calling thread into the named namespace (setns on /var/run/netns/NAME). */
    public static void enter(String name) {
        int fd = Libc.open("/var/run/netns/" + name, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        try {
            Libc.setns(fd, Libc.CLONE_NEWNET);
        } finally {
            Libc.close(fd);
        }
    }

    /** A veth pair: {@code aName} in {@code a}, {@code bName} in {@code b}, both up. Names at most 15 chars. */
    public static void veth(Netns a, String aName, Netns b, String bName) {
        Shell.run("ip", "link", "add", aName, "netns", a.name, "type", "veth", "peer", "name", bName,
                "netns", b.name);
        a.exec("ip", "link", "set", aName, "up");
        b.exec("ip", "link", "set", bName, "up");
    }

    public void addAddress(String ifName, String cidr) {
        exec("ip", "addr", "add", cidr, "dev", ifName);
    }

    /** The MAC address of an interface in this namespace, "aa:bb:cc:dd:ee:ff". */
    public String mac(String ifName) {
        String out = exec("cat", "/sys/class/net/" + ifName + "/address");
        return out.trim();
    }

    @Override
    public void close() {
        inside.shutdownNow();
        Shell.tryRun(List.of("ip", "netns", "del", name));
        LIVE.remove(name);
        forgetOwner(name);
    }

    /** "pid starttime": the start time tells a reused pid from the owner. */
    private static void recordOwner(String ns) {
        try {
            Files.createDirectories(OWNERS);
            Files.writeString(OWNERS.resolve(ns), ProcessHandle.current().pid() + " " + startTime(ProcessHandle.current().pid()));
        } catch (IOException e) {
            // Without a record deleteOrphans() leaves this namespace alone: safe, merely less tidy.
        }
    }

    private static void forgetOwner(String ns) {
        try {
            Files.deleteIfExists(OWNERS.resolve(ns));
        } catch (IOException e) {
            // Stale records only make deleteOrphans() look at a namespace that no longer exists.
        }
    }

    private static boolean ownerAlive(String record) {
        String[] parts = record.split(" ");
        try {
            long pid = Long.parseLong(parts[0]);
            return parts.length == 2 && parts[1].equals(startTime(pid));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Field 22 of /proc/PID/stat (start time in clock ticks), or "" when the process is gone. */
    private static String startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return rest[22 - 3];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
