package io.xsfu.webrtc.dtls;

import static io.xsfu.webrtc.dtls.DtlsEndpointTest.record;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DtlsRecordsTest {
    @Test
    void plaintextRecordsOfAnyLengthPass() {
        assertTrue(DtlsRecords.plausible(record(22, 0, 0, new byte[1])));
        assertTrue(DtlsRecords.plausible(record(21, 0, 0, new byte[2])));
    }

    @Test
    void encryptedRecordsMustHoldANonceAndATag() {
        assertTrue(DtlsRecords.plausible(record(23, 1, 5, new byte[24])));
        assertFalse(DtlsRecords.plausible(record(23, 1, 5, new byte[23])));
        assertFalse(DtlsRecords.plausible(record(21, 1, 5, new byte[2])), "a forged encrypted alert");
    }

    @Test
    void everyRecordOfADatagramIsLookedAt() {
        byte[] first = record(20, 0, 3, new byte[] {1});
        byte[] second = record(22, 1, 0, new byte[10]);
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertFalse(DtlsRecords.plausible(both));
        second = record(22, 1, 0, new byte[40]);
        both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertTrue(DtlsRecords.plausible(both));
    }

    @Test
    void truncatedHeadersAreLeftToTheRecordLayer() {
        byte[] b = new byte[12];
        new Random(1).nextBytes(b);
        assertTrue(DtlsRecords.plausible(b));
    }
}
