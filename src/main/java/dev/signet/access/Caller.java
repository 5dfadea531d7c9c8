package dev.signet.access;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.UUID;

/**
 * Who is calling, from a verified credential: a person or an API key. In the team a request acts in, a caller is a
 * {@link CallerKind} ({@link TeamAccess}), which {@link Permission} checks.
 */
public sealed interface Caller permits Caller.User, Caller.ApiKey {

    String ATTRIBUTE = "signet.caller";

    /**
     * A person, from a verified JWT.
     *
     * @param platformAdmin in the platform-admin group: an admin in every team
     * @param teamCreator may create teams: in {@code signet.auth.jwt.team-creator-group} (anyone when it is unset),
     *     or a platform admin
     */
    record User(String userId, boolean platformAdmin, boolean teamCreator) implements Caller {
        @Override
        public String actor() {
            return userId;
        }
    }

    /** A minted API key; its team comes from the key row, never from a header. */
    record ApiKey(UUID keyId, UUID teamId, KeyKind kind) implements Caller {
        @Override
        public String actor() {
            return "api-key:" + keyId;
        }
    }

    /** What to record as {@code created_by}: the user id, or {@code api-key:<id>}. */
    String actor();

    static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return caller;
    }
}
