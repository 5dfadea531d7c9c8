package dev.signet.access;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.apikey.ApiKeySecrets;
import dev.signet.support.Api;
import dev.signet.support.ClassTeam;
import dev.signet.support.Db;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class AuthenticationTest {

    @RegisterExtension
    static final ClassTeam team = new ClassTeam("auth-owner", "sk");

    @Test
    void jwtAuthenticates() {
        as(team.ownerToken())
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(team.id().toString()))
                .body("items.find { it.id == '" + team.id() + "' }.role", equalTo("owner"));
    }

    @Test
    void apiKeyAuthenticatesWithoutTeamHeader() {
        as(team.sk().secret())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(team.sk().id().toString()));
        as(team.sk().secret())
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(java.util.List.of(team.id().toString())));
    }

    static Stream<Arguments> refusedCredentials() {
        String someone = unique("someone");
        return Stream.of(
                Arguments.of("no header", null, "missing_credentials"),
                Arguments.of("wrong scheme", "Basic dXNlcjpwYXNz", "invalid_authorization"),
                Arguments.of("empty bearer", "Bearer ", "invalid_token"),
                Arguments.of("garbage token", "Bearer not-a-token", "invalid_token"),
                Arguments.of("garbage JWT", "Bearer aaa.bbb.ccc", "invalid_token"),
                Arguments.of("bad signature", "Bearer " + Tokens.badSignature(someone), "invalid_signature"),
                Arguments.of("alg none", "Bearer " + Tokens.algNone(someone), "invalid_signature"),
                Arguments.of("expired JWT", "Bearer " + Tokens.expired(someone), "token_expired"),
                Arguments.of("wrong issuer", "Bearer " + Tokens.wrongIssuer(someone), "wrong_issuer"),
                Arguments.of("unknown key", "Bearer " + ApiKeySecrets.newToken(KeyKind.SK), "invalid_api_key"),
                Arguments.of("malformed key", "Bearer sk-short", "invalid_api_key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCredentials")
    void refusedWith401AndErrorBody(String name, String authorization, String code) {
        String before = Db.snapshot();
        var request = given().contentType(ContentType.JSON).body("{\"name\":\"should not exist\"}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.post("/api/v1/teams")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType(ContentType.JSON)
                .body("detail.code", equalTo(code))
                .body("detail.message", notNullValue())
                .body("detail.message", not(org.hamcrest.Matchers.containsString("Exception")));
        assertEquals(before, Db.snapshot(), "a refused request must not change any row");
    }

    @Test
    void revokedKeyIsRefusedOnTheVeryNextRequest() {
        Api.Key key = team.mintKey("sk");
        as(key.secret()).get("/api/v1/api-keys").then().statusCode(200);
        as(team.ownerToken(), team.id())
                .delete("/api/v1/api-keys/" + key.id())
                .then()
                .statusCode(204);
        as(key.secret()).get("/api/v1/api-keys").then().statusCode(401).body("detail.code", equalTo("api_key_revoked"));
    }

    @Test
    void expiredKeyIsRefused() {
        Api.Key key = team.mintKey("dk");
        Db.update("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?", key.id());
        as(key.secret()).get("/api/v1/teams").then().statusCode(401).body("detail.code", equalTo("api_key_expired"));
    }

    @Test
    void keyOfTheWrongKindPrefixIsRefused() {
        // the same secret presented as the other kind must not authenticate
        String swapped = "dk-" + team.sk().secret().substring(3);
        as(swapped).get("/api/v1/teams").then().statusCode(401).body("detail.code", equalTo("invalid_api_key"));
    }

    @Test
    void unknownRouteUsesTheErrorShape() {
        as(team.ownerToken())
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
    }
}
