package dev.signet.uppy;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ops.LogScrubber;
import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.Db;
import dev.signet.support.Http;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upload ({@code uk-}) keys (issue 23): minted with a short expiry, carried in the path of Uppy's routes
 * ({@code /api/v1/uppy/uk-…/s3}, for {@code @uppy/aws-s3} 6.x, which sends no header), good for those routes of their
 * team and nothing else; no other credential is taken in the path; the path key never reaches the log.
 */
@QuarkusTest
class UploadKeyTest {

    Api.Team team;
    Api.Key uk;

    @BeforeEach
    void team() {
        team = Api.team(unique("uk"));
        uk = team.mintUploadKey(Instant.now().plus(Duration.ofHours(1)));
    }

    static String base(String credential) {
        return "/api/v1/uppy/" + credential + "/s3";
    }

    /** No Authorization header: as the 6.x plugin calls. */
    static RequestSpecification bare() {
        return given().contentType("application/json");
    }

    @Test
    void anUploadKeyIsMintedWithItsExpiryAndListedAsUk() {
        JsonPath minted = as(team.ownerToken(), team.id())
                .body("{\"name\":\"page\",\"kind\":\"uk\",\"expires_at\":\""
                        + Instant.now().plusSeconds(600) + "\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals("uk", minted.getString("kind"));
        assertTrue(minted.getString("key").startsWith("uk-"), minted.getString("key"));
        assertTrue(minted.getString("expires_at") != null);
        // an sk- key mints them too: a page's backend holds one
        as(team.mintKey("sk").secret())
                .body("{\"name\":\"page\",\"kind\":\"uk\",\"expires_at\":\""
                        + Instant.now().plusSeconds(600) + "\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201);
    }

    @Test
    void everyUppyRouteWorksWithTheKeyInThePath() {
        // one file in one form POST
        JsonPath params = bare().queryParam("filename", "note.txt")
                .queryParam("type", "text/plain")
                .queryParam("metadata[file_size]", "5")
                .get(base(uk.secret()) + "/params")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(params.getString("key").startsWith(team.id() + "/"), "an asset of the key's team");
        Map<String, String> fields = params.getMap("fields");
        Http.Answer post = Http.postForm(params.getString("url"), fields, "text/plain", "hello".getBytes());
        assertEquals(204, post.statusCode(), post.body());

        // one file in parts: create, sign, batch, list, complete
        byte[] file = "0123456789".getBytes();
        JsonPath created = bare().body("{\"filename\":\"p.bin\",\"type\":\"application/octet-stream\","
                        + "\"metadata\":{\"file_size\":10}}")
                .post(base(uk.secret()) + "/multipart")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String uploadId = created.getString("uploadId");
        String objectKey = created.getString("key");
        String part = bare().queryParam("key", objectKey)
                .get(base(uk.secret()) + "/multipart/" + uploadId + "/1")
                .then()
                .statusCode(200)
                .extract()
                .path("url");
        bare().queryParam("key", objectKey)
                .queryParam("partNumbers", "1")
                .get(base(uk.secret()) + "/multipart/" + uploadId + "/batch")
                .then()
                .statusCode(200)
                .body("presignedUrls.1", startsWith("http"));
        Http.Answer put = Http.put(part, Map.of(), file);
        assertEquals(200, put.statusCode(), put.body());
        bare().queryParam("key", objectKey)
                .get(base(uk.secret()) + "/multipart/" + uploadId)
                .then()
                .statusCode(200)
                .body("PartNumber", equalTo(List.of(1)));
        bare().queryParam("key", objectKey)
                .body("{\"parts\":[{\"PartNumber\":1,\"ETag\":\"" + put.etag() + "\"}]}")
                .post(base(uk.secret()) + "/multipart/" + uploadId + "/complete")
                .then()
                .statusCode(200)
                .body("asset.state", equalTo("ready"));

        // and abort
        JsonPath other = bare().body("{\"filename\":\"q.bin\",\"metadata\":{\"file_size\":10}}")
                .post(base(uk.secret()) + "/multipart")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        bare().queryParam("key", other.getString("key"))
                .delete(base(uk.secret()) + "/multipart/" + other.getString("uploadId"))
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
        as(team.ownerToken(), team.id())
                .get("/api/v1/assets/" + other.getString("asset.id"))
                .then()
                .body("state", equalTo("deleted"));
    }

    @Test
    void inTheHeaderAnUploadKeyServesUppysRoutesAndNothingElse() {
        as(uk.secret())
                .queryParam("filename", "h.txt")
                .queryParam("type", "text/plain")
                .get("/api/v1/uppy/s3/params")
                .then()
                .statusCode(200)
                .body("method", equalTo("POST"));
        String before = Db.fingerprint();
        for (String[] call : new String[][] {
            {"GET", "/api/v1/assets", null},
            {"GET", "/api/v1/teams", null},
            {"POST", "/api/v1/assets/upload-url", "{\"type\":\"data\",\"content_type\":\"text/plain\"}"},
            {"POST", "/api/v1/api-keys", "{\"name\":\"k\",\"kind\":\"sk\"}"},
            {"GET", "/api/v1/teams/" + team.id() + "/members", null},
            {"POST", "/api/v1/workflows/download-url", "{\"resource_uri\":\"workflow://x/uploads/a\"}"}
        }) {
            RequestSpecification request = as(uk.secret());
            if (call[2] != null) {
                request = request.body(call[2]);
            }
            request.request(call[0], call[1]).then().statusCode(403).body("detail.code", equalTo("forbidden"));
        }
        assertEquals(before, Db.fingerprint(), "nothing written");
    }

    @Test
    void noOtherCredentialIsTakenInThePathAndNothingIsCreated() {
        String sk = team.mintKey("sk").secret();
        List<String> credentials = List.of(
                sk,
                team.mintKey("dk").secret(),
                team.ownerToken(),
                "not-a-key",
                uk.secret().replace("uk-", "sk-"));
        String before = Db.fingerprint();
        for (String credential : credentials) {
            bare().queryParam("filename", "a.txt")
                    .get(base(credential) + "/params")
                    .then()
                    .statusCode(401)
                    .body("detail.code", equalTo("key_not_allowed_in_url"))
                    .body("detail.message", org.hamcrest.Matchers.containsString("mint one"));
            // a good credential in the header does not make the path's count
            as(sk).body("{\"filename\":\"a\",\"metadata\":{\"file_size\":10}}")
                    .post(base(credential) + "/multipart")
                    .then()
                    .statusCode(401)
                    .body("detail.code", equalTo("key_not_allowed_in_url"));
        }
        // an upload key that does not exist is an invalid key
        bare().queryParam("filename", "a.txt")
                .get(base("uk-" + "A".repeat(43)) + "/params")
                .then()
                .statusCode(401)
                .body("detail.code", equalTo("invalid_api_key"));
        assertEquals(before, Db.fingerprint(), "nothing written");
    }

    @Test
    void anExpiredOrRevokedUploadKeyIsRefused() {
        Api.Key brief = team.mintUploadKey(Instant.now().plusSeconds(2));
        bare().queryParam("filename", "a.txt")
                .get(base(brief.secret()) + "/params")
                .then()
                .statusCode(200);
        String code = Await.poll(
                Duration.ofSeconds(10),
                () -> bare().queryParam("filename", "a.txt")
                        .get(base(brief.secret()) + "/params")
                        .then()
                        .extract()
                        .path("detail.code"),
                "api_key_expired"::equals);
        assertEquals("api_key_expired", code);

        as(team.ownerToken(), team.id())
                .delete("/api/v1/api-keys/" + uk.id())
                .then()
                .statusCode(204);
        bare().queryParam("filename", "a.txt")
                .get(base(uk.secret()) + "/params")
                .then()
                .statusCode(401)
                .body("detail.code", equalTo("api_key_revoked"));
    }

    @Test
    void anotherTeamsUploadsDoNotExistUnderAnUploadKey() {
        JsonPath mine = bare().body("{\"filename\":\"a.bin\",\"metadata\":{\"file_size\":10}}")
                .post(base(uk.secret()) + "/multipart")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Api.Team stranger = Api.team(unique("uk-stranger"));
        String theirs = stranger.mintUploadKey(Instant.now().plusSeconds(600)).secret();
        String before = Db.fingerprint();
        for (String[] call : UppyS3Test.calls(mine.getString("uploadId"), mine.getString("key"))) {
            RequestSpecification request = call[2] == null ? bare() : bare().body(call[2]);
            request.request(call[0], base(theirs) + call[1])
                    .then()
                    .statusCode(404)
                    .body("detail.code", equalTo("not_found"));
        }
        assertEquals(before, Db.fingerprint(), "nothing written");
    }

    @Test
    void thePathKeyNeverReachesTheLog() {
        bare().queryParam("filename", "logged.txt")
                .get(base(uk.secret()) + "/params")
                .then()
                .statusCode(200);
        Path log = Path.of("target/signet-test.log");
        String text = Await.poll(
                Duration.ofSeconds(5),
                () -> Files.exists(log) ? Files.readString(log) : "",
                l -> l.contains("\"GET /api/v1/uppy/uk-***/s3/params\" 200"));
        assertTrue(text.contains("\"GET /api/v1/uppy/uk-***/s3/params\" 200"), "the access log line, scrubbed");
        assertFalse(text.contains(uk.secret()), "the upload key is in the log");
        assertFalse(text.contains(uk.secret().substring(3)), "the upload key's secret part is in the log");
    }

    @Test
    void theScrubberHidesWhateverSitsInThePathAndLeavesTheHeaderRoutesAlone() {
        assertEquals(
                "\"GET /api/v1/uppy/uk-***/s3/params\" 200",
                LogScrubber.scrub("\"GET /api/v1/uppy/uk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde/s3/params\" 200"));
        assertEquals(
                "\"GET /api/v1/uppy/sk-***/s3/params\" 401",
                LogScrubber.scrub("\"GET /api/v1/uppy/sk-short/s3/params\" 401"));
        String headerRoute = "\"GET /api/v1/uppy/s3/multipart/U/1\" 200";
        assertEquals(headerRoute, LogScrubber.scrub(headerRoute));
        assertEquals(
                "upload key uk-[REDACTED] used",
                LogScrubber.scrub("upload key uk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde used"));
    }
}
