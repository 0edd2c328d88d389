package io.xsfu.bench.sink;

import io.xsfu.sys.Libc;
import io.xsfu.testbed.Netns;
import io.xsfu.xdp.Libbpf;
import io.xsfu.xdp.Libxdp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bench's receiver ({@code bench_sink.bpf.c}) attached in native XDP mode to the client's veth: it
 * counts every copy a forwarder delivers, records its one-way latency and drops it, so the client's kernel
 * stack costs nothing and every forwarder is measured by the same instrument. Reading the per-CPU counters
 * is one map lookup (control path, between phases).
 */
public final class BenchSink implements AutoCloseable {
    private static final String OBJECT = "bench_sink.bpf.o";
    private static final String MAP = "sink_stats";

    private final Netns netns;
    private final int ifindex;
    private final MemorySegment program;
    private final int mapFd;
    private final int cpus;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment key;
    private final MemorySegment value;
    private boolean closed;

    private BenchSink(Netns netns, int ifindex, MemorySegment program) {
        this.netns = netns;
        this.ifindex = ifindex;
        this.program = program;
        this.mapFd = Libbpf.objectFindMapFd(Libxdp.programBpfObject(program), MAP);
        this.cpus = Libbpf.numPossibleCpus();
        this.key = arena.allocate(ValueLayout.JAVA_INT);
        // Per-CPU values are laid out one per possible CPU, each rounded up to 8 bytes.
        this.value = arena.allocate((long) cpus * SinkStats.VALUE_SIZE, 8);
    }

    /** Attaches the sink to {@code ifName} in {@code netns} (native XDP: a veth peer receives in native mode). */
    public static BenchSink attach(Netns netns, String ifName) throws Exception {
        Path object = extractObject();
        try {
            return netns.call(() -> {
                int ifindex = Libc.ifNameToIndex(ifName);
                MemorySegment program = Libxdp.programOpenFile(object.toString());
                try {
                    Libxdp.programAttach(program, ifindex, Libxdp.MODE_NATIVE, "bench sink on " + ifName);
                } catch (RuntimeException e) {
                    Libxdp.programClose(program);
                    throw e;
                }
                return new BenchSink(netns, ifindex, program);
            });
        } finally {
            Files.deleteIfExists(object);
        }
    }

    private static Path extractObject() {
        try (InputStream in = BenchSink.class.getResourceAsStream(OBJECT)) {
            if (in == null) {
                throw new IllegalStateException(OBJECT + " is not on the class path (built by src/main/c/build.sh)");
            }
            Path tmp = Files.createTempFile("xsfu-bench-sink-", ".bpf.o");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The counters so far, summed over CPUs. */
    public synchronized SinkStats read() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        key.set(ValueLayout.JAVA_INT, 0, 0);
        if (!Libbpf.mapLookup(mapFd, key, value, MAP)) {
            throw new IllegalStateException("the sink's map has no entry 0");
        }
        long[] sums = new long[4 + SinkStats.BUCKETS];
        for (int c = 0; c < cpus; c++) {
            long base = (long) c * SinkStats.VALUE_SIZE;
            for (int i = 0; i < sums.length; i++) {
                sums[i] += value.get(ValueLayout.JAVA_LONG, base + 8L * i);
            }
        }
        long[] buckets = new long[SinkStats.BUCKETS];
        System.arraycopy(sums, 4, buckets, 0, buckets.length);
        return new SinkStats(sums[0], sums[1], sums[2], sums[3], buckets);
    }

    /** Detaches the program (deleting the namespace would too). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            netns.call(() -> {
                Libxdp.programDetach(program, ifindex, Libxdp.MODE_NATIVE, "bench sink");
                return null;
            });
        } catch (Exception e) {
            // The namespace may already be gone, and the program with it.
        } finally {
            Libxdp.programClose(program);
            arena.close();
        }
    }
}
