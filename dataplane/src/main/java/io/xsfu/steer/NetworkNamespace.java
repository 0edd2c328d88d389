package io.xsfu.steer;

import io.xsfu.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The network namespace a thread was in when this was created, held open by a descriptor so that work for
 * an interface can later be done from any thread: netlink calls (attach, detach) act on the calling
 * thread's namespace, and a shutdown hook runs on a thread of its own. A network namespace is per thread,
 * so everything here assumes platform threads.
 */
final class NetworkNamespace implements AutoCloseable {
    private static final Path CURRENT = Path.of("/proc/thread-self/ns/net");

    private final int fd;
    private final long inode;

    private NetworkNamespace(int fd, long inode) {
        this.fd = fd;
        this.inode = inode;
    }

    /** The calling thread's network namespace. */
    static NetworkNamespace ofCurrentThread() {
        int fd = Libc.open(CURRENT.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        try {
            return new NetworkNamespace(fd, inodeOf(Path.of("/proc/self/fd/" + fd)));
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** Identifies the namespace for as long as it exists (the nsfs inode, as {@code ip netns identify} uses). */
    long inode() {
        return inode;
    }

    boolean isCurrentThreadInside() {
        return inodeOf(CURRENT) == inode;
    }

    /** Runs {@code task} in this namespace: here if the caller is inside, else on a short-lived thread that enters it. */
    void run(Runnable task) {
        if (isCurrentThreadInside()) {
            task.run();
            return;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread inside = Thread.ofPlatform().name("xsfu-netns-" + inode).unstarted(() -> {
            try {
                Libc.setns(fd, Libc.CLONE_NEWNET);
                task.run();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        inside.start();
        boolean interrupted = false;
        while (true) {
            try {
                inside.join();
                break;
            } catch (InterruptedException e) {
                // The work must finish (it is a detach on the way out): wait, and pass the interrupt on after.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }

    private static long inodeOf(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }
}
