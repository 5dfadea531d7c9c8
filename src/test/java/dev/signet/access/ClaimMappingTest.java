package dev.signet.access;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The claim settings of the README's provider table, as a Keycloak realm with realm roles would need them:
 * the user id from {@code email}, roles from {@code realm_access.roles}, a platform-admin role of its own
 * name, and team creation for one role only.
 */
@QuarkusTest
@TestProfile(ClaimMappingTest.KeycloakRealmRoles.class)
class ClaimMappingTest {

    public static class KeycloakRealmRoles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "signet.auth.jwt.user-id-claim", "email",
                    "smallrye.jwt.path.groups", "realm_access/roles",
                    "signet.auth.jwt.platform-admin-group", "signet-admin",
                    "signet.auth.jwt.team-creator-group", "/team-creators");
        }
    }

    private static JwtClaimsBuilder person(String email, String... roles) {
        return Tokens.claims(unique("kc-uuid"))
                .claim("email", email)
                .claim("realm_access", Map.of("roles", List.of(roles)));
    }

    @Test
    void theUserIdComesFromTheConfiguredClaim() {
        String email = unique("ana") + "@example.com";
        String token = Tokens.sign(person(email, "team-creators"));
        String team = as(token)
                .body("{\"name\":\"Ana's\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(token)
                .get("/api/v1/teams/" + team + "/members")
                .then()
                .statusCode(200)
                .body("items.user_id", hasItem(email));
    }

    @Test
    void onlyTheTeamCreatorRoleAndPlatformAdminsCreateTeams() {
        as(Tokens.sign(person(unique("bo") + "@example.com", "offline_access")))
                .body("{\"name\":\"no\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(403)
                .body("detail.code", equalTo("forbidden"));
        as(Tokens.sign(person(unique("cy") + "@example.com", "signet-admin")))
                .body("{\"name\":\"ops\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(201);
    }

    @Test
    void theConfiguredPlatformAdminRoleActsInEveryTeam() {
        String owner = Tokens.sign(person(unique("dee") + "@example.com", "team-creators"));
        String team = as(owner)
                .body("{\"name\":\"Dee's\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(Tokens.sign(person(unique("root") + "@example.com", "signet-admin")))
                .get("/api/v1/teams/" + team + "/members")
                .then()
                .statusCode(200);
        // the default group name means nothing here
        as(Tokens.sign(person(unique("eve") + "@example.com", "platform-admin")))
                .get("/api/v1/teams/" + team + "/members")
                .then()
                .statusCode(404);
    }

    @Test
    void aTokenWithoutTheUserIdClaimIsRefused() {
        as(Tokens.sign(Tokens.claims(unique("no-email"))))
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .body("detail.code", equalTo("missing_claims"))
                .body("detail.message", equalTo("The token has no usable user id in its 'email' claim."));
    }
}
