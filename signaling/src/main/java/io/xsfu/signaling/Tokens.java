package io.xsfu.signaling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Join and admin tokens: JWTs signed with HS256 under the server's key. Claims: {@code sub} (the identity,
 * which becomes the participant id), {@code room}, {@code permissions} (an array of {@code publish},
 * {@code subscribe}, {@code admin}) and {@code exp}; all are required. An application server that shares the
 * key mints them for its users; {@code xsfu} can mint them for tests and demos.
 */
public final class Tokens {
    public static final String CLAIM_ROOM = "room";
    public static final String CLAIM_PERMISSIONS = "permissions";
    /** Clock skew tolerated between the minting machine and this one. */
    public static final Duration LEEWAY = Duration.ofSeconds(5);

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;

    public Tokens(String key) {
        this(key, Clock.systemUTC());
    }

    /** With the clock expiry is judged by (tests). */
    public Tokens(String key, Clock clock) {
        if (key.getBytes(StandardCharsets.UTF_8).length < SignalingConfig.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("token key must be at least " + SignalingConfig.MIN_KEY_BYTES + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(key.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .acceptLeeway(LEEWAY.toSeconds())
                .withClaimPresence("exp")
                .withClaimPresence("sub")
                .withClaimPresence(CLAIM_ROOM)
                .withClaimPresence(CLAIM_PERMISSIONS))
                .build(clock);
    }

    /** A token for {@code identity} in {@code room}, valid for {@code validity} from now. */
    public String mint(String room, String identity, Set<Permission> permissions, Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        return mint(new Grant(room, identity, permissions, clock.instant().plus(validity)));
    }

    /** A token that says exactly {@code grant} (an {@code expiresAt} in the past makes an expired token). */
    public String mint(Grant grant) {
        if (!Ids.valid(grant.room())) {
            throw new IllegalArgumentException("room '" + grant.room() + "': " + Ids.RULE);
        }
        if (!Ids.valid(grant.identity())) {
            throw new IllegalArgumentException("identity '" + grant.identity() + "': " + Ids.RULE);
        }
        String[] permissions = grant.permissions().stream().sorted().map(Permission::claim).toArray(String[]::new);
        return JWT.create()
                .withSubject(grant.identity())
                .withClaim(CLAIM_ROOM, grant.room())
                .withArrayClaim(CLAIM_PERMISSIONS, permissions)
                .withIssuedAt(clock.instant())
                .withExpiresAt(grant.expiresAt())
                .sign(algorithm);
    }

    /**
     * The grant a token carries.
     *
     * @throws TokenException if it is not an HS256 JWT under our key, expired, or its claims are missing or invalid
     */
    public Grant verify(String token) throws TokenException {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new TokenException(TokenException.Reason.EXPIRED, "token expired at " + e.getExpiredOn());
        } catch (SignatureVerificationException e) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "token signature does not verify");
        } catch (JWTDecodeException | AlgorithmMismatchException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "not an HS256 JWT");
        } catch (JWTVerificationException e) {
            throw new TokenException(TokenException.Reason.INVALID_CLAIMS, "token claims: " + e.getMessage());
        }
        String room = jwt.getClaim(CLAIM_ROOM).asString();
        if (!Ids.valid(room)) {
            throw new TokenException(TokenException.Reason.INVALID_CLAIMS, "token claim room: " + Ids.RULE);
        }
        String identity = jwt.getSubject();
        if (!Ids.valid(identity)) {
            throw new TokenException(TokenException.Reason.INVALID_CLAIMS, "token claim sub (identity): " + Ids.RULE);
        }
        return new Grant(room, identity, permissions(jwt.getClaim(CLAIM_PERMISSIONS)), jwt.getExpiresAtAsInstant());
    }

    private static Set<Permission> permissions(Claim claim) throws TokenException {
        List<String> names;
        try {
            names = claim.asList(String.class);
        } catch (JWTDecodeException e) {
            names = null;
        }
        if (names == null) {
            throw new TokenException(TokenException.Reason.INVALID_CLAIMS,
                    "token claim permissions: must be an array of strings");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            Permission.byClaim(name).ifPresentOrElse(permissions::add, () -> unknown.add(String.valueOf(name)));
        }
        if (!unknown.isEmpty()) {
            throw new TokenException(TokenException.Reason.INVALID_CLAIMS,
                    "token claim permissions: unknown " + unknown + " (known: publish, subscribe, admin)");
        }
        return permissions;
    }

    /** The instant tokens are judged at. */
    Instant now() {
        return clock.instant();
    }
}
