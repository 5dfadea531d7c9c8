package dev.signet.team;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.signet.auth.Caller;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
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

    private final MembershipRepository memberships;
    private final TeamRepository teams;

    public TeamAccess(MembershipRepository memberships, TeamRepository teams) {
        this.memberships = memberships;
        this.teams = teams;
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
        return Panache.withSession(() -> member((Caller.User) caller, teamId)).map(role -> {
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
        return memberships.findMember(teamId, user.userId()).chain(membership -> {
            if (membership != null) {
                return Uni.createFrom().item(Role.fromWire(membership.role));
            }
            if (!user.platformAdmin()) {
                return Uni.createFrom().nullItem();
            }
            return teams.findById(teamId).map(team -> team == null ? null : Role.ADMIN);
        });
    }
}
