package dev.signet.access;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * What a person is in a team: access asks, the team feature answers from its memberships (so access needs no
 * table of its own and team builds on access, not the other way round).
 */
public interface Memberships {

    /**
     * What {@code user} is in the team: {@link CallerKind#OWNER}, {@link CallerKind#ADMIN} or
     * {@link CallerKind#MEMBER}; {@link CallerKind#PLATFORM_ADMIN} for a platform admin in any team that exists;
     * null for anyone else (or a team that does not exist).
     */
    Uni<CallerKind> kind(UUID teamId, Caller.User user);
}
