package dev.signet.asset;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reference 003: POST /r/files/presign, exact size and no overwrite enforced by the signature. */
@QuarkusTest
class PresignTest {

    @Inject
    Storage objects;

    @Test
    void theDocumentedRequestWorksAsDocumented() {
        Api.Team team = Api.team(unique("runner"));
        // the reference's curl example, with a JWT and X-Team-ID
        JsonPath presigned = as(team.ownerToken(), team.id())
                .body("{\"file_name\":\"input_image.png\",\"file_size\":1048576,\"content_type\":\"image/png\"}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String fileKey = presigned.getString("file_key");
        assertEquals(
                true, fileKey.matches("inputs/" + team.id() + "/[0-9a-f-]{36}/aW1hZ2UvcG5n/input_image.png"), fileKey);
        Map<String, String> headers = presigned.getMap("upload_headers");
        // Content-Length is signed but set by every HTTP client from the body; the type is only in the key
        assertEquals(Map.of("If-None-Match", "*"), headers);
        assertEquals(3, presigned.getMap("").size(), "exactly file_key, upload_url, upload_headers");

        String url = presigned.getString("upload_url");
        assertEquals(403, Http.put(url, headers, Http.bytes(1048575)).statusCode());
        assertEquals(200, Http.put(url, headers, Http.bytes(1048576)).statusCode());
        assertEquals(412, Http.put(url, headers, Http.bytes(1048576)).statusCode());
        assertEquals(1048576L, objects.head(fileKey).contentLength());

        // it is an input asset like any other: confirm, list and (later) usage and downloads see it
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM assets WHERE object_key = ? AND kind = 'input'"
                                + " AND state = 'pending_upload' AND declared_size = 1048576 AND type = 'image'",
                        fileKey));
        String id = Db.string("SELECT id::text FROM assets WHERE object_key = ?", fileKey);
        as(team.ownerToken(), team.id())
                .post("/api/v1/assets/" + id + "/confirm")
                .then()
                .statusCode(200)
                .body("size_bytes", org.hamcrest.Matchers.equalTo(1048576));
    }

    /** The page's own curl example, copied with only the URL and the file changed: 200, then 412. */
    @Test
    void thePagesCurlExampleUploadsAsPrinted(@TempDir Path dir) throws Exception {
        Api.Team team = Api.team(unique("curl"));
        Path photo = dir.resolve("photo.png");
        Files.write(photo, Http.bytes(1048576));
        String url = as(team.mintKey("sk").secret())
                .body("{\"file_name\":\"input_image.png\",\"file_size\":1048576,\"content_type\":\"image/png\"}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(200)
                .extract()
                .path("upload_url");
        // curl -X PUT \
        // -H "Content-Length: 1048576" \
        // -H "If-None-Match: *" \
        // --upload-file photo.png \
        // "<upload_url>"
        List<String> example = List.of(
                "curl",
                "-X",
                "PUT",
                "-H",
                "Content-Length: 1048576",
                "-H",
                "If-None-Match: *",
                "--upload-file",
                "photo.png",
                url);
        assertEquals("200", curl(dir, example));
        assertEquals("412", curl(dir, example));
    }

    private static String curl(Path dir, List<String> example) throws Exception {
        List<String> command = new java.util.ArrayList<>(example);
        command.addAll(1, List.of("-s", "-o", "/dev/null", "-w", "%{http_code}"));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        return out.strip();
    }

    static Api.Key runner;

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"file_size\":1,\"content_type\":\"image/png\"}", "file_name: must not be null"),
                Arguments.of("{\"file_name\":\"a.png\",\"content_type\":\"image/png\"}", "file_size: must not be null"),
                Arguments.of("{\"file_name\":\"a.png\",\"file_size\":1}", "content_type: must not be null"),
                Arguments.of(
                        "{\"file_name\":\"a.png\",\"file_size\":0,\"content_type\":\"image/png\"}",
                        "file_size: must be greater than 0"),
                Arguments.of(
                        "{\"file_name\":\"a.png\",\"file_size\":\"1\",\"content_type\":\"image/png\"}",
                        "file_size: must be an integer"),
                Arguments.of(
                        "{\"file_name\":\"../a.png\",\"file_size\":1,\"content_type\":\"image/png\"}",
                        "file_name: must be a file name"),
                Arguments.of(
                        "{\"file_name\":\"a.png\",\"file_size\":1,\"content_type\":\"image\"}",
                        "content_type: must be a media type"),
                Arguments.of(
                        "{\"file_name\":\"" + "a".repeat(256) + "\",\"file_size\":1,\"content_type\":\"image/png\"}",
                        "file_name: must be at most 255 bytes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badBodies")
    void everyFieldIsRequiredAndChecked(String body, String message) {
        if (runner == null) {
            runner = Api.team(unique("runner")).mintKey("sk");
        }
        String rows = Db.snapshot();
        int stored = objects.count();
        as(runner.secret())
                .body(body)
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(400)
                .body("detail.message", containsString(message));
        assertEquals(rows, Db.snapshot());
        assertEquals(stored, objects.count());
    }
}
