package io.xsfu.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsfu.testbed.Netns;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few seconds of the scenario benchmark, as {@code bench/run.sh} runs it: fan-out 2, both xsfu backends and
 * the AF_XDP one with SRTP, the real topology (its own {@code xsfu-bench-*} namespaces), load generator, XDP
 * sink and report. Asserts that copies were delivered and counted, latency recorded (for SRTP, from the stamp in
 * the header extension: the payload is encrypted), and the three report files written; no timing.
 */
class BenchSmokeIT {
    @Test
    void bothBackendsDeliverCopiesAndTheReportIsWritten(@TempDir Path out) throws Exception {
        BenchOptions o = BenchOptions.parse("--fanouts", "2", "--payloads", "200", "--multi", "none", "--forwarders",
                "xsfu-afxdp,xsfu-socket,xsfu-afxdp-srtp", "--warmup", "1", "--seconds", "2", "--latency-seconds", "1",
                "--server-cpu", "-1", "--load-cpu", "-1", "--await-idle", "0", "--retries", "0", "--out", out.toString());
        BenchMain.Outputs r = BenchMain.run(o);

        assertEquals(3, r.results().size());
        for (Measurement m : r.results()) {
            assertEquals("ok", m.status(), m.forwarder());
            assertTrue(m.max().sent() > 0, m.forwarder() + " sent");
            assertTrue(m.max().copies() > 0, m.forwarder() + " delivered copies at full rate");
            assertTrue(m.half().copies() > 0, m.forwarder() + " delivered copies at half rate");
            assertTrue(m.half().latency().count() > 0, m.forwarder() + " latency recorded");
            assertTrue(m.max().serverCpuSeconds() > 0, m.forwarder() + " server CPU read");
        }
        JsonNode json = new ObjectMapper().readTree(Files.readString(r.json()));
        assertEquals(3, json.path("results").size());
        assertEquals("xsfu-afxdp-srtp", json.path("results").get(2).path("forwarder").asText());
        // The SRTP copies' payloads are encrypted: the sink counted them by the stamp in their header extension.
        assertTrue(r.results().get(2).notes().contains("SRTP"), r.results().get(2).notes());
        assertEquals("xsfu-afxdp", json.path("results").get(0).path("forwarder").asText());
        assertTrue(json.path("results").get(1).path("max_rate").path("delivered_copies_per_s").asDouble() > 0);
        assertTrue(Files.readString(r.markdown()).contains("| 1x2/200B | xsfu-socket |"));
        BufferedImage png = ImageIO.read(r.png().toFile());
        assertTrue(png.getWidth() > 0);

        assertTrue(BenchTopology.live().isEmpty(), "every topology was deleted: " + BenchTopology.live());
        assertEquals(6, BenchTopology.created().size(), "a server and a client namespace per forwarder");
        for (String ns : BenchTopology.created()) {
            assertTrue(ns.startsWith("xsfu-bench-"), ns);
            assertTrue(!Netns.list().contains(ns), "left behind: " + ns);
        }
    }
}
