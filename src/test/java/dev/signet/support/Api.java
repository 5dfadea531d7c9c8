package dev.signet.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** The calls most tests need to set the scene: a team with an owner, members and keys. */
public final class Api {

    private Api() {}

    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification as(String token, UUID team) {
        return as(token).header("X-Team-ID", team.toString());
    }

    /** A fresh team owned by {@code owner} (a user id), and that owner's token. */
    public static Team team(String owner) {
        String token = Tokens.user(owner);
        String id = as(token)
                .body("{\"name\":\"team of " + owner + "\"}")
                .post("/api/v1/teams")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(201)
                .extract()
                .path("id");
        return new Team(UUID.fromString(id), owner, token);
    }

    public record Team(UUID id, String owner, String ownerToken) {

        public void addMember(String userId, String role) {
            as(ownerToken)
                    .body("{\"user_id\":\"" + userId + "\",\"role\":\"" + role + "\"}")
                    .post("/api/v1/teams/" + id + "/members")
                    .then()
                    .statusCode(201);
        }

        /** Mints an upload ({@code uk}) key expiring at {@code expiresAt}, as the owner. */
        public Key mintUploadKey(java.time.Instant expiresAt) {
            var response = as(ownerToken, id)
                    .body("{\"name\":\"upload key\",\"kind\":\"uk\",\"expires_at\":\"" + expiresAt + "\"}")
                    .post("/api/v1/api-keys")
                    .then()
                    .statusCode(201)
                    .extract();
            return new Key(UUID.fromString(response.path("id")), response.path("key"));
        }

        /** Mints a key ({@code sk} or {@code dk}) and returns its secret. */
        public Key mintKey(String kind) {
            var response = as(ownerToken, id)
                    .body("{\"name\":\"test key\",\"kind\":\"" + kind + "\"}")
                    .post("/api/v1/api-keys")
                    .then()
                    .statusCode(201)
                    .extract();
            return new Key(UUID.fromString(response.path("id")), response.path("key"));
        }
    }

    public record Key(UUID id, String secret) {}

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
