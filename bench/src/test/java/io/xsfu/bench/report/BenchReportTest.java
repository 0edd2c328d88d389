package io.xsfu.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsfu.bench.scenario.ForwarderKind;
import io.xsfu.bench.scenario.Latency;
import io.xsfu.bench.scenario.Measurement;
import io.xsfu.bench.scenario.Phase;
import io.xsfu.bench.scenario.Scenario;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final BenchReport.Machine MACHINE = new BenchReport.Machine("20261125T180000Z", "AMD EPYC", 2, "6.18",
            "25.0.3", "0.10 0.20 0.30", "0.40 0.50 0.60", "settings");

    static Measurement ok(Scenario s, String fwd, double delivered, double p99) {
        Phase max = new Phase(0, 5, (long) (delivered * 5 / s.fanout()), delivered / s.fanout(), (long) (delivered * 5),
                delivered, 0.5, 4.9, 0.02, 3, 0, new Latency(10, 8, 9, 50, 60, 70));
        Phase half = new Phase(delivered / s.fanout() / 2, 5, 100, 20, 400, delivered / 2, 0, 4.8, 0.04, 0, 1,
                new Latency(400, 6.5, 8, p99, 140, 900));
        return new Measurement(s, fwd, "ok", "", 95, max, half);
    }

    static List<Measurement> sample() {
        Scenario f4 = new Scenario(1, 4, 200);
        Scenario f64 = new Scenario(1, 64, 200);
        return List.of(ok(f4, "xsfu-afxdp", 760_000, 42), ok(f4, "c-afxdp", 800_000, 30), ok(f4, "xsfu-socket", 340_000, 80),
                ok(f4, "c-socket", 330_000, 3000), ok(f4, "janus", 250_000, 400),
                ok(f64, "xsfu-afxdp", 900_000, 150), ok(f64, "c-afxdp", 1_000_000, 90),
                Measurement.notRun(f64, ForwarderKind.C_SOCKET, "skipped: sockfwd's buffers hold fan-out <= 16"));
    }

    @Test
    void theTableHasEveryFigureEveryRatioAndTheTargets() {
        String md = BenchReport.markdown(sample(), MACHINE);
        assertTrue(md.contains("AMD EPYC (2 vCPUs), kernel 6.18"), md);
        assertTrue(md.contains("| 1x4/200B | xsfu-afxdp | 190k | 760k | 0.50 | 0.98 | 776k | 20 | 0.00 | 6.5 | 42.0 | 140 | 0.04 |"), md);
        assertTrue(md.contains("| 1x64/200B | c-socket | skipped: sockfwd's buffers hold fan-out <= 16 |"), md);
        // 760k / 800k, 760k / 340k, 760k / 250k, 340k / 330k
        assertTrue(md.contains("| 1x4/200B | 0.95 | 2.24 | 3.04 | 1.03 |"), md);
        assertTrue(md.contains("| xsfu-afxdp / c-afxdp delivered | 1x4/200B | 0.95 | >= 0.9 | yes |"), md);
        assertTrue(md.contains("| xsfu-afxdp p99 latency at half rate (us) | 1x64/200B | 150.00 | < 100 | **no** |"), md);
        assertTrue(md.contains("| xsfu-afxdp / janus delivered | 1x64/200B | n/a | >= 3.0 | n/a |"), md);
    }

    @Test
    void srtpRowsAreComparedWithTheirPlainBackendAndTheOthersAreSaidToHaveNone() {
        Scenario f4 = new Scenario(1, 4, 200);
        List<Measurement> results = List.of(ok(f4, "xsfu-afxdp", 800_000, 40), ok(f4, "xsfu-socket", 400_000, 60),
                ok(f4, "xsfu-afxdp-srtp", 600_000, 45), ok(f4, "xsfu-socket-srtp", 300_000, 70));
        String md = BenchReport.markdown(results, MACHINE);
        assertTrue(md.contains("| SRTP / plain, afxdp | SRTP / plain, socket |"), md);
        assertTrue(md.contains("| 1x4/200B | - | 2.00 | - | - | 0.75 | 0.75 |"), md);
        assertTrue(md.contains("c-afxdp, c-socket and janus skipped: no SRTP"), md);
        assertTrue(!BenchReport.markdown(sample(), MACHINE).contains("no SRTP"), "said only when SRTP rows ran");
        var json = BenchReport.json(results, MACHINE);
        assertEquals(0.75, json.path("ratios").get(0).path("xsfu_afxdp_srtp_over_xsfu_afxdp").asDouble());
        assertEquals(0.75, json.path("ratios").get(0).path("xsfu_socket_srtp_over_xsfu_socket").asDouble());
        assertEquals(4, ThroughputPlot.series(results).get(200).size(), "SRTP rows get lines of their own");
    }

    @Test
    void theJsonHasEveryFigureAndTheMachine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        BenchReport.writeJson(file, sample(), MACHINE);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("AMD EPYC", root.path("machine").path("cpu").asText());
        assertEquals(8, root.path("results").size());
        JsonNode first = root.path("results").get(0);
        assertEquals("xsfu-afxdp", first.path("forwarder").asText());
        assertEquals(4, first.path("fanout").asInt());
        assertEquals(760_000, first.path("max_rate").path("delivered_copies_per_s").asDouble());
        assertEquals(0.98, first.path("max_rate").path("server_cpu_share").asDouble(), 1e-9);
        assertEquals(0.04, first.path("half_rate").path("others_cpu_share").asDouble(), 1e-9);
        assertEquals(42.0, first.path("half_rate").path("latency_us").path("p99").asDouble());
        assertEquals(140.0, first.path("half_rate").path("latency_us").path("p99_9").asDouble());
        assertTrue(root.path("results").get(7).path("status").asText().startsWith("skipped"));
        assertTrue(root.path("results").get(7).path("max_rate").isMissingNode());
        assertEquals(0.95, root.path("ratios").get(0).path("xsfu_afxdp_over_c_afxdp").asDouble());
        assertTrue(root.path("ratios").get(1).path("xsfu_afxdp_over_janus").isNull());
        assertTrue(root.path("targets").size() >= 6);
    }

    @Test
    void thePlotHasOnePanelPerPayloadAndOneLinePerForwarder(@TempDir Path dir) throws Exception {
        List<Measurement> results = new java.util.ArrayList<>(sample());
        results.add(ok(new Scenario(1, 4, 1200), "xsfu-afxdp", 500_000, 40));
        results.add(ok(new Scenario(8, 8, 200), "xsfu-afxdp", 500_000, 40));
        var series = ThroughputPlot.series(results);
        assertEquals(List.of(200, 1200), List.copyOf(series.keySet()));
        assertEquals(5, series.get(200).size());
        assertEquals(760_000.0, series.get(200).get("xsfu-afxdp").get(4));
        assertEquals(2, series.get(200).get("xsfu-afxdp").size(), "multi-publisher scenarios are not on the fan-out axis");
        Path png = dir.resolve("p.png");
        ThroughputPlot.write(png, results, "caption");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * ThroughputPlot.PANEL_WIDTH, img.getWidth());
        assertEquals(ThroughputPlot.HEIGHT, img.getHeight());
    }

    @Test
    void axisStepsAreRound() {
        assertEquals(200_000, ThroughputPlot.niceStep(180_000));
        assertEquals(50_000, ThroughputPlot.niceStep(41_000));
        assertEquals(100_000, ThroughputPlot.niceStep(100_000));
        assertEquals(1, ThroughputPlot.niceStep(0));
    }
}
