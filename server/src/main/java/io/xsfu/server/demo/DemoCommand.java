package io.xsfu.server.demo;

import io.xsfu.config.Backend;
import io.xsfu.config.ConfigWriter;
import io.xsfu.config.CountersConfig;
import io.xsfu.config.MediaConfig;
import io.xsfu.config.Codec;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.RoomConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.testbed.GstPublisher;
import io.xsfu.testbed.GstSubscriber;
import io.xsfu.testbed.LanTopology;
import io.xsfu.testbed.MalformedFlood;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xsfu demo}: builds its own network (a server namespace and client namespaces on a bridge),
 * starts the server the way a user does ({@code xsfu serve} under {@code ip netns exec}) with a generated
 * config, real GStreamer VP8 publishers and decoding subscribers, prints live statistics every second
 * from the server's counters file, and on exit (duration over or Ctrl-C) cleans up and prints one
 * parseable summary line. Exit code 0 when every subscriber decoded at least 90 % of the frames sent.
 */
@Command(name = "demo", description = "Run xsfu with a built-in default config between its own network namespaces, "
        + "with real GStreamer VP8 publishers and decoding subscribers, and show it working.")
public final class DemoCommand implements Callable<Integer> {
    static final int PORT_MIN = 40000;
    static final int PORT_MAX = 40099;
    static final int CLIENT_RTP_PORT = 5004;
    static final int FPS = 30;
    static final double REQUIRED_RATIO = 0.9;

    @Option(names = "--duration", defaultValue = "15", description = "seconds of media (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--backend", defaultValue = "afxdp", description = "afxdp or socket (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--publishers", defaultValue = "2", description = "VP8 publishers (default: ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--subscribers", defaultValue = "4", description = "decoding subscribers, spread over the publishers "
            + "(default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--malformed-flood", description = "also send a flood of malformed and foreign packets at the "
            + "media port from an extra client, to show they are counted drops that do not stop forwarding")
    boolean malformedFlood;

