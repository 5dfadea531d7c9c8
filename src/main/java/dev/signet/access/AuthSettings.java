package dev.signet.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What Signet adds to SmallRye JWT's own settings ({@code mp.jwt.verify.*}, {@code smallrye.jwt.*}): the
 * rules for which tokens count as access tokens for Signet, the claims it reads, and how the identity
 * provider's key set (JWKS) is fetched. Checked at start-up by {@link AuthStartupCheck}.
 */
@ConfigMapping(prefix = "signet.auth")
public interface AuthSettings {

    Jwt jwt();

    Jwks jwks();

    interface Jwt {

        /**
         * Refuse to start unless {@code mp.jwt.verify.audiences} is set. Without an audience any token the
         * issuer signs for any client would be accepted; turn this off only for an issuer that mints tokens
         * for Signet alone.
         */
        @WithDefault("true")
        boolean audienceRequired();

        /**
         * When set, the token's {@code azp} (or Cognito's {@code client_id}) must be one of these client ids.
         */
        Optional<List<String>> authorizedParties();

        /** The claim that holds the user id (top-level, a string). */
        @WithDefault("sub")
        String userIdClaim();

        /**
         * The group (in the claim {@code smallrye.jwt.path.groups} names, {@code groups} by default) that makes
         * a caller a platform admin; a leading {@code /} (Keycloak's full group path) is accepted.
         */
        @WithDefault("platform-admin")
        String platformAdminGroup();

        /** When set, only users in this group (and platform admins) may create teams; absent: any user. */
        Optional<String> teamCreatorGroup();
    }

    /** Used when {@code mp.jwt.verify.publickey.location} is an http(s) URL. */
    interface Jwks {

        /** How often the key set is read again: a key removed at the provider is refused within this time. */
        @WithDefault("PT5M")
        Duration refreshInterval();

        /**
         * A token with a key id not in the set triggers a fetch at once, then at most one per this interval
         * (tokens arriving meanwhile wait for that next fetch, so a flood of made-up key ids can delay a new
         * key by this much at most, never lock it out).
         */
        @WithDefault("PT2S")
        Duration minRefreshInterval();

        /** Connecting to and reading the key set: past this the fetch counts as failed. */
        @WithDefault("PT3S")
        Duration timeout();

        /**
         * While the provider cannot be reached, the last key set is trusted until it is this old; after that
         * JWT callers get 503 until a fetch succeeds.
         */
        @WithDefault("PT15M")
        Duration maxStale();
    }
}
