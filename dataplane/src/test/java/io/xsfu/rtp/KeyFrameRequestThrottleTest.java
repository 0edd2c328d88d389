package io.xsfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyFrameRequestThrottleTest {
    private static final long MS = 1_000_000L;
    /** 500 ms between requests, retry after 1 s, 2 retries. */
    private final KeyFrameRequestThrottle t = new KeyFrameRequestThrottle();

    @Test
    void manyConsumersAskingAtOnceMakeOneRequest() {
        assertTrue(t.request(0));
        for (int i = 1; i < 100; i++) {
            assertFalse(t.request(i * 10_000L));
        }
        assertEquals(1, t.sent());
        assertEquals(99, t.absorbed());
        assertTrue(t.outstanding());
    }

    @Test
    void whileOutstandingRequestsAreServedByTheComingKeyFrame() {
        assertTrue(t.request(0));
        assertFalse(t.request(700 * MS)); // past the interval, but a keyframe is on its way
        t.keyFrameReceived();
        assertFalse(t.outstanding());
        assertFalse(t.poll(800 * MS));
        assertTrue(t.request(900 * MS));
    }

    @Test
    void aRequestSoonAfterAKeyFrameIsDeferredToTheEndOfTheInterval() {
        assertTrue(t.request(0));
        t.keyFrameReceived();
        assertFalse(t.request(100 * MS)); // a new consumer
        assertFalse(t.poll(499 * MS));
        assertTrue(t.poll(500 * MS));
        assertTrue(t.outstanding());
        assertFalse(t.poll(501 * MS));
        assertEquals(2, t.sent());
    }

    @Test
    void aDeferredRequestIsServedByAKeyFrameArrivingMeanwhile() {
        assertTrue(t.request(0));
        t.keyFrameReceived();
        assertFalse(t.request(100 * MS));
        t.keyFrameReceived(); // the producer's periodic keyframe
        assertFalse(t.poll(600 * MS));
        assertEquals(1, t.sent());
    }

    @Test
    void noKeyFrameMeansRetriesThenGivingUp() {
        assertTrue(t.request(0));
        int fir = t.firSequence();
        assertFalse(t.poll(999 * MS));
        assertTrue(t.poll(1000 * MS));
        assertEquals(fir, t.firSequence()); // a retry repeats the FIR sequence number
        assertFalse(t.poll(1999 * MS));
        assertTrue(t.poll(2000 * MS));
        assertFalse(t.poll(3000 * MS)); // two retries: given up
        assertFalse(t.outstanding());
        assertEquals(1, t.gaveUp());
        assertEquals(2, t.retried());
        assertTrue(t.request(3000 * MS));
        assertEquals((fir + 1) & 0xFF, t.firSequence());
    }

    @Test
    void firSequenceWrapsAt256() {
        KeyFrameRequestThrottle u = new KeyFrameRequestThrottle(0, 1, 0);
        for (int i = 0; i < 256; i++) {
            assertTrue(u.request(i));
            u.keyFrameReceived();
        }
        assertEquals(0, u.firSequence());
        assertEquals(256, u.keyFrames());
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new KeyFrameRequestThrottle(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KeyFrameRequestThrottle(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new KeyFrameRequestThrottle(0, 1, -1));
    }
}
