package dev.signet.access;

import java.util.UUID;

/** The team a request acts in, and what the caller is there ({@link CallerKind}). */
public record TeamContext(UUID teamId, Caller caller, CallerKind kind) {

    public boolean allows(Permission permission) {
        return permission.allows(kind);
    }

    /** Refuses with the permission's reason (403) unless the caller has it. */
    public TeamContext require(Permission permission) {
        if (!allows(permission)) {
            throw permission.refusal(kind).exception();
        }
        return this;
    }
}
