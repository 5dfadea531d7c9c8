package dev.signet.access;

import dev.signet.common.Text;
import dev.signet.error.ErrorCode;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What Signet asks of a token whose signature, issuer, audience and lifetime SmallRye JWT has verified: that
 * it is an access token (not an ID or refresh token), issued to an allowed client, naming a user; and what
 * its groups make the caller.
 */
@ApplicationScoped
public class AccessTokenRules {

    /** Header {@code typ} values of access tokens: plain JWTs and RFC 9068 access tokens. */
    private static final Set<String> ACCESS_TOKEN_HEADER_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    /** Longest accepted user id: it is stored with memberships and recorded as {@code created_by}. */
    public static final int MAX_USER_ID_LENGTH = 255;

    private final AuthSettings.Jwt settings;
    private final String platformAdminGroup;
    private final String teamCreatorGroup;

    public AccessTokenRules(AuthSettings settings) {
        this.settings = settings.jwt();
        this.platformAdminGroup = groupName(this.settings.platformAdminGroup());
        this.teamCreatorGroup = this.settings
                .teamCreatorGroup()
                .map(AccessTokenRules::groupName)
                .orElse(null);
    }

    /**
     * The caller a verified token stands for.
     *
     * @param headerType the JOSE header's {@code typ}, or null
     */
    public SecurityIdentity identity(JsonWebToken jwt, String headerType) {
        requireAccessToken(jwt, headerType);
        requireAuthorizedParty(jwt);
        String userId = userId(jwt);
        Set<String> groups = groups(jwt.getGroups());
        boolean platformAdmin = groups.contains(platformAdminGroup);
        boolean teamCreator = platformAdmin || teamCreatorGroup == null || groups.contains(teamCreatorGroup);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addAttribute(Caller.ATTRIBUTE, new Caller.User(userId, platformAdmin, teamCreator))
                .build();
    }

    /**
     * ID tokens and refresh tokens are signed by the same keys as access tokens: tell them apart by the
     * marks providers put on them (Keycloak's {@code typ} claim, Cognito's {@code token_use}, the header
     * {@code typ} of RFC 9068).
     */
    private static void requireAccessToken(JsonWebToken jwt, String headerType) {
        if (headerType != null && !ACCESS_TOKEN_HEADER_TYPES.contains(headerType.toLowerCase(Locale.ROOT))) {
            throw ErrorCode.WRONG_TOKEN_TYPE.unauthenticated();
        }
        Object type = jwt.getClaim("typ");
        if (type != null && !"bearer".equalsIgnoreCase(String.valueOf(type))) {
            throw ErrorCode.WRONG_TOKEN_TYPE.unauthenticated();
        }
        Object use = jwt.getClaim("token_use");
        if (use != null && !"access".equals(String.valueOf(use))) {
            throw ErrorCode.WRONG_TOKEN_TYPE.unauthenticated();
        }
    }

    private void requireAuthorizedParty(JsonWebToken jwt) {
        List<String> allowed = settings.authorizedParties().orElse(List.of());
        if (allowed.isEmpty()) {
            return;
        }
        Object party = jwt.containsClaim("azp") ? jwt.getClaim("azp") : jwt.getClaim("client_id");
        if (party == null || !allowed.contains(String.valueOf(party))) {
            throw ErrorCode.UNAUTHORIZED_PARTY.unauthenticated();
        }
    }

    private String userId(JsonWebToken jwt) {
        String claim = settings.userIdClaim();
        Object value = "sub".equals(claim) ? jwt.getSubject() : jwt.getClaim(claim);
        String userId = value instanceof String s ? s.strip() : null;
        if (Text.nameProblem(userId, MAX_USER_ID_LENGTH) != null) {
            throw ErrorCode.MISSING_CLAIMS.unauthenticated(
                    "The token has no usable user id in its '" + claim + "' claim.");
        }
        return userId;
    }

    /** Group names without one leading {@code /}: Keycloak writes top-level groups as full paths. */
    private static Set<String> groups(Collection<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return Set.of();
        }
        return raw.stream().map(AccessTokenRules::groupName).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static String groupName(String group) {
        return group.startsWith("/") ? group.substring(1) : group;
    }
}
