package dev.signet.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The set-ups Signet refuses to start with, and the messages that say what to set. */
class AuthStartupCheckTest {

    @Test
    void issuerAndAudienceSetStarts() {
        assertEquals(
                List.of(), AuthStartupCheck.problems(jwt("https://idp", Set.of("signet")), settings(true, jwks())));
    }

    @Test
    void noAudienceIsRefusedUnlessTurnedOff() {
        List<String> problems = AuthStartupCheck.problems(jwt("https://idp", null), settings(true, jwks()));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("MP_JWT_VERIFY_AUDIENCES"), problems.get(0));
        assertTrue(problems.get(0).contains("SIGNET_AUTH_JWT_AUDIENCE_REQUIRED=false"), problems.get(0));
        assertEquals(List.of(), AuthStartupCheck.problems(jwt("https://idp", null), settings(false, jwks())));
    }

    @Test
    void noIssuerIsRefused() {
        List<String> problems = AuthStartupCheck.problems(jwt(null, Set.of("signet")), settings(true, jwks()));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("MP_JWT_VERIFY_ISSUER"), problems.get(0));
    }

    @Test
    void jwksIntervalsMustNest() {
        AuthSettings.Jwks inverted =
                jwks(Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(5));
        assertEquals(
                1,
                AuthStartupCheck.problems(jwt("https://idp", Set.of("signet")), settings(true, inverted))
                        .size());
        AuthSettings.Jwks zero =
                jwks(Duration.ofMinutes(5), Duration.ZERO, Duration.ofSeconds(3), Duration.ofMinutes(15));
        assertEquals(
                1,
                AuthStartupCheck.problems(jwt("https://idp", Set.of("signet")), settings(true, zero))
                        .size());
    }

    private static JWTAuthContextInfo jwt(String issuer, Set<String> audiences) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setIssuedBy(issuer);
        info.setExpectedAudience(audiences);
        return info;
    }

    private static AuthSettings.Jwks jwks() {
        return jwks(Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(15));
    }

    private static AuthSettings.Jwks jwks(Duration refresh, Duration minRefresh, Duration timeout, Duration maxStale) {
        return new AuthSettings.Jwks() {
            public Duration refreshInterval() {
                return refresh;
            }

            public Duration minRefreshInterval() {
                return minRefresh;
            }

            public Duration timeout() {
                return timeout;
            }

            public Duration maxStale() {
                return maxStale;
            }
        };
    }

    private static AuthSettings settings(boolean audienceRequired, AuthSettings.Jwks jwks) {
        AuthSettings.Jwt jwt = new AuthSettings.Jwt() {
            public boolean audienceRequired() {
                return audienceRequired;
            }

            public Optional<List<String>> authorizedParties() {
                return Optional.empty();
            }

            public String userIdClaim() {
                return "sub";
            }

            public String platformAdminGroup() {
                return "platform-admin";
            }

            public Optional<String> teamCreatorGroup() {
                return Optional.empty();
            }
        };
        return new AuthSettings() {
            public Jwt jwt() {
                return jwt;
            }

            public Jwks jwks() {
                return jwks;
            }
        };
    }
}
