package dev.signet.access;

import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.team.MembershipRepository;
import dev.signet.team.Role;
import dev.signet.team.TeamRepository;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides which team a request acts in and what the caller is there. API keys carry their team (any
 * {@code X-Team-ID} is ignored); people name it in {@code X-Team-ID} (or in the path, for member
 * management) and must be members of it or platform admins.
 */
@ApplicationScoped
public class TeamAccess {

    public static final String TEAM_HEADER = "X-Team-ID";
    /** Roles by (team, user), kept {@code quarkus.cache.caffeine."memberships".expire-after-write}. */
    public static final String MEMBERSHIP_CACHE = "memberships";

    private final MembershipRepository memberships;
    private final TeamRepository teams;
    private final Cache roles;

    public TeamAccess(
            MembershipRepository memberships, TeamRepository teams, @CacheName(MEMBERSHIP_CACHE) Cache roles) {
        this.memberships = memberships;
        this.teams = teams;
        this.roles = roles;
    }

    /** The team of {@code X-Team-ID}, or the key's. API keys need no database here (on every hot path). */
    public Uni<TeamContext> fromHeader(Caller caller, String teamHeader) {
        if (caller instanceof Caller.ApiKey key) {
            CallerKind kind = key.kind() == KeyKind.SK ? CallerKind.FULL_KEY : CallerKind.DOWNLOAD_KEY;
            return Uni.createFrom().item(new TeamContext(key.teamId(), caller, kind));
        }
        if (teamHeader == null || teamHeader.isBlank()) {
            return Uni.createFrom().failure(ErrorCode.MISSING_TEAM_ID.exception());
        }
        UUID teamId;
        try {
            teamId = Ids.parse(TEAM_HEADER, teamHeader.trim());
        } catch (ApiException e) {
            return Uni.createFrom().failure(ErrorCode.INVALID_TEAM_ID.exception());
        }
        return kind((Caller.User) caller, teamId).map(kind -> {
            if (kind == null) {
                throw ErrorCode.NOT_A_MEMBER.exception();
            }
            return new TeamContext(teamId, caller, kind);
        });
    }

    /** The team named in the path ({@code /teams/{teamId}/…}): a team the caller cannot see does not exist (404). */
    public Uni<TeamContext> fromPath(Caller caller, String pathTeamId) {
        if (!(caller instanceof Caller.User user)) {
            return Uni.createFrom().failure(ErrorCode.PEOPLE_ONLY.exception());
        }
        UUID teamId = Ids.parse("team_id", pathTeamId);
        return kind(user, teamId).map(kind -> {
            if (kind == null) {
                throw ErrorCode.TEAM_NOT_FOUND.exception();
            }
            return new TeamContext(teamId, caller, kind);
        });
    }

    /** What a person is in the team, or null; a platform admin is one in any existing team. */
    private Uni<CallerKind> kind(Caller.User user, UUID teamId) {
        if (user.platformAdmin()) {
            return Panache.withSession(() -> teams.findById(teamId))
                    .map(team -> team == null ? null : CallerKind.PLATFORM_ADMIN);
        }
        return role(teamId, user.userId()).map(role -> CallerKind.of(role.orElse(null), false));
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
