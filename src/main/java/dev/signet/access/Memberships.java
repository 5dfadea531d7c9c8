package dev.signet.access;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * What a person is in a team: access asks, the team feature answers from its memberships (so access needs no
 * table of its own and team builds on access, not the other way round).
 */
public interface Memberships {

    /**
     * What {@code user} is in the team: a member is what their {@link Role} makes them ({@link CallerKind#of(Role)});
     * a platform admin is {@link CallerKind#PLATFORM_ADMIN} in any team that exists; anyone else (or a team that
     * does not exist) null.
     */
    Uni<CallerKind> kind(UUID teamId, Caller.User user);
}
