package io.xsfu.signaling;

import java.util.Arrays;
import java.util.Optional;

/** What a token allows besides joining its room. */
public enum Permission {
    /** Create producers (send media). */
    PUBLISH("publish"),
    /** Create consumers (receive others' media). */
    SUBSCRIBE("subscribe"),
    /** Read {@code GET /admin/rooms}. */
    ADMIN("admin");

    private final String claim;

    Permission(String claim) {
        this.claim = claim;
    }

    /** The spelling in the token's {@code permissions} claim. */
    public String claim() {
        return claim;
    }

    public static Optional<Permission> byClaim(String claim) {
        return Arrays.stream(values()).filter(p -> p.claim.equals(claim)).findFirst();
    }
}