    @Override
    public Integer call() throws Exception {
        Backend kind = switch (backend) {
            case "afxdp" -> Backend.AFXDP;
            case "socket" -> Backend.SOCKET;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--backend must be afxdp or socket");
        };
        if (publishers < 1 || subscribers < 1 || publishers + subscribers > 40 || duration < 2) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "need 1+ publishers, 1+ subscribers (at most 40 clients) and --duration >= 2");
        }
        Run run = new Run(kind);
        Thread hook = new Thread(run::finish, "xsfu-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run.execute();
        } finally {
            run.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running finish() already.
            }
        }
        return run.passed() ? 0 : 1;
    }

    /** One demo run; {@link #finish()} is idempotent and also runs from the shutdown hook on Ctrl-C. */
    private final class Run {
        private final Backend kind;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final List<GstPublisher> pubs = new ArrayList<>();
        private final List<GstSubscriber> subs = new ArrayList<>();
        private LanTopology lan;
        private ServerProcess server;
        private LiveStats stats;
        private Path configFile;
        private Path countersDir;
        private MalformedFlood flood;
        private volatile boolean passed;

        Run(Backend kind) {
            this.kind = kind;
        }

        void execute() throws Exception {
            System.out.println("demo: building namespaces (server + " + (publishers + subscribers) + " clients on a bridge)");
            lan = LanTopology.builder().clients(publishers + subscribers + (malformedFlood ? 1 : 0)).build();
            countersDir = Path.of("/dev/shm/xsfu-demo-" + ProcessHandle.current().pid());
            XsfuConfig config = config(lan, kind, countersDir);
            configFile = Files.createTempFile("xsfu-demo-", ".json");
            Files.writeString(configFile, ConfigWriter.toJson(config));
            System.out.println("demo: config " + configFile + " (" + lan + ")");

            server = ServerProcess.start(lan.server(), configFile, Duration.ofSeconds(60));
            stats = new LiveStats(countersDir, server.pid());

            for (int s = 0; s < subscribers; s++) {
                subs.add(GstSubscriber.video(lan.client(publishers + s).ns()).port(CLIENT_RTP_PORT).start());
            }
            int frames = duration * FPS;
            for (int p = 0; p < publishers; p++) {
                pubs.add(GstPublisher.video(lan.client(p).ns())
                        .destination(lan.serverIpv4(), PORT_MIN + p)
                        .bindPort(CLIENT_RTP_PORT)
                        .ssrc(1111L * (p + 1))
                        .frames(frames)
                        .fps(FPS)
                        .start());
            }
            System.out.println("demo: " + publishers + " publishers x " + frames + " VP8 frames -> xsfu (" + backend
                    + ") -> " + subscribers + " decoding subscribers");
            long deadline = System.nanoTime() + Duration.ofSeconds(duration + 10L).toNanos();
            while (System.nanoTime() < deadline && pubs.stream().anyMatch(GstPublisher::isAlive)) {
                Thread.sleep(1000);
                if (malformedFlood && flood == null) {
                    startFlood();
                }
                System.out.println(stats.line(decodedCounts()));
                if (!server.isAlive()) {
                    System.out.println("demo: the server exited unexpectedly:\n" + server.lastLines());
                    break;
                }
            }
            // Let the jitter buffers drain the last frames.
            Thread.sleep(1500);
            System.out.println(stats.line(decodedCounts()));
        }

        /**
         * Aimed at publisher 1's port with its source port and SSRC where a packet has them; started once
         * media flows, because comedia (like mediasoup's) trusts the first valid packet it sees.
         */
        private void startFlood() {
            flood = MalformedFlood.from(lan, lan.client(publishers + subscribers))
                    .mediaPort(PORT_MIN).sourcePort(CLIENT_RTP_PORT).ssrc(1111L)
                    .rate(2000).duration(Duration.ofSeconds(Math.max(1, duration - 2))).start();
            System.out.println("demo: malformed-packet flood at 2000 frames/s toward port " + PORT_MIN);
        }

        private List<Long> decodedCounts() {
            return subs.stream().map(GstSubscriber::framesDecoded).toList();
        }

        /** Stops everything, prints the summary line, removes the namespaces. */
        void finish() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (flood != null) {
                System.out.println("demo: malformed flood sent " + flood.result().total() + " frames " + flood.result().sent());
                flood.close();
            }
            List<Long> decoded = new ArrayList<>();
            for (GstSubscriber s : subs) {
                decoded.add(s.stop());
            }
            long sent = 0;
            for (GstPublisher p : pubs) {
                sent = Math.max(sent, p.stop());
            }
            Summary summary = stats == null ? null : stats.summary();
            int serverExit = server == null ? -1 : server.stop();
            long min = decoded.stream().mapToLong(Long::longValue).min().orElse(0);
            passed = sent > 0 && min >= Math.ceil(sent * REQUIRED_RATIO) && serverExit == 0;
            if (!passed) {
                for (GstSubscriber s : subs) {
                    if (s.framesDecoded() < sent * REQUIRED_RATIO) {
                        System.out.println("demo: subscriber on " + s.port() + " decoded " + s.framesDecoded()
                                + ":\n" + s.diagnostics());
                    }
                }
                if (server != null) {
                    System.out.println("demo: server exit code " + serverExit + ", last log lines:\n" + server.lastLines());
                }
            }
            System.out.printf("demo: backend=%s publishers=%d subscribers=%d frames_sent=%d frames_decoded_min=%d "
                            + "decoded_ratio_min=%.3f rx_pps=%d tx_pps=%d drops=%d result=%s%n",
                    backend, publishers, subscribers, sent, min, sent == 0 ? 0.0 : (double) min / sent,
                    summary == null ? 0 : summary.rxPps(), summary == null ? 0 : summary.txPps(),
                    summary == null ? 0 : summary.drops(), passed ? "ok" : "fail");
            pubs.forEach(GstPublisher::close);
            subs.forEach(GstSubscriber::close);
            if (lan != null) {
                lan.close();
            }
            try {
                if (configFile != null) {
                    Files.deleteIfExists(configFile);
                }
                if (countersDir != null) {
                    Files.deleteIfExists(countersDir);
                }
            } catch (java.io.IOException ignored) {
                // temp files; nothing else to do
            }
        }

        boolean passed() {
            return passed;
        }
    }

    /**
     * The built-in default: one room; publisher p sends VP8 to port 40000+p (comedia); subscriber s gets
     * publisher (s mod P) on its fixed address, port 5004, from SFU port 40050+s.
     */
    XsfuConfig config(LanTopology lan, Backend kind, Path countersDir) {
        List<ParticipantConfig> participants = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            participants.add(ParticipantConfig.of("pub-" + (p + 1), PORT_MIN + p, RemoteConfig.comedia())
                    .withReceive(false)
                    .withProducers(ProducerConfig.video("cam", Codec.VP8, 96, 1111L * (p + 1))));
        }
        for (int s = 0; s < subscribers; s++) {
            var client = lan.client(publishers + s);
            participants.add(ParticipantConfig.of("sub-" + (s + 1), PORT_MIN + 50 + s,
                            RemoteConfig.fixed(client.ipv4(), CLIENT_RTP_PORT))
                    .withSend(false)
                    .withSubscribe("pub-" + (s % publishers + 1)));
        }
        MediaConfig media = MediaConfig.of(lan.serverIfName(), PORT_MIN, PORT_MAX, lan.serverIpv4().getHostAddress());
        return XsfuConfig.of(media, RoomConfig.of("demo", participants.toArray(new ParticipantConfig[0])))
                .withBackend(kind)
                .withCounters(new CountersConfig(countersDir))
                .requireValid();
    }
}
