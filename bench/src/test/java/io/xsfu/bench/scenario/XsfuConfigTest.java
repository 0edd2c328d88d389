package io.xsfu.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.ConfigLoader;
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
    void theSocketBackendIsChosenByName() {
        XsfuConfig c = ConfigLoader.parse(io.xsfu.bench.scenario.XsfuConfig.json(new Scenario(1, 2, 200), "socket", "/tmp/c"),
                "bench");
        assertEquals("SOCKET", c.backend().name());
    }
}
