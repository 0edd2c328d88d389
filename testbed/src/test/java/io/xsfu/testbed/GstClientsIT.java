package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real GStreamer clients straight from one client namespace to another, without an SFU in between. */
class GstClientsIT {
    private static LanTopology lan;

    @BeforeAll
    static void topology() {
        Netns.deleteOrphans();
        lan = LanTopology.create(2);
    }

    @AfterAll
    static void cleanup() {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void vp8PublisherToDecodingSubscriberOverIpv4() throws Exception {
        int frames = 150;
        try (GstSubscriber sub = GstSubscriber.video(lan.client(1).ns()).port(5004).start();
             GstPublisher pub = GstPublisher.video(lan.client(0).ns()).destination(lan.client(1).ipv4(), 5004)
                     .bindPort(40000).ssrc(0x1234).frames(frames).start()) {
            assertEquals(frames, pub.awaitFinished(Duration.ofSeconds(30)), pub.diagnostics());
            // The jitter buffer holds up to 200 ms: wait for the tail, then end with EOS.
            sub.awaitFrames(frames, Duration.ofSeconds(3));
            long decoded = sub.stop();
            assertTrue(decoded >= frames * 9 / 10, "decoded " + decoded + " of " + frames + "\n" + sub.diagnostics());
            assertTrue(decoded <= frames, "decoded more frames than were sent: " + decoded);
            assertEquals(0, sub.process().exitCode().orElseThrow(), sub.diagnostics());
            assertTrue(sub.process().sawEos(), "SIGINT with -e ends the subscriber with EOS");
        }
    }

    @Test
    void opusPublisherToDecodingSubscriberOverIpv6() throws Exception {
        int buffers = 100;
        try (GstSubscriber sub = GstSubscriber.audio(lan.client(0).ns()).port(5006).start();
             GstPublisher pub = GstPublisher.audio(lan.client(1).ns()).destination(lan.client(0).ipv6(), 5006)
                     .bindPort(40002).frames(buffers).start()) {
            long sent = pub.awaitFinished(Duration.ofSeconds(30));
            assertTrue(sent == buffers || sent == buffers + 1, "one Opus frame per 20 ms buffer, plus the drained tail: "
                    + sent);
            sub.awaitFrames(sent, Duration.ofSeconds(3));
            long decoded = sub.stop();
            assertTrue(decoded >= sent * 9 / 10 && decoded <= sent, "decoded " + decoded + " of " + sent + "\n"
                    + sub.diagnostics());
        }
    }

    @Test
    void aLateSubscriberDecodesFromTheNextKeyframe() throws Exception {
        try (GstPublisher pub = GstPublisher.video(lan.client(0).ns()).destination(lan.client(1).ipv4(), 5008)
                .bindPort(40004).start()) {
            Thread.sleep(1500);
            try (GstSubscriber sub = GstSubscriber.video(lan.client(1).ns()).port(5008).start()) {
                // Keyframes come every 30 frames (1 s): decoding starts within that and then follows the stream.
                assertTrue(sub.awaitFrames(30, Duration.ofSeconds(4)), sub.diagnostics());
            }
            assertTrue(pub.isAlive());
            long sent = pub.stop();
            assertTrue(sent >= 60, "an unbounded publisher streams until stopped: " + sent);
            assertEquals(0, pub.process().exitCode().orElseThrow(), pub.diagnostics());
            assertTrue(pub.process().sawEos(), pub.diagnostics());
        }
    }

    @Test
    void aPipelineThatCannotStartFailsWithItsOutput() throws Exception {
        try (UdpReceiver taken = UdpReceiver.open(lan.client(0).ns(), 5010)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GstSubscriber.video(lan.client(0).ns()).port(taken.port()).start());
            assertTrue(e.getMessage().contains("udpsrc") && e.getMessage().contains("ERROR"), e.getMessage());
        }
    }

    @Test
    void aDeadPublisherIsReportedWithDiagnostics() throws Exception {
        try (GstPublisher pub = GstPublisher.video(lan.client(0).ns()).destination(lan.client(1).ipv4(), 5012)
                .frames(300).start()) {
            Thread.sleep(300);
            assertTrue(io.xsfu.sys.Libc.kill((int) pub.process().pid(), io.xsfu.sys.Libc.SIGKILL));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> pub.awaitFinished(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("exit 137") && e.getMessage().contains("gst-launch-1.0"), e.getMessage());
            assertFalse(pub.isAlive());
        }
    }

    @Test
    void processesAreGoneAfterClose() throws Exception {
        GstSubscriber sub = GstSubscriber.video(lan.client(1).ns()).port(5014).start();
        long pid = sub.process().pid();
        sub.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(), ProcessHandle.current().children().filter(p -> p.pid() == pid).toList());
    }
}
