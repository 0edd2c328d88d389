package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final String KEY = "tokens-test-key-0123456789-0123456789";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final Tokens tokens = new Tokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    private TokenException.Reason refused(String token) {
        return assertThrows(TokenException.class, () -> tokens.verify(token)).reason();
    }

    @Test
    void aMintedTokenVerifiesToItsGrant() throws TokenException {
        String token = tokens.mint("room-1", "alice", EnumSet.of(Permission.PUBLISH, Permission.SUBSCRIBE),
                Duration.ofHours(1));
        Grant grant = tokens.verify(token);
        assertEquals("room-1", grant.room());
        assertEquals("alice", grant.identity());
        assertEquals(Set.of(Permission.PUBLISH, Permission.SUBSCRIBE), grant.permissions());
        assertEquals(NOW.plus(Duration.ofHours(1)), grant.expiresAt());
        assertTrue(grant.allows(Permission.PUBLISH));
        assertTrue(!grant.allows(Permission.ADMIN));
    }

    @Test
    void theClaimsAreTheDocumentedOnes() throws Exception {
        String token = tokens.mint("r", "bob", EnumSet.of(Permission.ADMIN), Duration.ofMinutes(5));
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        var claims = Json.MAPPER.readTree(payload);
        assertEquals("bob", claims.get("sub").asText());
        assertEquals("r", claims.get("room").asText());
        assertEquals("[\"admin\"]", claims.get("permissions").toString());
        assertEquals(NOW.plus(Duration.ofMinutes(5)).getEpochSecond(), claims.get("exp").asLong());
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertEquals("HS256", Json.MAPPER.readTree(header).get("alg").asText());
    }

    @Test
    void expiredTokensAreRefusedAfterTheLeeway() throws TokenException {
        Tokens past = new Tokens(KEY, Clock.fixed(NOW.minusSeconds(3600), ZoneOffset.UTC));
        assertEquals(TokenException.Reason.EXPIRED, refused(past.mint("r", "a", Set.of(), Duration.ofMinutes(10))));
        tokens.verify(tokens.mint(new Grant("r", "a", Set.of(), NOW.minusSeconds(4)))); // within 5 s of skew
        assertEquals(TokenException.Reason.EXPIRED, refused(tokens.mint(new Grant("r", "a", Set.of(), NOW.minusSeconds(6)))));
    }

    @Test
    void otherKeysAlteredTokensAndOtherAlgorithmsAreRefused() {
        String token = tokens.mint("r", "a", Set.of(Permission.PUBLISH), Duration.ofMinutes(1));
        Tokens other = new Tokens("a-different-key-0123456789-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(TokenException.Reason.BAD_SIGNATURE, refused(other.mint("r", "a", Set.of(), Duration.ofMinutes(1))));
        String[] parts = token.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"a\",\"room\":\"r\",\"permissions\":[\"admin\"],\"exp\":" + (NOW.getEpochSecond() + 60) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(TokenException.Reason.BAD_SIGNATURE, refused(parts[0] + "." + forged + "." + parts[2]));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(TokenException.Reason.MALFORMED, refused(none + "." + parts[1] + "."));
        String hs512 = JWT.create().withSubject("a").withClaim("room", "r").withArrayClaim("permissions", new String[0])
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.HMAC512(KEY));
        assertEquals(TokenException.Reason.MALFORMED, refused(hs512));
        assertEquals(TokenException.Reason.MALFORMED, refused("garbage"));
        assertEquals(TokenException.Reason.MALFORMED, refused(""));
    }

    @Test
    void missingOrInvalidClaimsAreRefused() {
        Algorithm hs256 = Algorithm.HMAC256(KEY);
        Instant exp = NOW.plusSeconds(60);
        String noExp = JWT.create().withSubject("a").withClaim("room", "r").withArrayClaim("permissions", new String[0])
                .sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(noExp));
        String noRoom = JWT.create().withSubject("a").withArrayClaim("permissions", new String[0]).withExpiresAt(exp)
                .sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(noRoom));
        String noSub = JWT.create().withClaim("room", "r").withArrayClaim("permissions", new String[0]).withExpiresAt(exp)
                .sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(noSub));
        String badRoom = JWT.create().withSubject("a").withClaim("room", "a room").withArrayClaim("permissions",
                new String[0]).withExpiresAt(exp).sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(badRoom));
        String numericRoom = JWT.create().withSubject("a").withClaim("room", 5).withArrayClaim("permissions",
                new String[0]).withExpiresAt(exp).sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(numericRoom));
        String unknownPermission = JWT.create().withSubject("a").withClaim("room", "r")
                .withArrayClaim("permissions", new String[]{"publish", "root"}).withExpiresAt(exp).sign(hs256);
        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(unknownPermission));
        assertTrue(e.getMessage().contains("root"));
        String permissionsNotArray = JWT.create().withSubject("a").withClaim("room", "r")
                .withClaim("permissions", "publish").withExpiresAt(exp).sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(permissionsNotArray));
        String permissionsNumbers = JWT.create().withSubject("a").withClaim("room", "r")
                .withArrayClaim("permissions", new Integer[]{1, 2}).withExpiresAt(exp).sign(hs256);
        assertEquals(TokenException.Reason.INVALID_CLAIMS, refused(permissionsNumbers));
    }

    @Test
    void mintingRefusesWhatVerifyingWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("a room", "a", Set.of(), Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("r", "", Set.of(), Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("r", "a", Set.of(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Tokens("short"));
    }
}
