package dev.signet.team;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request and response bodies of the team endpoints (snake_case on the wire). */
public final class TeamDtos {

    /** Printable text: no control characters (newlines, NUL, escape sequences). */
    static final String PRINTABLE = "[^\\p{Cntrl}]*";
    static final String PRINTABLE_MESSAGE = "must not contain control characters";

    private TeamDtos() {
    }

    public record CreateTeam(
            @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String name) {
    }

    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record TeamView(UUID id, String name, Role role, Instant createdAt) {
    }

    public record TeamList(List<TeamView> items) {
    }

    public record AddMember(
            @NotBlank @Size(max = 255) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String userId,
            Role role) {
    }

    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record MemberView(String userId, Role role, Instant createdAt) {
        static MemberView of(Membership m) {
            return new MemberView(m.userId, m.role, m.createdAt);
        }
    }

    public record MemberList(List<MemberView> items) {
    }
}
