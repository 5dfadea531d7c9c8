package dev.signet.access;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Refuses to start with a JWT set-up that would accept tokens not meant for Signet, and says what the
 * set-up is. Without an issuer any holder of the key could mint tokens; without an audience every token
 * the issuer signs for any of its clients would be accepted.
 */
@ApplicationScoped
public class AuthStartupCheck {

    private static final Logger LOG = Logger.getLogger(AuthStartupCheck.class);

    void check(@Observes StartupEvent event, JWTAuthContextInfo jwt, AuthSettings settings, PemVerificationKey pem) {
        List<String> problems = problems(jwt, settings);
        pem.problem().ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("JWT verification is not configured safely: " + String.join(" ", problems));
        }
        Set<String> audiences = jwt.getExpectedAudience();
        if ((audiences == null || audiences.isEmpty())
                && settings.jwt().authorizedParties().isEmpty()) {
            LOG.warn("JWT audiences are not checked and no authorized parties are set: every access token the issuer "
                    + "signs, for any of its clients, is accepted");
        }
        LOG.infof(
                "JWT access tokens: issuer %s, audience %s, algorithms %s, keys from %s, user id claim '%s'%s",
                jwt.getIssuedBy(),
                audiences == null ? "not checked (signet.auth.jwt.audience-required=false)" : audiences,
                jwt.getSignatureAlgorithm(),
                keySource(jwt, pem),
                settings.jwt().userIdClaim(),
                settings.jwt()
                        .authorizedParties()
                        .map(parties -> ", authorized parties " + parties)
                        .orElse(""));
    }

    static List<String> problems(JWTAuthContextInfo jwt, AuthSettings settings) {
        List<String> problems = new ArrayList<>();
        if (jwt.getIssuedBy() == null || jwt.getIssuedBy().isBlank()) {
            problems.add("Set MP_JWT_VERIFY_ISSUER (mp.jwt.verify.issuer) to your identity provider's issuer.");
        }
        Set<String> audiences = jwt.getExpectedAudience();
        if (settings.jwt().audienceRequired() && (audiences == null || audiences.isEmpty())) {
            problems.add("Set MP_JWT_VERIFY_AUDIENCES (mp.jwt.verify.audiences) to the audience your identity "
                    + "provider puts in access tokens for Signet, or SIGNET_AUTH_JWT_AUDIENCE_REQUIRED=false if the "
                    + "issuer mints tokens for Signet alone.");
        }
        AuthSettings.Jwks jwks = settings.jwks();
        if (!positive(jwks.timeout()) || !positive(jwks.minRefreshInterval()) || !positive(jwks.refreshInterval())) {
            problems.add("signet.auth.jwks.timeout, .min-refresh-interval and .refresh-interval must be positive.");
        } else if (jwks.minRefreshInterval().compareTo(jwks.refreshInterval()) > 0
                || jwks.refreshInterval().compareTo(jwks.maxStale()) > 0) {
            problems.add("signet.auth.jwks needs min-refresh-interval <= refresh-interval <= max-stale.");
        }
        return problems;
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static String keySource(JWTAuthContextInfo jwt, PemVerificationKey pem) {
        if (RemoteJwks.remoteLocation(jwt.getPublicKeyLocation()).isPresent()) {
            return "the JWKS at " + jwt.getPublicKeyLocation().trim();
        }
        if (pem.key().isPresent()) {
            return pem.describe(jwt.getSignatureAlgorithm());
        }
        if (jwt.getPublicKeyLocation() != null) {
            return jwt.getPublicKeyLocation();
        }
        // SmallRye JWT reads a key file at start-up: its text is the key content from then on
        return jwt.getPublicKeyContent() != null
                        || jwt.getSecretKeyContent() != null
                        || jwt.getPublicVerificationKey() != null
                ? pem.source()
                : "nowhere (no key configured: every JWT is refused)";
    }
}
