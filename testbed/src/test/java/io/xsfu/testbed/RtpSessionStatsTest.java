package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtpSessionStatsTest {
    /** A line gst-launch 1.22 printed for a subscriber's session (media SSRC 1111, RTX SSRC 2222, 5 % loss). */
    private static String subscriberLine() throws Exception {
        try (InputStream in = RtpSessionStatsTest.class.getResourceAsStream("/gst/rtpsession-stats-subscriber.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    void sourcesAreKeyedBySsrcWithTheirFields() throws Exception {
        RtpSessionStats s = RtpSessionStats.parse(subscriberLine());
        assertEquals(Set.of(3790854827L, 2222L, 1111L), s.sources().keySet());
        assertEquals(Optional.of(374L), s.source(1111, "packets-received"));
        assertEquals(Optional.of(29L), s.source(1111, "sent-nack-count"));
        assertEquals(Optional.of(1L), s.source(1111, "sent-pli-count"));
        assertEquals(Optional.of(3105746522L), s.source(1111, "sr-rtptime"));
        assertEquals("10.77.0.1:6000", s.sources().get(1111L).get("rtp-from"));
        assertTrue(s.sourceFlag(1111, "have-sr"));
        assertTrue(s.sourceFlag(3790854827L, "internal"));
        assertFalse(s.sourceFlag(3790854827L, "have-sr"));
        assertEquals(Optional.empty(), s.source(42, "packets-received"), "an SSRC the session does not know");
    }

    @Test
    void sessionCountersAreOutsideTheSourceArray() throws Exception {
        RtpSessionStats s = RtpSessionStats.parse(subscriberLine());
        assertEquals(29, s.sessionCounter("sent-nack-count"));
        assertEquals(29, s.sessionCounter("rtx-count"));
        assertEquals(0, s.sessionCounter("recv-nack-count"));
        assertFalse(s.session().containsKey("ssrc"), "source fields do not leak into the session's");
        assertThrows(IllegalArgumentException.class, () -> s.sessionCounter("no-such-counter"));
    }

    @Test
    void otherLinesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> RtpSessionStats.parse("/GstPipeline:pipeline0/GstIdentity:enc: last-message = chain"));
    }
}
