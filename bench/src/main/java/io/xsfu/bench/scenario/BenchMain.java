package io.xsfu.bench.scenario;

import io.xsfu.bench.report.BenchReport;
import io.xsfu.bench.report.ThroughputPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of {@code bench/run.sh}: runs the scenarios, prints the Markdown table on stdout and writes
 * {@code scenarios-<timestamp>.json}, {@code .md} and {@code .png} into the output directory. Exit code 0
 * when every measurement that was not skipped ran, 1 otherwise, 2 for bad options.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** The files one run wrote. */
    public record Outputs(Path json, Path markdown, Path png, List<Measurement> results) {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Outputs out = run(o);
        System.out.println(Files.readString(out.markdown()));
        System.out.println("results: " + out.json() + ", " + out.markdown() + ", " + out.png());
        boolean failed = out.results().stream().anyMatch(m -> m.status().startsWith("failed"));
        System.exit(failed ? 1 : 0);
    }

    public static Outputs run(BenchOptions o) throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        String loadBefore = loadAverage();
        List<Measurement> results = new BenchRunner(o, System.err).run();
        BenchReport.Machine machine = new BenchReport.Machine(stamp, cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"), System.getProperty("java.vm.version"), loadBefore, loadAverage(),
                settings(o));
        Files.createDirectories(o.out());
        Path json = o.out().resolve("scenarios-" + stamp + ".json");
        Path md = o.out().resolve("scenarios-" + stamp + ".md");
        Path png = o.out().resolve("scenarios-" + stamp + ".png");
        BenchReport.writeJson(json, results, machine);
        Files.writeString(md, BenchReport.markdown(results, machine));
        ThroughputPlot.write(png, results, String.format(Locale.ROOT, "%s, %s, %d vCPUs, kernel %s, %s", stamp, machine.cpu(),
                machine.cpus(), machine.kernel(), o.quick() ? "quick run" : "full run"));
        return new Outputs(json, md, png, results);
    }

    static String settings(BenchOptions o) {
        return String.format(Locale.ROOT, "Warm-up %.0f s, %.0f s at full rate, %.0f s at half rate; forwarder on CPU %s, "
                        + "load generator on CPU %s; idle wait up to %d s before each measurement.",
                o.warmupSeconds(), o.seconds(), o.latencySeconds(), o.serverCpu() >= 0 ? o.serverCpu() : "any",
                o.loadCpu() >= 0 ? o.loadCpu() : "any", o.awaitIdleSeconds());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
