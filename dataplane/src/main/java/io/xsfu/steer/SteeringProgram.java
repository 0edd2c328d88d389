package io.xsfu.steer;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import io.xsfu.xdp.Libxdp;
import io.xsfu.xdp.NativeLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The XDP steering program ({@code xsfu_steer.bpf.c}) attached to one interface, as the Java side sees it:
 * which traffic is media ({@link #configure}), which AF_XDP socket receives each queue's media
 * ({@link #registerSocket}), and how every packet was classified ({@link #verdictCounts}).
 *
 * <p>Attaching goes through libxdp, which shares the interface with other XDP programs through its
 * dispatcher where the kernel allows it and attaches the program alone otherwise. One xsfu process owns an
 * interface at a time ({@link InterfaceLock}); a program left by a killed one is detached first
 * ({@link StalePrograms}). {@link #close()} detaches, from any thread, and may be called more than once.
 *
 * <p>Create it on a platform thread that is in the interface's network namespace. All methods are control
 * path (they allocate and make system calls) and thread-safe.
 */
public final class SteeringProgram implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SteeringProgram.class.getName());

    private final String ifName;
    private final int ifindex;
    private final int mode;
    private final int programId;
    private final boolean dispatcher;
    private final NetworkNamespace netns;
    private final InterfaceLock lock;
    private final MemorySegment program;
    private final SteeringMaps maps;
    private boolean closed;

    private SteeringProgram(String ifName, int ifindex, int mode, boolean dispatcher, NetworkNamespace netns,
                            InterfaceLock lock, MemorySegment program, SteeringMaps maps) {
        this.ifName = ifName;
        this.ifindex = ifindex;
        this.mode = mode;
        this.programId = Libxdp.programId(program);
        this.dispatcher = dispatcher;
        this.netns = netns;
        this.lock = lock;
        this.program = program;
        this.maps = maps;
    }

    /**
     * Attaches the steering program to {@code ifName} in the calling thread's network namespace. Until
     * {@link #configure} is called nothing is media and every packet goes to the kernel.
     *
     * @throws InterfaceInUseException another live xsfu owns the interface, or a foreign program holds it
     * @throws NativeException          the kernel or libxdp refused (no such interface, mode not supported,
     *                                  not permitted, verifier rejection: the verifier log is logged)
     */
    public static SteeringProgram attach(String ifName, XdpMode mode) {
        Objects.requireNonNull(ifName, "ifName");
        Objects.requireNonNull(mode, "mode");
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("attach from a platform thread: a network namespace belongs to an OS "
                    + "thread, and a virtual thread may run on any");
        }
        NetworkNamespace netns = NetworkNamespace.ofCurrentThread();
        InterfaceLock lock = null;
        MemorySegment program = MemorySegment.NULL;
        int ifindex = 0;
        int attachedMode = Libxdp.MODE_UNSPEC;
        try {
            ifindex = Libc.ifNameToIndex(ifName);
            lock = InterfaceLock.acquire(netns.inode(), ifindex, ifName);
            BpfFs.ensureMounted();
            StalePrograms.clear(ifName, ifindex);
            program = attachProgram(ifName, ifindex, mode);
            Placement placement = placementOf(ifName, ifindex, Libxdp.programId(program));
            attachedMode = placement.mode();
            SteeringMaps maps = new SteeringMaps(Libxdp.programBpfObject(program));
            SteeringProgram steering = new SteeringProgram(ifName, ifindex, attachedMode, placement.dispatcher(),
                    netns, lock, program, maps);
            LOG.log(Level.INFO, "{0} (program id {1}) attached to {2} (ifindex {3}) in {4} mode, {5}",
                    SteerAbi.PROGRAM_NAME, Integer.toUnsignedString(steering.programId), ifName, ifindex,
                    steering.attachMode(), placement.dispatcher() ? "as a component of libxdp's dispatcher"
                            : "as the interface's only XDP program (libxdp's dispatcher is not available here)");
            return steering;
        } catch (RuntimeException | Error e) {
            if (program.address() != 0) {
                detachQuietly(program, ifName, ifindex, attachedMode, e);
                Libxdp.programClose(program);
            }
            if (lock != null) {
                lock.close();
            }
            netns.close();
            throw e;
        }
    }

    /**
     * Says which packets are media: UDP to one of {@code addresses} (IPv4 or IPv6, at most
     * {@link SteerAbi#MAX_ADDRS}) with a destination port in {@code [portMin, portMax]}. Replaces the previous
     * configuration; an empty address list steers nothing.
     */
    public synchronized void configure(int portMin, int portMax, List<InetAddress> addresses) {
        ensureOpen();
        if (portMin < 1 || portMax > 0xffff || portMin > portMax) {
            throw new IllegalArgumentException("media port range must be within 1..65535 and not empty, got "
                    + portMin + ".." + portMax);
        }
        Objects.requireNonNull(addresses, "addresses");
        List<InetAddress> unique = new ArrayList<>(new LinkedHashSet<>(addresses));
        if (unique.contains(null)) {
            throw new IllegalArgumentException("addresses contains null");
        }
        if (unique.size() > SteerAbi.MAX_ADDRS) {
            throw new IllegalArgumentException("at most " + SteerAbi.MAX_ADDRS + " media addresses, got "
                    + unique.size());
        }
        maps.replaceAddresses(unique);
        maps.writeConfig(portMin, portMax);
    }

    /** Steers media arriving on {@code queueId} into the AF_XDP socket {@code xskFd} (bound to that queue). */
    public synchronized void registerSocket(int queueId, int xskFd) {
        ensureOpen();
        checkQueue(queueId);
        if (xskFd < 0) {
            throw new IllegalArgumentException("not a socket descriptor: " + xskFd);
        }
        maps.registerSocket(queueId, xskFd);
    }

    /** Media on {@code queueId} goes back to the kernel (counted as {@link SteerAbi#NO_SOCKET}). */
    public synchronized void unregisterSocket(int queueId) {
        ensureOpen();
        checkQueue(queueId);
        maps.unregisterSocket(queueId);
    }

    /** How many packets got each verdict since attach, indexed by the {@link SteerAbi} verdict constants. */
    public synchronized long[] verdictCounts() {
        ensureOpen();
        return maps.verdictCounts();
    }

    /** "native" or "skb". */
    public String attachMode() {
        return Libxdp.modeName(mode);
    }

    public int ifindex() {
        return ifindex;
    }

    public String interfaceName() {
        return ifName;
    }

    /** The kernel's id of the loaded program (as {@code ip link} and {@code bpftool} show it). */
    public int programId() {
        return programId;
    }

    /** Whether the program runs inside libxdp's dispatcher rather than alone on the interface. */
    public boolean usesDispatcher() {
        return dispatcher;
    }

    /**
     * Detaches the program and releases the interface. Safe to call again, and from any thread (a shutdown
     * hook included): the detach runs in the interface's network namespace either way. If the detach fails,
     * everything is still released and the failure is thrown.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            netns.run(() -> detach(program, ifName, ifindex, mode));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            Libxdp.programClose(program);
            lock.close();
            netns.close();
        }
        if (failure != null) {
            LOG.log(Level.WARNING, "Detaching " + SteerAbi.PROGRAM_NAME + " from " + ifName + " failed", failure);
            throw failure;
        }
        LOG.log(Level.INFO, "{0} (program id {1}) detached from {2}", SteerAbi.PROGRAM_NAME,
                Integer.toUnsignedString(programId), ifName);
    }

    @Override
    public String toString() {
        return "SteeringProgram[" + ifName + ", ifindex " + ifindex + ", " + attachMode() + ", id "
                + Integer.toUnsignedString(programId) + (closed ? ", closed]" : "]");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static void checkQueue(int queueId) {
        if (queueId < 0 || queueId >= SteerAbi.MAX_QUEUES) {
            throw new IllegalArgumentException("queue id must be within 0.." + (SteerAbi.MAX_QUEUES - 1) + ", got "
                    + queueId);
        }
    }

    /**
     * Attaches in the requested mode; AUTO tries native first. Returns the attached program handle.
     * libbpf and libxdp complain on the way about every optional feature they probe (and about a native
     * attempt AUTO then recovers from): those messages only matter, at their own level, if the attach fails.
     */
    private static MemorySegment attachProgram(String ifName, int ifindex, XdpMode mode) {
        Path object = extractObject();
        try (NativeLog.Capture log = NativeLog.capture()) {
            MemorySegment program = switch (mode) {
                case NATIVE -> attachIn(object, ifName, ifindex, Libxdp.MODE_NATIVE);
                case SKB -> attachIn(object, ifName, ifindex, Libxdp.MODE_SKB);
                case AUTO -> attachNativeOrSkb(object, ifName, ifindex);
            };
            log.succeeded();
            return program;
        } finally {
            try {
                Files.deleteIfExists(object);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot delete temporary copy " + object, e);
            }
        }
    }

    private static MemorySegment attachNativeOrSkb(Path object, String ifName, int ifindex) {
        try {
            return attachIn(object, ifName, ifindex, Libxdp.MODE_NATIVE);
        } catch (NativeException.NotPermittedException | NativeException.BusyException e) {
            throw e; // skb mode would fail the same way
        } catch (NativeException nativeFailure) {
            LOG.log(Level.INFO, "Native XDP is not available on {0} ({1}); using skb mode", ifName,
                    nativeFailure.getMessage());
            try {
                return attachIn(object, ifName, ifindex, Libxdp.MODE_SKB);
            } catch (RuntimeException e) {
                e.addSuppressed(nativeFailure);
                throw e;
            }
        }
    }

    /** Each attempt opens the object afresh: libbpf does not load an object twice, even after a failure. */
    private static MemorySegment attachIn(Path object, String ifName, int ifindex, int mode) {
        MemorySegment program = Libxdp.programOpenFile(object.toString());
        try {
            Libxdp.programAttach(program, ifindex, mode, ifName + " in " + Libxdp.modeName(mode) + " mode");
            return program;
        } catch (RuntimeException e) {
            Libxdp.programClose(program);
            throw e;
        }
    }

    /** The program ships in the jar; libxdp opens files, so it gets a private temporary copy. */
    private static Path extractObject() {
        try (InputStream in = SteerAbi.class.getResourceAsStream(SteerAbi.OBJECT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + SteerAbi.OBJECT_RESOURCE + " is missing");
            }
            Path copy = Files.createTempFile("xsfu_steer-", ".bpf.o");
            try {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + SteerAbi.OBJECT_RESOURCE, e);
        }
    }

    /** Where the program ended up: its mode, and whether libxdp's dispatcher runs it. */
    private record Placement(int mode, boolean dispatcher) {
    }

    private static Placement placementOf(String ifName, int ifindex, int programId) {
        MemorySegment mp = Libxdp.multiprogFromIfindex(ifindex);
        try {
            if (mp.address() != 0) {
                int mode = Libxdp.multiprogAttachMode(mp);
                if (Libxdp.multiprogIsLegacy(mp)) {
                    if (Libxdp.programId(Libxdp.multiprogMainProgram(mp)) == programId) {
                        return new Placement(mode, false);
                    }
                } else {
                    for (MemorySegment p = Libxdp.multiprogNextProgram(mp, MemorySegment.NULL); p.address() != 0;
                            p = Libxdp.multiprogNextProgram(mp, p)) {
                        if (Libxdp.programId(p) == programId) {
                            return new Placement(mode, true);
                        }
                    }
                }
            }
        } finally {
            Libxdp.multiprogClose(mp);
        }
        throw new IllegalStateException("libxdp attached program id " + Integer.toUnsignedString(programId)
                + ", but it is not on " + ifName);
    }

    /** Detach, treating "already gone" (interface or program removed by someone else) as done. */
    private static void detach(MemorySegment program, String ifName, int ifindex, int mode) {
        try (NativeLog.Capture log = NativeLog.capture()) {
            Libxdp.programDetach(program, ifindex, mode, ifName + " in " + Libxdp.modeName(mode) + " mode");
            log.succeeded();
        } catch (NativeException.NoSuchDeviceException e) {
            LOG.log(Level.INFO, "{0} was no longer attached to {1}: {2}", SteerAbi.PROGRAM_NAME, ifName,
                    e.getMessage());
        }
    }

    private static void detachQuietly(MemorySegment program, String ifName, int ifindex, int mode, Throwable cause) {
        try {
            detach(program, ifName, ifindex, mode);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
