package io.xsfu.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Impairs what a device in a namespace transmits (its egress): packet loss and, where the kernel has
 * {@code sch_netem}, delay. Removed on {@link #close()}; deleting the namespace removes it too.
 *
 * <p>Two mechanisms, chosen by what is asked:
 * <ul>
 * <li>loss alone: a tc {@code clsact} egress filter, a tiny BPF program ({@code bpf/testbed_loss.bpf.c}, compiled
 * here with clang for the requested probability) that drops each UDP datagram with that probability. It needs only
 * {@code CONFIG_NET_CLS_BPF}, which kernels without {@code sch_netem} (this project's CI machine, for one) still
 * have, and leaves ARP/NDP alone so that loss never stalls neighbour resolution.</li>
 * <li>delay (with or without loss): {@code tc qdisc add dev IF root netem [loss X%] delay Yms}, which drops any
 * packet, not only UDP. Without {@code sch_netem} this fails with an error naming the missing kernel option.</li>
 * </ul>
 * {@link #dropped()} reads the drop counter of either from {@code tc -s qdisc show}.
 */
public final class Netem implements AutoCloseable {
    /** How the impairment is applied. */
    public enum Mechanism {
        /** A BPF classifier on the clsact egress hook dropping UDP at random. */
        BPF_UDP_LOSS,
        /** The netem queueing discipline as the device's root qdisc. */
        NETEM_QDISC
    }

    private static final String LOSS_SOURCE = "/bpf/testbed_loss.bpf.c";
    private static final ConcurrentHashMap<Long, Path> COMPILED = new ConcurrentHashMap<>();
    private static final Pattern DROPPED = Pattern.compile("\\(dropped (\\d+),");

    private final Netns ns;
    private final String ifName;
    private final Mechanism mechanism;
    private final double lossPercent;
    private final Duration delay;
    private boolean closed;

    private Netem(Netns ns, String ifName, Mechanism mechanism, double lossPercent, Duration delay) {
        this.ns = ns;
        this.ifName = ifName;
        this.mechanism = mechanism;
        this.lossPercent = lossPercent;
        this.delay = delay;
    }

    /** Starts describing an impairment of what {@code ifName} in {@code ns} transmits. */
    public static Builder on(Netns ns, String ifName) {
        return new Builder(ns, ifName);
    }

    /** Random loss of {@code percent} % of the UDP datagrams {@code ifName} transmits. */
    public static Netem loss(Netns ns, String ifName, double percent) {
        return on(ns, ifName).loss(percent).apply();
    }

    /** Whether this kernel has the netem qdisc, probed on {@code ifName} of {@code ns} and removed again. */
    public static boolean kernelHasNetem(Netns ns, String ifName) {
        Shell.Result r = ns.tryExec("tc", "qdisc", "add", "dev", ifName, "root", "netem", "delay", "0ms");
        if (r.exitCode() != 0) {
            return false;
        }
        ns.tryExec("tc", "qdisc", "del", "dev", ifName, "root");
        return true;
    }

    public Mechanism mechanism() {
        return mechanism;
    }

    public double lossPercent() {
        return lossPercent;
    }

    public Duration delay() {
        return delay;
    }

    /** Packets dropped so far (the clsact or netem qdisc's drop counter). */
    public long dropped() {
        String kind = mechanism == Mechanism.BPF_UDP_LOSS ? "clsact" : "netem";
        String out = ns.exec("tc", "-s", "qdisc", "show", "dev", ifName);
        // Each qdisc: "qdisc KIND HANDLE: ..." then " Sent N bytes M pkt (dropped D, overlimits ...".
        int at = out.indexOf("qdisc " + kind + " ");
        if (at < 0) {
            throw new IllegalStateException("no " + kind + " qdisc on " + ifName + " in " + ns + ":\n" + out);
        }
        Matcher m = DROPPED.matcher(out);
        if (!m.find(at)) {
            throw new IllegalStateException("no drop counter for " + kind + " on " + ifName + ":\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Removes the impairment (idempotent; a namespace already deleted has nothing left to remove). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mechanism == Mechanism.BPF_UDP_LOSS) {
            ns.tryExec("tc", "qdisc", "del", "dev", ifName, "clsact");
        } else {
            ns.tryExec("tc", "qdisc", "del", "dev", ifName, "root");
        }
    }

    @Override
    public String toString() {
        return "Netem[" + ns + " " + ifName + " " + mechanism + " loss " + lossPercent + "% delay " + delay + "]";
    }

    /** The BPF object for a drop threshold, compiled once per JVM into a temporary directory. */
    private static Path lossObject(long threshold) {
        return COMPILED.computeIfAbsent(threshold, t -> {
            try {
                Path dir = Files.createTempDirectory("xsfu-testbed-loss");
                dir.toFile().deleteOnExit();
                Path source = dir.resolve("testbed_loss.bpf.c");
                try (InputStream in = Netem.class.getResourceAsStream(LOSS_SOURCE)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + LOSS_SOURCE + " missing from the classpath");
                    }
                    Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
                }
                Path object = dir.resolve("testbed_loss.bpf.o");
                String multiarch = Shell.run("clang", "-print-multiarch").trim();
                Shell.run("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + multiarch,
                        "-DLOSS_THRESHOLD=" + t + "U", "-c", source.toString(), "-o", object.toString());
                source.toFile().deleteOnExit();
                object.toFile().deleteOnExit();
                return object;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compile the loss filter", e);
            }
        });
    }

    public static final class Builder {
        private final Netns ns;
        private final String ifName;
        private double lossPercent;
        private Duration delay = Duration.ZERO;

        private Builder(Netns ns, String ifName) {
            this.ns = ns;
            this.ifName = ifName;
        }

        /** Drop each packet with this probability, in percent (0 to 100). */
        public Builder loss(double percent) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("loss must be 0..100 %: " + percent);
            }
            this.lossPercent = percent;
            return this;
        }

        /** Delay every packet (needs sch_netem). */
        public Builder delay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay: " + delay);
            }
            this.delay = delay;
            return this;
        }

        public Netem apply() {
            if (delay.isZero()) {
                return applyBpfLoss();
            }
            return applyNetem();
        }

        private Netem applyBpfLoss() {
            long threshold = Math.min(0xffff_ffffL, Math.round(lossPercent / 100.0 * 4294967296.0));
            Path object = lossObject(threshold);
            ns.exec("tc", "qdisc", "add", "dev", ifName, "clsact");
            try {
                ns.exec("tc", "filter", "add", "dev", ifName, "egress", "pref", "1", "bpf", "direct-action", "obj",
                        object.toString(), "sec", "tc");
            } catch (RuntimeException e) {
                ns.tryExec("tc", "qdisc", "del", "dev", ifName, "clsact");
                throw e;
            }
            return new Netem(ns, ifName, Mechanism.BPF_UDP_LOSS, lossPercent, delay);
        }

        private Netem applyNetem() {
            List<String> cmd = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", ifName, "root", "netem"));
            if (lossPercent > 0) {
                cmd.addAll(List.of("loss", String.format(Locale.ROOT, "%.4f%%", lossPercent)));
            }
            cmd.addAll(List.of("delay", delay.toNanos() / 1000 + "us"));
            Shell.Result r = ns.tryExec(cmd.toArray(String[]::new));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("netem is not available (kernel option CONFIG_NET_SCH_NETEM, module "
                        + "sch_netem); delay cannot be emulated without it, loss alone can: " + String.join(" ", cmd)
                        + "\n" + r.output());
            }
            return new Netem(ns, ifName, Mechanism.NETEM_QDISC, lossPercent, delay);
        }
    }
}
