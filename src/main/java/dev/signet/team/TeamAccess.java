package dev.signet.team;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.signet.auth.Caller;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Decides which team a request acts in. API keys carry their team (any {@code X-Team-ID} is ignored);
 * JWT callers name it in {@code X-Team-ID} and must be members of it (or platform admins).
 */
@ApplicationScoped
public class TeamAccess {

    public static final String TEAM_HEADER = "X-Team-ID";
    /** Roles by (team, user), kept {@code quarkus.cache.caffeine."memberships".expire-after-write}. */
    public static final String MEMBERSHIP_CACHE = "memberships";

    private final MembershipRepository memberships;
    private final TeamRepository teams;
    private final Cache roles;

    public TeamAccess(MembershipRepository memberships, TeamRepository teams, @CacheName(MEMBERSHIP_CACHE) Cache roles) {
        this.memberships = memberships;
        this.teams = teams;
        this.roles = roles;
    }

    /**
     * The team of a team-scoped endpoint, from the credential or the {@code X-Team-ID} header. API keys need
     * no database at all here (no session is opened for them: this is on every hot path).
     */
    public Uni<TeamContext> fromHeader(SecurityIdentity identity, String teamHeader) {
        Caller caller = Caller.of(identity);
        if (caller instanceof Caller.ApiKey key) {
            return Uni.createFrom().item(new TeamContext(key.teamId(), caller, null));
        }
        if (teamHeader == null || teamHeader.isBlank()) {
            return Uni.createFrom().failure(ApiException.badRequest("missing_team_id",
                    "The X-Team-ID header is required when authenticating with a JWT."));
        }
        UUID teamId;
        try {
            teamId = Ids.parse(TEAM_HEADER, teamHeader.trim());
        } catch (ApiException e) {
            return Uni.createFrom().failure(ApiException.badRequest("invalid_team_id",
                    "The X-Team-ID header must be a UUID."));
        }
        return member((Caller.User) caller, teamId).map(role -> {
            if (role == null) {
                throw ApiException.forbidden("You are not a member of the team named in X-Team-ID.");
            }
            return new TeamContext(teamId, caller, role);
        });
    }

    /**
     * The team named in a path ({@code /teams/{id}/...}): membership management is for people, and a
     * team the caller cannot see does not exist for them (404).
     */
    @WithSession
    public Uni<TeamContext> fromPath(SecurityIdentity identity, UUID teamId) {
        Caller caller = Caller.of(identity);
        if (!(caller instanceof Caller.User user)) {
            return Uni.createFrom().failure(ApiException.forbidden("API keys cannot manage team members."));
        }
        return member(user, teamId).map(role -> {
            if (role == null) {
                throw ApiException.notFound("Team not found.");
            }
            return new TeamContext(teamId, caller, role);
        });
    }

    /** The member's role; a platform admin who is not a member acts as admin of any existing team. */
    private Uni<Role> member(Caller.User user, UUID teamId) {
        return role(teamId, user.userId()).chain(role -> {
            if (role.isPresent() || !user.platformAdmin()) {
                return Uni.createFrom().item(role.orElse(null));
            }
            return Panache.withSession(() -> teams.findById(teamId)).map(team -> team == null ? null : Role.ADMIN);
        });
    }

    /**
     * The role of a member, or empty, from the cache or one query: JWT callers ask on every request. A change
     * of membership evicts the entry on the replica that made it ({@link #forget}) and is seen by the others
     * within the cache's expiry, as revoked API keys are.
     */
    private Uni<Optional<Role>> role(UUID teamId, String userId) {
        return roles.getAsync(new MemberKey(teamId, userId), key -> Panache.withSession(
                () -> memberships.findMember(teamId, userId))
                .map(membership -> Optional.ofNullable(membership == null ? null : Role.fromWire(membership.role))));
    }

    /** After adding or removing a member: the next request of that user sees it. */
    public Uni<Void> forget(UUID teamId, String userId) {
        return roles.invalidate(new MemberKey(teamId, userId));
    }

    private record MemberKey(UUID teamId, String userId) {
    }
}
