package dev.signet.team;

import dev.signet.access.Caller;
import dev.signet.access.CallerKind;
import dev.signet.access.Memberships;
import dev.signet.access.Role;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Answers access's question, what a person is in a team, from the memberships (cached: asked on every request). */
@ApplicationScoped
public class TeamMemberships implements Memberships {

    /** Roles by (team, user), kept {@code quarkus.cache.caffeine."memberships".expire-after-write}. */
    public static final String MEMBERSHIP_CACHE = "memberships";

    private final MembershipRepository memberships;
    private final TeamRepository teams;
    private final Cache roles;

    public TeamMemberships(
            MembershipRepository memberships, TeamRepository teams, @CacheName(MEMBERSHIP_CACHE) Cache roles) {
        this.memberships = memberships;
        this.teams = teams;
        this.roles = roles;
    }

    /** What a person is in the team, or null; a platform admin is one in any existing team. */
    @Override
    public Uni<CallerKind> kind(UUID teamId, Caller.User user) {
        if (user.platformAdmin()) {
            return Panache.withSession(() -> teams.findById(teamId))
                    .map(team -> team == null ? null : CallerKind.PLATFORM_ADMIN);
        }
        return role(teamId, user.userId()).map(role -> role.map(CallerKind::of).orElse(null));
    }

    /**
     * The role of a member, or empty, from the cache or one query: people are asked on every request. A change
     * of membership evicts the entry on the replica that made it ({@link #forget}) and is seen by the others
     * within the cache's expiry, as revoked API keys are.
     */
    private Uni<Optional<Role>> role(UUID teamId, String userId) {
        return roles.getAsync(
                new MemberKey(teamId, userId),
                key -> Panache.withSession(() -> memberships.findMember(teamId, userId))
                        .map(membership -> Optional.ofNullable(membership == null ? null : membership.role)));
    }

    /** After adding or removing a member: the next request of that user sees it. */
    public Uni<Void> forget(UUID teamId, String userId) {
        return roles.invalidate(new MemberKey(teamId, userId));
    }

    private record MemberKey(UUID teamId, String userId) {}
}
