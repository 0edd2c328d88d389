package io.xsfu.signaling;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** What a verified token says: who the bearer is, in which room, what it may do, and until when. */
public record Grant(String room, String identity, Set<Permission> permissions, Instant expiresAt) {
    public Grant {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(expiresAt, "expiresAt");
        permissions = Set.copyOf(permissions);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }
}
