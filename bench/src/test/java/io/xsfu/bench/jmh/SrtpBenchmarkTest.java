package io.xsfu.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.srtp.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SrtpBenchmark}'s wiring: every packet it measures is protected and accepted, none refused. */
class SrtpBenchmarkTest {
    @ParameterizedTest
    @CsvSource({"AES_CM_128_HMAC_SHA1_80, 200", "AES_CM_128_HMAC_SHA1_32, 1200", "AEAD_AES_128_GCM, 200",
        "AEAD_AES_128_GCM, 1200"})
    void everyMeasuredPacketIsProtectedAndAccepted(String profile, int size) {
        int overhead = SrtpProfile.valueOf(profile).rtpOverhead();
        SrtpBenchmark b = new SrtpBenchmark();
        b.profile = profile;
        b.size = size;
        b.setUp();
        SrtpBenchmark.Incoming in = new SrtpBenchmark.Incoming();
        in.setUp(b);
        try {
            for (int i = 0; i < 100; i++) {
                in.protectBatch();
                assertEquals(SrtpBenchmark.BATCH * size, b.unprotect(in), "batch " + i);
            }
            for (int i = 0; i < 2000; i++) {
                assertEquals(size, b.roundTrip(), "round trip " + i);
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(size + overhead, b.protect());
            }
        } finally {
            in.tearDown();
            b.tearDown();
        }
    }
}
