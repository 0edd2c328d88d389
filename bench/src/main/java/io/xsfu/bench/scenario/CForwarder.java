package io.xsfu.bench.scenario;

import io.xsfu.bench.load.RtpLoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's C forwarders, built from {@code ../shared/reference/afxdp-ref} by its Makefile: {@code fwd}
 * (AF_XDP, copy mode, native XDP; ready when it prints {@code ready}) and {@code sockfwd} (recvmmsg/sendmmsg
 * on UDP port 40000; it prints nothing, so a short pause stands for readiness). Both send FANOUT copies of
 * every datagram back to its source address at ports 50000+j. Every publisher sends to port 40000, the only
 * one sockfwd binds.
 */
final class CForwarder implements RunningForwarder {
    /** Longer than any run: the process is stopped by {@link #close}. */
    private static final String LIFETIME_SECONDS = "86400";

    private final ForwarderKind kind;
    private final ChildProcess process;
    private final List<RtpLoadGenerator.Publisher> publishers;

    private CForwarder(ForwarderKind kind, ChildProcess process, List<RtpLoadGenerator.Publisher> publishers) {
        this.kind = kind;
        this.process = process;
        this.publishers = publishers;
    }

    static CForwarder start(ForwarderKind kind, BenchTopology topology, Scenario s, Path build) {
        String fan = Integer.toString(s.fanout());
        List<String> cmd = kind == ForwarderKind.C_AFXDP
                ? List.of(build.resolve("fwd").toString(), BenchTopology.SFU_IF, build.resolve("steer.bpf.o").toString(), fan,
                        LIFETIME_SECONDS)
                : List.of(build.resolve("sockfwd").toString(), fan, LIFETIME_SECONDS);
        ChildProcess p = ChildProcess.start(kind.label(), topology.sfu(), cmd);
        List<RtpLoadGenerator.Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < s.publishers(); i++) {
            pubs.add(new RtpLoadGenerator.Publisher(XsfuConfig.ssrc(i), BenchTopology.sfuPort(BenchTopology.FIRST_SFU_PORT)));
        }
        CForwarder f = new CForwarder(kind, p, List.copyOf(pubs));
        try {
            if (kind == ForwarderKind.C_AFXDP) {
                p.awaitLine("ready", Duration.ofSeconds(20));
            } else {
                ChildProcess.sleep(500);
                if (!p.isAlive()) {
                    throw new IllegalStateException("sockfwd exited:\n" + p.tail());
                }
            }
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    @Override
    public ForwarderKind kind() {
        return kind;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<RtpLoadGenerator.Publisher> publishers() {
        return publishers;
    }

    @Override
    public String notes() {
        return kind == ForwarderKind.C_AFXDP ? "AF_XDP copy mode" : "";
    }

    @Override
    public void close() {
        process.close();
    }
}
