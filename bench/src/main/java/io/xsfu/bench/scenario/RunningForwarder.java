package io.xsfu.bench.scenario;

import io.xsfu.bench.load.RtpLoadGenerator;
import java.util.List;

/** A forwarder started in the server namespace, ready for load. */
public interface RunningForwarder extends AutoCloseable {
    ForwarderKind kind();

    /** The process whose CPU time is the server's (every thread of it). */
    long pid();

    /** Where each publisher sends, with which SSRC: what this forwarder was configured to accept. */
    List<RtpLoadGenerator.Publisher> publishers();

    /**
     * Gives the forwarder the server CPU: by default every thread of it (and threads it starts later).
     * {@code otherCpu} is the load generator's, for threads a forwarder keeps off its data path.
     */
    default void pin(int serverCpu, int otherCpu) {
        BenchTopology.pinProcess(pid(), serverCpu);
    }

    /** Notes for the report (mode, version), may be empty. */
    String notes();

    /** Stops it; idempotent. */
    @Override
    void close();
}
