package dev.signet.asset;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.ClassTeam;
import dev.signet.support.Db;
import dev.signet.support.Storage;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad upload request is a 400 (or 403/404) in the error shape, and leaves no row and no object. */
@QuarkusTest
class AssetInputTest {

    @Inject
    Storage objects;

    @RegisterExtension
    static final ClassTeam team = new ClassTeam("validator", "sk");

    static Stream<Arguments> badUploadUrlBodies() {
        return Stream.of(
                Arguments.of("{\"content_type\":\"image/png\"}", "type: must not be blank"),
                Arguments.of("{\"type\":\"spreadsheet\",\"content_type\":\"image/png\"}", "type: must be one of"),
                Arguments.of("{\"type\":7,\"content_type\":\"image/png\"}", "type: must be a string"),
                Arguments.of("{\"type\":\"audio_input\",\"kind\":\"output\"}", "kind: contradicts type"),
                Arguments.of("{\"type\":\"image\",\"content_type\":\"png\"}", "content_type: must be a media type"),
                Arguments.of("{\"type\":\"image\",\"content_type\":\"\"}", "content_type: must not be blank"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\\r\\nX-Evil: 1\"}",
                        "content_type: must be a media type"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/" + "p".repeat(300) + "\"}",
                        "content_type: must be at most 255"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"../../etc/passwd\"}",
                        "file_name: must be a file name, not a path"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"/etc/passwd\"}",
                        "file_name: must be a file name, not a path"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"a\\\\b.png\"}",
                        "file_name: must be a file name, not a path"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"..\"}",
                        "file_name: must not contain '..'"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"a\\u0000.png\"}",
                        "file_name: must not contain NUL"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"a\\u202egnp.exe\"}",
                        "file_name: must not contain control"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"" + "é".repeat(128) + "\"}",
                        "file_name: must be at most 255 bytes"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"\"}",
                        "file_name: must not be blank"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_size\":0}",
                        "file_size: must be greater than 0"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_size\":-5}",
                        "file_size: must be greater than 0"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_size\":\"10\"}",
                        "file_size: must be an integer"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_size\":1.5}",
                        "file_size: must be an integer"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_size\":5368709121}",
                        "file_size: 5368709121 bytes is more than one PUT can carry (5 GiB, S3's limit): start a multipart upload with POST /api/v1/assets/multipart"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_size\":5497558138881}",
                        "file_size: must be at most 5497558138880 bytes"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"checksum_sha256\":\"abc\"}",
                        "checksum_sha256: must be the base64 (padded, 44 characters) of a SHA-256 digest"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"kind\":\"both\"}",
                        "kind: must be one of input, output"),
                Arguments.of(
                        "{\"type\":\"image\",\"content_type\":\"image/png\",\"workflow_id\":\"wf-1\"}",
                        "workflow_id: must be a UUID"),
                Arguments.of("{\"type\":\"image\"", "not valid JSON"),
                Arguments.of("", "body: a JSON body is required"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badUploadUrlBodies")
    void badUploadRequestsChangeNothing(String body, String message) {
        String rows = Db.snapshot();
        int stored = objects.count();
        as(team.sk().secret())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(400)
                .body("detail.message", containsString(message));
        assertEquals(rows, Db.snapshot());
        assertEquals(stored, objects.count());
    }

    @ParameterizedTest(name = "a workflow of {0}")
    @ValueSource(strings = {"another team", "no team"})
    void aWorkflowOfAnotherTeamIsNotFound(String whose) {
        UUID workflow = UUID.randomUUID();
        if (whose.equals("another team")) {
            Api.Team other = Api.team(unique("other"));
            Db.update(
                    "INSERT INTO workflows (id, team_id, name, created_by) VALUES (?, ?, 'theirs', 'x')",
                    workflow,
                    other.id());
        }
        String rows = Db.snapshot();
        as(team.sk().secret())
                .body("{\"type\":\"image\",\"content_type\":\"image/png\",\"workflow_id\":\"" + workflow + "\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
        assertEquals(rows, Db.snapshot());
    }

    @Test
    void aWorkflowOfTheTeamIsTaken() {
        UUID own = UUID.randomUUID();
        Db.update("INSERT INTO workflows (id, team_id, name, created_by) VALUES (?, ?, 'ours', 'x')", own, team.id());
        as(team.sk().secret())
                .body("{\"type\":\"image\",\"content_type\":\"image/png\",\"workflow_id\":\"" + own + "\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .body("asset.workflow_id", equalTo(own.toString()));
    }

    @Test
    void downloadOnlyKeysCannotUploadOrManageAssets() {
        Api.Key dk = team.mintKey("dk");
        String rows = Db.snapshot();
        as(dk.secret())
                .body("{\"type\":\"image\",\"content_type\":\"image/png\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(403);
        as(dk.secret())
                .body("{\"file_name\":\"a.png\",\"file_size\":1,\"content_type\":\"image/png\"}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(403);
        as(dk.secret()).get("/api/v1/assets").then().statusCode(403);
        assertEquals(rows, Db.snapshot());
    }

    @Test
    void jwtCallersFollowTheTeamHeaderRules() {
        String body = "{\"type\":\"image\",\"content_type\":\"image/png\"}";
        String rows = Db.snapshot();
        as(team.ownerToken())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("missing_team_id"));
        as(Tokens.user(unique("stranger")), team.id())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(403);
        assertEquals(rows, Db.snapshot());
        String member = unique("member");
        team.addMember(member, "member");
        as(Tokens.user(member), team.id())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .body("asset.state", equalTo("pending_upload"));
    }

    @Test
    void badQueryAndPathValuesAre400() {
        as(team.sk().secret())
                .get("/api/v1/assets/nope")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("id: must be a UUID"));
        as(team.sk().secret()).post("/api/v1/assets/123/confirm").then().statusCode(400);
        as(team.sk().secret()).delete("/api/v1/assets/%2e%2e").then().statusCode(400);
        as(team.sk().secret())
                .queryParam("limit", "0")
                .get("/api/v1/assets")
                .then()
                .statusCode(400)
                .body("detail.message", containsString("limit"));
        as(team.sk().secret())
                .queryParam("limit", "201")
                .get("/api/v1/assets")
                .then()
                .statusCode(400);
        as(team.sk().secret())
                .queryParam("limit", "ten")
                .get("/api/v1/assets")
                .then()
                .statusCode(400);
        as(team.sk().secret())
                .queryParam("state", "gone")
                .get("/api/v1/assets")
                .then()
                .statusCode(400)
                .body("detail.message", containsString("state: must be one of"));
        as(team.sk().secret())
                .queryParam("kind", "x")
                .get("/api/v1/assets")
                .then()
                .statusCode(400);
        as(team.sk().secret())
                .queryParam("workflow_id", "x")
                .get("/api/v1/assets")
                .then()
                .statusCode(400);
        as(team.sk().secret())
                .queryParam("cursor", "!!!")
                .get("/api/v1/assets")
                .then()
                .statusCode(400)
                .body("detail.message", containsString("cursor"));
    }
}
