package io.xsfu.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.bench.load.LoadPacket;
import io.xsfu.config.ConfigLoader;
import io.xsfu.config.HeaderExtension;
import io.xsfu.config.HeaderExtensionConfig;
import io.xsfu.config.SrtpCryptoSuite;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.XsfuConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class XsfuConfigTest {
    @Test
    void theConfigOfEightPublishersAndSixtyFourSubscribersIsValidAndDeclaresEveryStream() {
        XsfuConfig c = ConfigLoader.parse(io.xsfu.bench.scenario.XsfuConfig.json(new Scenario(8, 64, 200), "afxdp",
                "/tmp/counters"), "bench");
        List<ParticipantConfig> ps = c.rooms().getFirst().participants();
        assertEquals(72, ps.size());
        for (int p = 0; p < 8; p++) {
            ParticipantConfig pub = ps.get(p);
            assertEquals(40000 + p, pub.port());
            assertFalse(pub.receive());
            assertEquals(Integer.toUnsignedLong(io.xsfu.bench.scenario.XsfuConfig.ssrc(p)), pub.producers().getFirst().ssrc());
            assertEquals(96, pub.producers().getFirst().payloadType());
        }
        for (int j = 0; j < 64; j++) {
            ParticipantConfig sub = ps.get(8 + j);
            assertEquals(40008 + j, sub.port());
            assertFalse(sub.send());
            assertTrue(sub.receive());
            assertTrue(sub.producers().isEmpty());
        }
        assertEquals(8, ps.stream().map(p -> p.producers().isEmpty() ? 0L : p.producers().getFirst().ssrc()).filter(s -> s != 0)
                .distinct().count(), "distinct SSRCs per publisher");
    }

    @Test
    void withSrtpEveryParticipantHasKeysAndTheStampExtensionUnderOneId() {
        XsfuConfig c = ConfigLoader.parse(io.xsfu.bench.scenario.XsfuConfig.json(new Scenario(2, 3, 200), "afxdp", "/tmp/c", true),
                "bench");
        List<ParticipantConfig> ps = c.rooms().getFirst().participants();
        assertEquals(5, ps.size());
        for (ParticipantConfig p : ps) {
            assertTrue(p.srtp().isPresent(), p.id());
            assertEquals(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, p.srtp().get().cryptoSuite());
            assertEquals(List.of(new HeaderExtensionConfig(LoadPacket.STAMP_EXTENSION_ID, HeaderExtension.ABS_CAPTURE_TIME)),
                    p.headerExtensions(), "the same id on both ends, so xsfu keeps the stamp in the copies");
        }
        assertArrayEquals(io.xsfu.bench.scenario.XsfuConfig.publisherKey(1), ps.get(1).srtp().get().receiveKeyBytes(),
                "the SFU receives with the key the generator sends with");
        assertEquals(5 * 2, ps.stream().flatMap(p -> java.util.stream.Stream.of(p.srtp().get().receiveKey(), p.srtp().get().sendKey()))
                .distinct().count(), "every key different");
        assertTrue(ConfigLoader.parse(io.xsfu.bench.scenario.XsfuConfig.json(new Scenario(2, 3, 200), "afxdp", "/tmp/c"), "bench")
                .rooms().getFirst().participants().stream().allMatch(p -> p.srtp().isEmpty() && p.headerExtensions().isEmpty()),
                "plain rows stay as they were");
    }

    @Test
    void theSocketBackendIsChosenByName() {
        XsfuConfig c = ConfigLoader.parse(io.xsfu.bench.scenario.XsfuConfig.json(new Scenario(1, 2, 200), "socket", "/tmp/c"),
                "bench");
        assertEquals("SOCKET", c.backend().name());
    }
}
