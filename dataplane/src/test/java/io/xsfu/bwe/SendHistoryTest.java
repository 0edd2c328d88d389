package io.xsfu.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SendHistoryTest {
    @Test
    void findsWhatWasSentAcrossTheSequenceWrap() {
        SendHistory h = new SendHistory(16);
        for (int i = 0; i < 10; i++) {
            h.sent((65530 + i) & 0xFFFF, 1_000 + i, 100 + i);
        }
        assertEquals(1_000, h.sendNanos(65530));
        assertEquals(1_005, h.sendNanos(65535));
        assertEquals(1_006, h.sendNanos(0));
        assertEquals(109, h.size(3));
        assertEquals(SendHistory.UNKNOWN, h.sendNanos(4), "not sent yet");
    }

    @Test
    void forgetsWhatWasOverwritten() {
        SendHistory h = new SendHistory(16);
        for (int i = 0; i < 20; i++) {
            h.sent(i, i, 1200);
        }
        assertEquals(SendHistory.UNKNOWN, h.sendNanos(3), "slot now holds 19");
        assertEquals(19, h.sendNanos(19));
        assertEquals(4, h.sendNanos(4));
        assertEquals(SendHistory.UNKNOWN, h.sendNanos(3 + 65536 - 16), "same slot, other number");
    }

    @Test
    void remembersWhatFeedbackReportedUntilTheNumberIsSentAgain() {
        SendHistory h = new SendHistory(16);
        h.sent(7, 1, 1200);
        assertEquals(SendHistory.SENT, h.report(7, false));
        assertEquals(SendHistory.REPORTED_LOST, h.report(7, false));
        assertEquals(SendHistory.REPORTED_LOST, h.report(7, true), "late arrival after a loss report");
        assertEquals(SendHistory.ACKED, h.report(7, true));
        h.sent(7 + 65536, 2, 1200);
        assertEquals(SendHistory.SENT, h.report(7, true));
    }

    @Test
    void capacityMustBeAPowerOfTwoWithinHalfTheSequenceSpace() {
        assertThrows(IllegalArgumentException.class, () -> new SendHistory(1000));
        assertThrows(IllegalArgumentException.class, () -> new SendHistory(0x10000));
        assertEquals(0x8000, new SendHistory(0x8000).capacity());
    }
}
