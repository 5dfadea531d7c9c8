package dev.signet.access;

import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Decides which team a request acts in and what the caller is there. API keys carry their team (any
 * {@code X-Team-ID} is ignored); people name it in {@code X-Team-ID} (or in the path, for member
 * management) and must be members of it or platform admins.
 */
@ApplicationScoped
public class TeamAccess {

    public static final String TEAM_HEADER = "X-Team-ID";

    private final Memberships memberships;

    public TeamAccess(Memberships memberships) {
        this.memberships = memberships;
    }

    /** The team of {@code X-Team-ID}, or the key's. API keys need no database here (on every hot path). */
    Uni<TeamContext> fromHeader(Caller caller, String teamHeader) {
        if (caller instanceof Caller.ApiKey key) {
            return Uni.createFrom().item(new TeamContext(key.teamId(), caller, CallerKind.of(key.kind())));
        }
        if (teamHeader == null || teamHeader.isBlank()) {
            return Uni.createFrom().failure(ErrorCode.MISSING_TEAM_ID.exception());
        }
        UUID teamId;
        try {
            teamId = Ids.parse(TEAM_HEADER, teamHeader);
        } catch (ApiException e) {
            return Uni.createFrom().failure(ErrorCode.INVALID_TEAM_ID.exception());
        }
        return memberships.kind(teamId, (Caller.User) caller).map(kind -> {
            if (kind == null) {
                throw ErrorCode.NOT_A_MEMBER.exception();
            }
            return new TeamContext(teamId, caller, kind);
        });
    }

    /** The team named in the path ({@code /teams/{teamId}/…}): a team the caller cannot see does not exist (404). */
    Uni<TeamContext> fromPath(Caller caller, String pathTeamId) {
        if (!(caller instanceof Caller.User user)) {
            return Uni.createFrom().failure(ErrorCode.PEOPLE_ONLY.exception());
        }
        UUID teamId = Ids.parse("team_id", pathTeamId);
        return memberships.kind(teamId, user).map(kind -> {
            if (kind == null) {
                throw ErrorCode.TEAM_NOT_FOUND.exception();
            }
            return new TeamContext(teamId, caller, kind);
        });
    }
}
