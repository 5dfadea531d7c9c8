package dev.signet.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who calls in the current request and in which team, as {@link AccessFilter} established and checked it
 * before the endpoint ran (with lazy authentication the identity cannot be asked for again on the event
 * loop, so endpoints read it here).
 */
@RequestScoped
public class CurrentCaller {

    private SecurityIdentity identity;
    private TeamContext team;

    void set(SecurityIdentity identity) {
        this.identity = identity;
    }

    void set(TeamContext team) {
        this.team = team;
    }

    public SecurityIdentity identity() {
        if (identity == null) {
            throw new IllegalStateException("no caller: the endpoint is public");
        }
        return identity;
    }

    public Caller caller() {
        return Caller.of(identity());
    }

    /** The team of a team-scoped endpoint; only such endpoints ask. */
    public TeamContext team() {
        if (team == null) {
            throw new IllegalStateException("no team resolved: the endpoint is not declared team-scoped");
        }
        return team;
    }
}
