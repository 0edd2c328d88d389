package io.xsfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class H264ProfileTest {
    @ParameterizedTest
    @CsvSource({
        "42e01f, CONSTRAINED_BASELINE",
        "42E01F, CONSTRAINED_BASELINE",
        "42c01e, CONSTRAINED_BASELINE",
        "4de01f, CONSTRAINED_BASELINE",
        "58c01f, CONSTRAINED_BASELINE",
        "42001f, BASELINE",
        "42000a, BASELINE",
        "58801f, BASELINE",
        "4d001f, MAIN",
        "4d401f, MAIN",
        "58001f, EXTENDED",
        "640032, HIGH",
        "640c1f, CONSTRAINED_HIGH",
        "6e001f, HIGH_10",
        "7a001f, HIGH_422",
        "f4001f, HIGH_444",
    })
    void profiles(String profileLevelId, H264Profile profile) {
        assertEquals(Optional.of(profile), H264Profile.of(profileLevelId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42e0", "42e01f0", "zz001f", "42e0zz", "42011f", "4d201f", "640100", "01001f"})
    void malformedOrUnknown(String profileLevelId) {
        assertEquals(Optional.empty(), H264Profile.of(profileLevelId));
    }
}
