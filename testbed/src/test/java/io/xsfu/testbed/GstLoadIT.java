package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client load of the demo and the end-to-end tests: two VP8 publishers, each decoded by two subscribers, all
 * at once on this machine. Asserts what the clients see; CPU use is printed for information only.
 */
class GstLoadIT {
    private static final int FRAMES = 150;

    @Test
    void twoPublishersAndFourDecodingSubscribersKeepUp() throws Exception {
        Netns.deleteOrphans();
        List<GstSubscriber> subs = new ArrayList<>();
        List<GstPublisher> pubs = new ArrayList<>();
        try (LanTopology lan = LanTopology.create(4)) {
            for (int p = 0; p < 2; p++) {
                for (int s = 0; s < 2; s++) {
                    subs.add(GstSubscriber.video(lan.client(2 + s).ns()).port(5000 + 2 * p).start());
                }
            }
            for (int p = 0; p < 2; p++) {
                pubs.add(GstPublisher.video(lan.client(p).ns()).ssrc(1000 + p).bindPort(40000)
                        .pattern(p == 0 ? "smpte" : "ball").frames(FRAMES)
                        .destination(lan.client(2).ipv4(), 5000 + 2 * p)
                        .destination(lan.client(3).ipv4(), 5000 + 2 * p).start());
            }
            Thread.sleep(FRAMES * 1000L / 30 - 500);
            StringBuilder cpu = new StringBuilder("CPU over ~" + (FRAMES / 30) + " s of streaming:");
            for (GstPublisher p : pubs) {
                cpu.append(" publisher ").append(p.process().cpuTime().map(Duration::toMillis).orElse(-1L)).append(" ms;");
            }
            for (GstSubscriber s : subs) {
                cpu.append(" subscriber ").append(s.process().cpuTime().map(Duration::toMillis).orElse(-1L)).append(" ms;");
            }
            System.out.println(cpu);
            for (GstPublisher p : pubs) {
                assertEquals(FRAMES, p.awaitFinished(Duration.ofSeconds(20)), p.diagnostics());
            }
            for (GstSubscriber s : subs) {
                s.awaitFrames(FRAMES, Duration.ofSeconds(2));
                long decoded = s.stop();
                assertTrue(decoded >= FRAMES * 9 / 10, "decoded " + decoded + " of " + FRAMES + "\n" + s.diagnostics());
            }
        } finally {
            subs.forEach(GstSubscriber::close);
            pubs.forEach(GstPublisher::close);
        }
    }
}
