package io.xsfu.bench.scenario;

import io.xsfu.bench.load.RtpLoadGenerator;
import io.xsfu.bench.sink.BenchSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The measuring floor ({@code bench_reflect.bpf.c}): an XDP program on the server's veth that sends every
 * packet for the SFU's ports straight back as one copy (XDP_TX). No process and no queue, so its latency is
 * what the instrument itself costs (load generator, both veth crossings, sink) and its throughput what the
 * generator and the veth allow. Fan-out 1 only.
 */
final class ReflectForwarder implements RunningForwarder {
    private static final String OBJECT = "bench_reflect.bpf.o";
    private final List<RtpLoadGenerator.Publisher> publishers;

    private ReflectForwarder(List<RtpLoadGenerator.Publisher> publishers) {
        this.publishers = publishers;
    }

    static ReflectForwarder start(BenchTopology topology, Scenario s) {
        Path object;
        try (InputStream in = BenchSink.class.getResourceAsStream(OBJECT)) {
            if (in == null) {
                throw new IllegalStateException(OBJECT + " is not on the class path (built by src/main/c/build.sh)");
            }
            object = Files.createTempFile("xsfu-bench-reflect-", ".bpf.o");
            Files.copy(in, object, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            topology.sfu().exec("ip", "link", "set", "dev", BenchTopology.SFU_IF, "xdpdrv", "obj", object.toString(), "sec", "xdp");
        } finally {
            try {
                Files.deleteIfExists(object);
            } catch (IOException e) {
                // A temporary file left in /tmp.
            }
        }
        List<RtpLoadGenerator.Publisher> pubs = new ArrayList<>();
        for (int p = 0; p < s.publishers(); p++) {
            pubs.add(new RtpLoadGenerator.Publisher(XsfuConfig.ssrc(p), BenchTopology.sfuPort(XsfuConfig.publisherPort(p))));
        }
        return new ReflectForwarder(List.copyOf(pubs));
    }

    @Override
    public ForwarderKind kind() {
        return ForwarderKind.FLOOR;
    }

    /** No process: the work is done in the load generator's own transmit path. */
    @Override
    public long pid() {
        return -1;
    }

    @Override
    public void pin(int serverCpu, int otherCpu) {
    }

    @Override
    public List<RtpLoadGenerator.Publisher> publishers() {
        return publishers;
    }

    @Override
    public String notes() {
        return "XDP_TX on the server's veth: the instrument's own cost";
    }

    /** The program goes with the namespace. */
    @Override
    public void close() {
    }
}
