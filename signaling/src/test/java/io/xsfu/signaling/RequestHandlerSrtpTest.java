package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xsfu.config.MediaConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.sfu.Rooms;
import io.xsfu.srtp.SrtpParameters;
import io.xsfu.srtp.SrtpProfile;
import io.xsfu.srtp.SrtpSession;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * createTransport with {@code srtp} (a plain transport with SRTP, mediasoup's PlainTransport with enableSrtp),
 * over the real room model: the client's key becomes what the transport receives with, the SFU answers with a
 * fresh key of its own for the other direction, and both reach the forwarding agent in the routing table.
 */
class RequestHandlerSrtpTest {
    private final List<RoutingTable> published = new ArrayList<>();
    private final Rooms rooms = new Rooms(XsfuConfig.of(MediaConfig.of("eth0", 40000, 40009, "192.0.2.10")), 2, 3,
            published::add);
    private final SignalingFixture fixture = new SignalingFixture(SignalingFixture.config(), rooms, null);

    private static byte[] clientKey(SrtpProfile profile, int seed) {
        byte[] key = new byte[SrtpParameters.keyLength(profile)];
        new Random(seed).nextBytes(key);
        return key;
    }

    /** A session under one direction's key (master key, then salt), as the client holds it. */
    private static SrtpSession session(SrtpProfile profile, byte[] keyAndSalt) {
        return new SrtpSession(profile, Arrays.copyOf(keyAndSalt, profile.keyLength()),
                Arrays.copyOfRange(keyAndSalt, profile.keyLength(), keyAndSalt.length));
    }

    private static String srtp(String suite, byte[] key) {
        return "{\"srtp\":{\"cryptoSuite\":\"" + suite + "\",\"keyBase64\":\"" + Base64.getEncoder().encodeToString(key) + "\"}}";
    }

    private Transport transport(int port) {
        return published.getLast().byLocalPort(port);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theClientsKeyReceivesAndTheSfusKeySends(SrtpProfile profile) {
        byte[] key = clientKey(profile, 1);
        JsonNode result = fixture.joined("r", "alice").result("createTransport", srtp(profile.name(), key));
        int port = result.get("port").asInt();
        assertEquals(profile.name(), result.get("srtp").get("cryptoSuite").asText());
        byte[] sfuKey = Base64.getDecoder().decode(result.get("srtp").get("keyBase64").asText());
        assertEquals(SrtpParameters.keyLength(profile), sfuKey.length);

        Transport t = transport(port);
        assertTrue(t.srtpRequired());
        assertFalse(t.options().webrtc());
        assertArrayEquals(key, t.options().srtp().receiveKey());
        assertArrayEquals(sfuKey, t.options().srtp().sendKey());

        // What the client protects, the SFU's session for this transport unprotects, and the other way round.
        byte[] rtp = new byte[100];
        rtp[0] = (byte) 0x80;
        rtp[1] = 96;
        rtp[11] = 7;
        SrtpSession clientOut = session(profile, key);
        MemorySegment packet = MemorySegment.ofArray(Arrays.copyOf(rtp, 200));
        int n = clientOut.protectRtp(packet, 0, rtp.length, 200);
        assertEquals(rtp.length, t.options().srtp().inbound().unprotectRtp(packet, 0, n));
        n = t.options().srtp().outbound().protectRtp(packet, 0, rtp.length, 200);
        SrtpSession clientIn = session(profile, sfuKey);
        assertEquals(rtp.length, clientIn.unprotectRtp(packet, 0, n));
    }

    @Test
    void everyTransportGetsAKeyOfItsOwn() {
        byte[] key = clientKey(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 2);
        JsonNode a = fixture.joined("r", "alice").result("createTransport", srtp("AES_CM_128_HMAC_SHA1_80", key));
        JsonNode b = fixture.joined("r", "bob").result("createTransport", srtp("AES_CM_128_HMAC_SHA1_80", key));
        assertNotEquals(a.get("srtp").get("keyBase64").asText(), b.get("srtp").get("keyBase64").asText());
        assertNotEquals(Base64.getEncoder().encodeToString(key), a.get("srtp").get("keyBase64").asText());
    }

    @Test
    void withoutSrtpTheTransportIsInClearAndTheResultSaysNothingOfKeys() {
        JsonNode result = fixture.joined("r", "alice").result("createTransport", "{}");
        assertNull(result.get("srtp"));
        assertFalse(transport(result.get("port").asInt()).srtpRequired());
    }

    @Test
    void refusedSrtpParametersNameTheFieldAndNeverTheKey() {
        var alice = fixture.joined("r", "alice");
        byte[] gcmKey = clientKey(SrtpProfile.AEAD_AES_128_GCM, 3);
        String gcmBase64 = Base64.getEncoder().encodeToString(gcmKey);
        assertRefused(alice.error("createTransport", srtp("AES_CM_128_HMAC_SHA1_80", gcmKey), ErrorCode.INVALID_PARAMS),
                "params.srtp.keyBase64: must be base64 of the 30-byte master key and salt of AES_CM_128_HMAC_SHA1_80, got 28 bytes",
                gcmBase64);
        assertRefused(alice.error("createTransport", srtp("AES_256_CM_HMAC_SHA1_80", gcmKey), ErrorCode.INVALID_PARAMS),
                "params.srtp.cryptoSuite: must be one of AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM, "
                        + "got \"AES_256_CM_HMAC_SHA1_80\"", gcmBase64);
        String urlAlphabet = "-" + gcmBase64.substring(1);
        assertRefused(alice.error("createTransport", "{\"srtp\":{\"cryptoSuite\":\"AEAD_AES_128_GCM\",\"keyBase64\":\""
                + urlAlphabet + "\"}}", ErrorCode.INVALID_PARAMS),
                "params.srtp.keyBase64: must be base64 of the 28-byte master key and salt of AEAD_AES_128_GCM (standard alphabet",
                urlAlphabet);
        assertRefused(alice.error("createTransport", "{\"srtp\":{\"cryptoSuite\":\"AEAD_AES_128_GCM\"}}", ErrorCode.INVALID_PARAMS),
                "params.srtp.keyBase64: required", gcmBase64);
        assertRefused(alice.error("createTransport", "{\"srtp\":{\"cryptoSuite\":\"AEAD_AES_128_GCM\",\"keyBase64\":\"" + gcmBase64
                + "\",\"key\":1}}", ErrorCode.INVALID_PARAMS), "params.srtp.key: unknown field", gcmBase64);
        assertRefused(alice.error("createTransport", "{\"srtp\":true}", ErrorCode.INVALID_PARAMS),
                "params.srtp: must be an object", gcmBase64);
        assertRefused(alice.error("createTransport", "{\"webrtc\":true,\"srtp\":{}}", ErrorCode.INVALID_PARAMS),
                "params.srtp: is for plain-RTP transports", gcmBase64);
        assertTrue(published.isEmpty(), "no refused request reached the SFU");
        // The transport can still be made afterwards.
        assertEquals("AEAD_AES_128_GCM", alice.result("createTransport", srtp("AEAD_AES_128_GCM", gcmKey))
                .get("srtp").get("cryptoSuite").asText());
    }

    private static void assertRefused(JsonNode error, String part, String key) {
        String message = error.get("message").asText();
        assertTrue(message.contains(part), () -> "'" + part + "' not in " + error);
        assertFalse(message.contains(key.substring(0, 12)), () -> "the key is echoed in " + error);
    }
}
