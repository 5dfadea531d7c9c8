package dev.signet.access;

import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.Endpoints;
import dev.signet.support.Http;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access matrix: every operation × every kind of caller, as docs/api.md states it. {@link #MATRIX} is
 * that table, character for character; every JAX-RS method must have a row (a new endpoint
 * without one fails the build), and every cell is tried against the running service: ✓ means the
 * operation ran (any answer but 401, 403 or 404), a number is the exact refusal.
 */
@QuarkusTest
class AccessMatrixTest {

    /** Between docs/api.md's markers {@code <!-- access-matrix -->} and {@code <!-- /access-matrix -->}. */
    static final String MATRIX = """
            | operation | anonymous | `dk-` key | `sk-` key | member | admin | owner | platform admin | another team's owner | another team's `sk-` key | `uk-` key |
            |---|---|---|---|---|---|---|---|---|---|---|
            | `POST /api/v1/teams` | 401 | 403 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 403 |
            | `GET /api/v1/teams` | 401 | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | 403 |
            | `GET /api/v1/teams/{teamId}/members` | 401 | 403 | 403 | 403 | ✓ | ✓ | ✓ | 404 | 403 | 403 |
            | `POST /api/v1/teams/{teamId}/members` | 401 | 403 | 403 | 403 | ✓ | ✓ | ✓ | 404 | 403 | 403 |
            | `DELETE /api/v1/teams/{teamId}/members/{userId}` | 401 | 403 | 403 | 403 | ✓ | ✓ | ✓ | 404 | 403 | 403 |
            | `GET /api/v1/teams/{teamId}/quota` | 401 | 403 | 403 | 403 | ✓ | ✓ | ✓ | 404 | 403 | 403 |
            | `PUT /api/v1/teams/{teamId}/quota` | 401 | 403 | 403 | 403 | 403 | 403 | ✓ | 404 | 403 | 403 |
            | `DELETE /api/v1/teams/{teamId}/quota` | 401 | 403 | 403 | 403 | 403 | 403 | ✓ | 404 | 403 | 403 |
            | `POST /api/v1/api-keys` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/api-keys` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `DELETE /api/v1/api-keys/{keyId}` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `POST /api/v1/assets/upload-url` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/assets` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/assets/{id}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `DELETE /api/v1/assets/{id}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `POST /api/v1/assets/{id}/confirm` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `POST /api/v1/assets/multipart` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `POST /api/v1/assets/{id}/multipart/parts` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /api/v1/assets/{id}/multipart/parts` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `POST /api/v1/assets/{id}/multipart/complete` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `PATCH /api/v1/assets/{id}` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `POST /api/v1/r/files/presign` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `POST /api/v1/workflows` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/workflows` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `POST /api/v1/workflows/download-url` | 401 | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 403 | 403 |
            | `POST /api/v1/inference/assets/signed-url` | 401 | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /api/v1/objects/download` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
            | `GET /api/v1/objects/storage-usage` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `POST /api/v1/webhooks` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/webhooks` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/webhooks/{webhookId}` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `PATCH /api/v1/webhooks/{webhookId}` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `DELETE /api/v1/webhooks/{webhookId}` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /api/v1/webhooks/{webhookId}/deliveries` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `POST /api/v1/webhooks/{webhookId}/deliveries` | 401 | 403 | ✓ | 403 | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /api/v1/scans` | 401 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 |
            | `POST /api/v1/assets/{id}/scan-url` | 401 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 |
            | `POST /api/v1/assets/{id}/verdict` | 401 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 |
            | `GET /api/v1/teams/{teamId}/scanning` | 401 | 403 | 403 | 403 | ✓ | ✓ | ✓ | 404 | 403 | 403 |
            | `PUT /api/v1/teams/{teamId}/scanning` | 401 | 403 | 403 | 403 | 403 | 403 | ✓ | 404 | 403 | 403 |
            | `POST /api/v1/links` | 401 | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /api/v1/links` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | 403 |
            | `GET /api/v1/links/{linkId}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `DELETE /api/v1/links/{linkId}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /api/v1/links/{linkId}/uses` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | 403 |
            | `GET /l/{token}` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
            | `HEAD /l/{token}` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
            | `GET /api/v1/uppy/s3/params` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | ✓ |
            | `POST /api/v1/uppy/s3/multipart` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | ✓ | ✓ |
            | `GET /api/v1/uppy/s3/multipart/{uploadId}/{partNumber}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | ✓ |
            | `GET /api/v1/uppy/s3/multipart/{uploadId}/batch` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | ✓ |
            | `GET /api/v1/uppy/s3/multipart/{uploadId}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | ✓ |
            | `POST /api/v1/uppy/s3/multipart/{uploadId}/complete` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | ✓ |
            | `DELETE /api/v1/uppy/s3/multipart/{uploadId}` | 401 | 403 | ✓ | ✓ | ✓ | ✓ | ✓ | 403 | 404 | ✓ |
            | `GET /api/v1/uppy/{key}/s3/params` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            | `POST /api/v1/uppy/{key}/s3/multipart` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            | `GET /api/v1/uppy/{key}/s3/multipart/{uploadId}/{partNumber}` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            | `GET /api/v1/uppy/{key}/s3/multipart/{uploadId}/batch` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            | `GET /api/v1/uppy/{key}/s3/multipart/{uploadId}` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            | `POST /api/v1/uppy/{key}/s3/multipart/{uploadId}/complete` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            | `DELETE /api/v1/uppy/{key}/s3/multipart/{uploadId}` | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | ✓ |
            """;

    private static final RestAssuredConfig NO_REDIRECTS =
            RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));

    /** The team every cell acts on, its people and keys, and another team. */
    record Scene(
            Api.Team team,
            String admin,
            String member,
            String platformAdmin,
            Api.Key dk,
            Api.Key sk,
            Api.Team other,
            Api.Key otherSk,
            Api.Key uk,
            UUID workflow,
            String readyKey) {

        /** The caller's credential as the path of {@code /api/v1/uppy/{key}/s3} carries it (only a uk- key is taken). */
        String credential(String caller) {
            return switch (caller) {
                case "anonymous" -> "none";
                case "`dk-` key" -> dk.secret();
                case "`sk-` key" -> sk.secret();
                case "member" -> member;
                case "admin" -> admin;
                case "owner" -> team.ownerToken();
                case "platform admin" -> platformAdmin;
                case "another team's owner" -> other.ownerToken();
                case "another team's `sk-` key" -> otherSk.secret();
                case "`uk-` key" -> uk.secret();
                default -> throw new IllegalArgumentException(caller);
            };
        }

        /** A request as one of the matrix's callers (people name the scene's team in X-Team-ID). */
        RequestSpecification as(String caller) {
            RequestSpecification request = switch (caller) {
                case "anonymous" -> given().contentType("application/json");
                case "`dk-` key" -> Api.as(dk.secret());
                case "`sk-` key" -> Api.as(sk.secret());
                case "member" -> Api.as(member, team.id());
                case "admin" -> Api.as(admin, team.id());
                case "owner" -> Api.as(team.ownerToken(), team.id());
                case "platform admin" -> Api.as(platformAdmin, team.id());
                case "another team's owner" -> Api.as(other.ownerToken(), team.id());
                case "another team's `sk-` key" -> Api.as(otherSk.secret());
                case "`uk-` key" -> Api.as(uk.secret());
                default -> throw new IllegalArgumentException(caller);
            };
            return request.config(NO_REDIRECTS);
        }

        String freshAsset() {
            return Api.as(sk.secret())
                    .body("{\"type\":\"data\",\"content_type\":\"text/plain\"}")
                    .post("/api/v1/assets/upload-url")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("asset.id");
        }

        String freshMultipart() {
            return Api.as(sk.secret())
                    .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":10}")
                    .post("/api/v1/assets/multipart")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("asset.id");
        }

        /** A webhook of the team (it never receives anything: no event of the scene is in its filter). */
        String freshWebhook() {
            return Api.as(sk.secret())
                    .body("{\"url\":\"http://127.0.0.1:9/matrix\",\"events\":[\"asset.expired\"]}")
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }

        /** The scene's webhook, for the calls that do not delete it (a team has at most 20). */
        String webhook() {
            if (sceneWebhook == null) {
                sceneWebhook = freshWebhook();
            }
            return sceneWebhook;
        }

        /** The event of the scene's ready asset. */
        String readyEvent() {
            return Db.string(
                    "SELECT e.id::text FROM asset_events e JOIN assets a ON a.id = e.asset_id "
                            + "WHERE a.object_key = ? AND e.type = 'asset.ready'",
                    readyKey);
        }

        /** The id of the scene's ready asset. */
        String readyAsset() {
            return Db.string("SELECT id::text FROM assets WHERE object_key = ?", readyKey);
        }

        /** A fresh link of the scene's ready asset (id, url). */
        String[] freshLink() {
            var link = Api.as(sk.secret())
                    .body("{\"asset_id\":\"" + readyAsset() + "\",\"expires_at\":\""
                            + java.time.Instant.now().plusSeconds(3600) + "\"}")
                    .post("/api/v1/links")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            String url = link.getString("url");
            return new String[] {link.getString("id"), url.substring(url.indexOf("/l/"))};
        }

        String freshKey() {
            return team.mintKey("dk").id().toString();
        }

        String freshMember() {
            String user = unique("matrix-member");
            team.addMember(user, "member");
            return user;
        }
    }

    /** The request of each operation, with ids of the scene's team (fresh ones where the call consumes them). */
    record Call(String method, String path, String body) {}

    static final Map<String, Function<Scene, Call>> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("POST /api/v1/teams", s -> new Call("POST", "/api/v1/teams", "{\"name\":\"matrix\"}"));
        CALLS.put("GET /api/v1/teams", s -> new Call("GET", "/api/v1/teams", null));
        CALLS.put(
                "GET /api/v1/teams/{teamId}/members",
                s -> new Call("GET", "/api/v1/teams/" + s.team().id() + "/members", null));
        CALLS.put(
                "POST /api/v1/teams/{teamId}/members",
                s -> new Call(
                        "POST",
                        "/api/v1/teams/" + s.team().id() + "/members",
                        "{\"user_id\":\"" + unique("added") + "\"}"));
        CALLS.put(
                "DELETE /api/v1/teams/{teamId}/members/{userId}",
                s -> new Call("DELETE", "/api/v1/teams/" + s.team().id() + "/members/" + s.freshMember(), null));
        CALLS.put(
                "GET /api/v1/teams/{teamId}/quota",
                s -> new Call("GET", "/api/v1/teams/" + s.team().id() + "/quota", null));
        CALLS.put(
                "PUT /api/v1/teams/{teamId}/quota",
                s -> new Call(
                        "PUT",
                        "/api/v1/teams/" + s.team().id() + "/quota",
                        "{\"quota_bytes\":null,\"quota_files\":null}"));
        CALLS.put(
                "DELETE /api/v1/teams/{teamId}/quota",
                s -> new Call("DELETE", "/api/v1/teams/" + s.team().id() + "/quota", null));
        CALLS.put(
                "POST /api/v1/api-keys", s -> new Call("POST", "/api/v1/api-keys", "{\"name\":\"m\",\"kind\":\"dk\"}"));
        CALLS.put("GET /api/v1/api-keys", s -> new Call("GET", "/api/v1/api-keys", null));
        CALLS.put("DELETE /api/v1/api-keys/{keyId}", s -> new Call("DELETE", "/api/v1/api-keys/" + s.freshKey(), null));
        CALLS.put(
                "POST /api/v1/assets/upload-url",
                s -> new Call(
                        "POST", "/api/v1/assets/upload-url", "{\"type\":\"data\",\"content_type\":\"text/plain\"}"));
        CALLS.put("GET /api/v1/assets", s -> new Call("GET", "/api/v1/assets", null));
        CALLS.put("GET /api/v1/assets/{id}", s -> new Call("GET", "/api/v1/assets/" + s.freshAsset(), null));
        CALLS.put("DELETE /api/v1/assets/{id}", s -> new Call("DELETE", "/api/v1/assets/" + s.freshAsset(), null));
        CALLS.put(
                "POST /api/v1/assets/{id}/confirm",
                s -> new Call("POST", "/api/v1/assets/" + s.freshAsset() + "/confirm", null));
        CALLS.put(
                "POST /api/v1/assets/multipart",
                s -> new Call(
                        "POST",
                        "/api/v1/assets/multipart",
                        "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":10}"));
        CALLS.put(
                "POST /api/v1/assets/{id}/multipart/parts",
                s -> new Call(
                        "POST", "/api/v1/assets/" + s.freshMultipart() + "/multipart/parts", "{\"part_numbers\":[1]}"));
        CALLS.put(
                "GET /api/v1/assets/{id}/multipart/parts",
                s -> new Call("GET", "/api/v1/assets/" + s.freshMultipart() + "/multipart/parts", null));
        CALLS.put(
                "POST /api/v1/assets/{id}/multipart/complete",
                s -> new Call(
                        "POST",
                        "/api/v1/assets/" + s.freshMultipart() + "/multipart/complete",
                        "{\"parts\":[{\"part_number\":1,\"etag\":\"0123456789abcdef0123456789abcdef\"}]}"));
        CALLS.put(
                "POST /api/v1/r/files/presign",
                s -> new Call(
                        "POST",
                        "/api/v1/r/files/presign",
                        "{\"file_name\":\"m.bin\",\"file_size\":3,\"content_type\":\"application/octet-stream\"}"));
        CALLS.put("POST /api/v1/workflows", s -> new Call("POST", "/api/v1/workflows", "{\"name\":\"m\"}"));
        CALLS.put("GET /api/v1/workflows", s -> new Call("GET", "/api/v1/workflows", null));
        CALLS.put(
                "POST /api/v1/workflows/download-url",
                s -> new Call(
                        "POST",
                        "/api/v1/workflows/download-url",
                        "{\"resource_uri\":\"workflow://" + s.workflow() + "/uploads/matrix.txt\"}"));
        CALLS.put(
                "POST /api/v1/inference/assets/signed-url",
                s -> new Call(
                        "POST",
                        "/api/v1/inference/assets/signed-url",
                        "{\"object_path\":\""
                                + s.readyKey()
                                        .substring(s.team().id().toString().length() + 1) + "\"}"));
        CALLS.put(
                "GET /api/v1/objects/download",
                s -> new Call("GET", "/api/v1/objects/download?objectKey=" + s.readyKey(), null));
        CALLS.put("GET /api/v1/objects/storage-usage", s -> new Call("GET", "/api/v1/objects/storage-usage", null));
        CALLS.put(
                "PATCH /api/v1/assets/{id}",
                s -> new Call("PATCH", "/api/v1/assets/" + s.freshAsset(), "{\"duration_seconds\":1.5}"));
        CALLS.put(
                "POST /api/v1/webhooks",
                s -> new Call(
                        "POST",
                        "/api/v1/webhooks",
                        "{\"url\":\"http://127.0.0.1:9/matrix\",\"events\":[\"asset.deleted\"]}"));
        CALLS.put("GET /api/v1/webhooks", s -> new Call("GET", "/api/v1/webhooks", null));
        CALLS.put("GET /api/v1/webhooks/{webhookId}", s -> new Call("GET", "/api/v1/webhooks/" + s.webhook(), null));
        CALLS.put(
                "PATCH /api/v1/webhooks/{webhookId}",
                s -> new Call("PATCH", "/api/v1/webhooks/" + s.webhook(), "{\"description\":\"m\"}"));
        CALLS.put(
                "DELETE /api/v1/webhooks/{webhookId}",
                s -> new Call("DELETE", "/api/v1/webhooks/" + s.freshWebhook(), null));
        CALLS.put(
                "GET /api/v1/webhooks/{webhookId}/deliveries",
                s -> new Call("GET", "/api/v1/webhooks/" + s.webhook() + "/deliveries", null));
        CALLS.put(
                "POST /api/v1/webhooks/{webhookId}/deliveries",
                s -> new Call(
                        "POST",
                        "/api/v1/webhooks/" + s.webhook() + "/deliveries",
                        "{\"event_id\":\"" + s.readyEvent() + "\"}"));
    }

    // --- the scanning gate (issue 21) ---
    static {
        CALLS.put("GET /api/v1/scans", s -> new Call("GET", "/api/v1/scans", null));
        CALLS.put(
                "POST /api/v1/assets/{id}/scan-url",
                s -> new Call("POST", "/api/v1/assets/" + s.freshAsset() + "/scan-url", null));
        CALLS.put(
                "POST /api/v1/assets/{id}/verdict",
                s -> new Call("POST", "/api/v1/assets/" + s.freshAsset() + "/verdict", "{\"verdict\":\"clean\"}"));
        CALLS.put(
                "GET /api/v1/teams/{teamId}/scanning",
                s -> new Call("GET", "/api/v1/teams/" + s.team().id() + "/scanning", null));
        CALLS.put(
                "PUT /api/v1/teams/{teamId}/scanning",
                s -> new Call("PUT", "/api/v1/teams/" + s.team().id() + "/scanning", "{\"enabled\":null}"));
    }

    // --- Companion's S3 routes for Uppy (issue 23) ---
    static final String UPPY_CREATE =
            "{\"filename\":\"m.txt\",\"type\":\"text/plain\",\"metadata\":{\"file_size\":10}}";

    static {
        CALLS.put(
                "GET /api/v1/uppy/s3/params",
                s -> new Call("GET", "/api/v1/uppy/s3/params?filename=m.txt&type=text/plain", null));
        CALLS.put("POST /api/v1/uppy/s3/multipart", s -> new Call("POST", "/api/v1/uppy/s3/multipart", UPPY_CREATE));
        CALLS.put("GET /api/v1/uppy/s3/multipart/{uploadId}/{partNumber}", s -> uppyCall("GET", s, "/1", null));
        CALLS.put("GET /api/v1/uppy/s3/multipart/{uploadId}/batch", s -> uppyCall("GET", s, "/batch", "partNumbers=1"));
        CALLS.put("GET /api/v1/uppy/s3/multipart/{uploadId}", s -> uppyCall("GET", s, "", null));
        CALLS.put("POST /api/v1/uppy/s3/multipart/{uploadId}/complete", s -> {
            Call call = uppyCall("POST", s, "/complete", null);
            return new Call(
                    "POST",
                    call.path(),
                    "{\"parts\":[{\"PartNumber\":1,\"ETag\":\"0123456789abcdef0123456789abcdef\"}]}");
        });
        CALLS.put("DELETE /api/v1/uppy/s3/multipart/{uploadId}", s -> uppyCall("DELETE", s, "", null));
    }

    // the same routes with the credential in the path (upload keys, issue 23): {key} is the caller's credential
    static final String KEYED = "/api/v1/uppy/{key}/s3";

    static {
        for (String operation : List.copyOf(CALLS.keySet())) {
            if (operation.contains("/api/v1/uppy/s3")) {
                Function<Scene, Call> call = CALLS.get(operation);
                CALLS.put(operation.replace("/api/v1/uppy/s3", KEYED), s -> {
                    Call header = call.apply(s);
                    return new Call(header.method(), header.path().replace("/api/v1/uppy/s3", KEYED), header.body());
                });
            }
        }
    }

    /** The request of a cell: on the routes of {@link #KEYED}, the caller's credential in the path and no header. */
    static RequestSpecification request(Scene scene, String caller, Call call) {
        if (call.path().contains("{key}")) {
            return given().contentType("application/json").config(NO_REDIRECTS);
        }
        return scene.as(caller);
    }

    static String path(Scene scene, String caller, Call call) {
        return call.path().replace("{key}", scene.credential(caller));
    }

    /** A call on a fresh multipart upload of the scene's team, started through the Uppy route. */
    static Call uppyCall(String method, Scene s, String suffix, String query) {
        io.restassured.path.json.JsonPath created = Api.as(s.sk().secret())
                .body(UPPY_CREATE)
                .post("/api/v1/uppy/s3/multipart")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String key = created.getString("key"); // keys are path-safe text; RestAssured encodes the query
        return new Call(
                method,
                "/api/v1/uppy/s3/multipart/" + created.getString("uploadId") + suffix + "?key=" + key
                        + (query == null ? "" : "&" + query),
                null);
    }

    /** What a scanner's ({@code vk-}) key may call: these, and the public download (which takes no credential). */
    static final java.util.Set<String> SCANNER_KEY_MAY = java.util.Set.of(
            "GET /api/v1/scans",
            "POST /api/v1/assets/{id}/scan-url",
            "POST /api/v1/assets/{id}/verdict",
            "GET /api/v1/objects/download",
            "GET /l/{token}",
            "HEAD /l/{token}");

    static Api.Key scannerKey;

    static Stream<String> operations() {
        return rows().keySet().stream();
    }

    /** The scanner's key against every endpoint: refused (403) everywhere but its own three calls. */
    @ParameterizedTest(name = "{0} as a `vk-` key")
    @MethodSource("operations")
    void aScannerKeyIsRefusedEverywhereElse(String operation) {
        if (scannerKey == null) {
            scannerKey = scene.team().mintKey("vk");
        }
        Call call = CALLS.get(operation).apply(scene);
        RequestSpecification request = Api.as(scannerKey.secret()).config(NO_REDIRECTS);
        if (call.body() != null) {
            request.body(call.body());
        }
        Response response = request.request(call.method(), call.path().replace("{key}", scannerKey.secret()));
        int status = response.statusCode();
        String seen = status + " " + response.asString();
        if (call.path().contains("{key}")) {
            // in the path only an upload key is taken (issue 23)
            assertEquals(401, status, seen);
            assertTrue(response.asString().contains("\"key_not_allowed_in_url\""), seen);
        } else if (SCANNER_KEY_MAY.contains(operation)) {
            assertTrue(status != 401 && status != 403 && status != 404 && status < 500, seen);
        } else {
            assertEquals(403, status, seen);
            assertTrue(response.asString().contains("\"forbidden\""), seen);
        }
    }

    static {
        // download links (issue 22)
        CALLS.put(
                "POST /api/v1/links",
                s -> new Call(
                        "POST",
                        "/api/v1/links",
                        "{\"asset_id\":\"" + s.readyAsset() + "\",\"expires_at\":\""
                                + java.time.Instant.now().plusSeconds(3600) + "\"}"));
        CALLS.put("GET /api/v1/links", s -> new Call("GET", "/api/v1/links", null));
        CALLS.put("GET /api/v1/links/{linkId}", s -> new Call("GET", "/api/v1/links/" + s.freshLink()[0], null));
        CALLS.put("DELETE /api/v1/links/{linkId}", s -> new Call("DELETE", "/api/v1/links/" + s.freshLink()[0], null));
        CALLS.put(
                "GET /api/v1/links/{linkId}/uses",
                s -> new Call("GET", "/api/v1/links/" + s.freshLink()[0] + "/uses", null));
        CALLS.put("GET /l/{token}", s -> new Call("GET", s.freshLink()[1], null));
        CALLS.put("HEAD /l/{token}", s -> new Call("HEAD", s.freshLink()[1], null));
    }

    static Scene scene;
    static String sceneWebhook;

    @BeforeEach
    void setTheScene() {
        if (scene != null) {
            return;
        }
        Api.Team team = Api.team(unique("matrix-owner"));
        String admin = unique("matrix-admin");
        String member = unique("matrix-member");
        team.addMember(admin, "admin");
        team.addMember(member, "member");
        Api.Key sk = team.mintKey("sk");
        Api.Team other = Api.team(unique("matrix-other"));
        String workflow = Api.as(sk.secret())
                .body("{\"name\":\"matrix\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String readyKey = Assets.ready(
                        sk.secret(), "matrix.txt", "text/plain", Http.bytes(5), "\"workflow_id\":\"" + workflow + "\"")
                .getString("object_key");
        scene = new Scene(
                team,
                Tokens.user(admin),
                Tokens.user(member),
                Tokens.platformAdmin(unique("matrix-root")),
                team.mintKey("dk"),
                sk,
                other,
                other.mintKey("sk"),
                team.mintUploadKey(java.time.Instant.now().plusSeconds(3600)),
                UUID.fromString(workflow),
                readyKey);
    }

    static List<String> callers() {
        return header().subList(1, header().size());
    }

    private static List<String> header() {
        return cells(MATRIX.lines().findFirst().orElseThrow());
    }

    /** operation → expected outcome per caller, from the table. */
    static Map<String, List<String>> rows() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        MATRIX.lines().skip(2).forEach(line -> {
            List<String> cells = cells(line);
            rows.put(cells.get(0).replace("`", ""), cells.subList(1, cells.size()));
        });
        return rows;
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        return Stream.of(trimmed.substring(1, trimmed.length() - 1).split("\\|"))
                .map(String::strip)
                .toList();
    }

    @Test
    void everyEndpointHasARowAndEveryRowAnEndpoint() {
        assertEquals(
                List.copyOf(new java.util.TreeSet<>(Endpoints.all().keySet())),
                List.copyOf(new java.util.TreeSet<>(rows().keySet())),
                "the access matrix must list exactly the endpoints the application serves");
        assertEquals(rows().keySet(), CALLS.keySet(), "every row needs its request in CALLS");
        rows().forEach((operation, outcomes) -> assertEquals(callers().size(), outcomes.size(), operation));
    }

    @Test
    void theApiReferenceShowsTheSameMatrix() throws IOException {
        String doc = Files.readString(Path.of("docs/api.md"));
        int start = doc.indexOf("<!-- access-matrix -->");
        int end = doc.indexOf("<!-- /access-matrix -->");
        assertTrue(start >= 0 && end > start, "docs/api.md lacks the access-matrix markers");
        assertEquals(
                MATRIX.strip(),
                doc.substring(start + "<!-- access-matrix -->".length(), end).strip());
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt() {
        List<String> undeclared = new ArrayList<>();
        Endpoints.all().forEach((endpoint, method) -> {
            if (!method.isAnnotationPresent(Access.class)) {
                undeclared.add(endpoint);
            }
        });
        assertEquals(List.of(), undeclared, "endpoints without @Access are refused to everyone");
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        List<String> callers = callers();
        rows().forEach((operation, outcomes) -> {
            for (int i = 0; i < callers.size(); i++) {
                cells.add(Arguments.of(operation, callers.get(i), outcomes.get(i)));
            }
        });
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("cells")
    void eachCallerGetsWhatTheMatrixSays(String operation, String caller, String expected) {
        Call call = CALLS.get(operation).apply(scene);
        RequestSpecification request = request(scene, caller, call);
        if (call.body() != null) {
            request.body(call.body());
        }
        Supplier<Response> send = () -> request.request(call.method(), path(scene, caller, call));
        Response response = send.get();
        int status = response.statusCode();
        String seen = status + " " + response.asString();
        if (expected.equals("✓")) {
            assertTrue(status != 401 && status != 403 && status != 404 && status < 500, seen);
        } else {
            assertEquals(Integer.parseInt(expected), status, seen);
            assertTrue(response.asString().contains("\"detail\""), seen);
        }
    }
}
