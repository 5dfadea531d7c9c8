package dev.signet.team;

import dev.signet.access.AccessTokenRules;
import dev.signet.access.Role;
import dev.signet.common.Name;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the team endpoints (snake_case on the wire). */
public final class TeamDtos {

    private TeamDtos() {}

    public record CreateTeam(@Name(max = 100) String name) {}

    @RegisterForReflection // built into a Response at run time: native images need it registered
    /** {@code role} is null for an API key (it belongs to the team, it is no member). */
    public record TeamView(UUID id, String name, @Nullable Role role, Instant createdAt) {}

    public record TeamList(List<TeamView> items) {}

    public record AddMember(
            @Name(max = AccessTokenRules.MAX_USER_ID_LENGTH) String userId,
            @Nullable Role role) {}

    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record MemberView(String userId, Role role, Instant createdAt) {
        static MemberView of(Membership m) {
            return new MemberView(m.userId, m.role, m.createdAt);
        }
    }

    public record MemberList(List<MemberView> items) {}
}
