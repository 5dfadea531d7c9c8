package dev.signet.ops;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Await;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The captured log (target/signet-test.log, every line of the run so far, access log included) holds no
 * token, API key or presigned query string, even when a library logs one verbatim.
 */
@QuarkusTest
class LogScrubbingTest {

    private static final Path LOG = Path.of("target/signet-test.log");

    @Test
    void noCredentialOrSignatureReachesTheLog() throws IOException {
        Api.Team team = Api.team(unique("scrub"));
        Api.Key sk = team.mintKey("sk");
        Api.Key dk = team.mintKey("dk");
        String upload = as(sk.secret())
                .body("{\"file_name\":\"a.png\",\"file_size\":3,\"content_type\":\"image/png\"}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(200)
                .extract()
                .path("upload_url");
        as(dk.secret())
                .body("{\"object_path\":\"results/missing.json\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(404);
        as(team.ownerToken(), team.id())
                .delete("/api/v1/api-keys/" + sk.id())
                .then()
                .statusCode(204);
        as(sk.secret()).get("/api/v1/assets").then().statusCode(401);
        given().header("Authorization", "Bearer " + team.ownerToken() + "x")
                .get("/api/v1/teams")
                .then()
                .statusCode(401);
        // a query string may carry anything a caller chose to put there: the access log leaves it out
        String query = unique("query-in-log");
        given().get("/api/v1/objects/download?objectKey=" + query).then().statusCode(404);
        // a library that logs what it was handed, verbatim
        Logger.getLogger("com.example.chatty")
                .infof(
                        "PUT %s with Authorization: Bearer %s (key %s, jwt %s)",
                        upload, team.ownerToken(), dk.secret(), team.ownerToken());

        String log = awaitLine("chatty");
        List<String> secrets = List.of(
                sk.secret(),
                dk.secret(),
                team.ownerToken(),
                team.ownerToken().substring(team.ownerToken().lastIndexOf('.') + 1),
                upload.substring(upload.indexOf('?')));
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "the log holds a secret: " + secret);
        }
        assertFalse(
                Pattern.compile("(?i)X-Amz-(Signature|Credential)=")
                        .matcher(log)
                        .find(),
                "a presigned query string");
        assertFalse(Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ").matcher(log).find(), "a JWT");
        assertFalse(Pattern.compile("\\b[sd]k-[A-Za-z0-9_-]{16,}").matcher(log).find(), "an API key");
        String chatty =
                log.lines().filter(l -> l.contains("chatty")).findFirst().orElseThrow();
        assertTrue(
                chatty.contains("Bearer [REDACTED]")
                        && chatty.contains("dk-[REDACTED]")
                        && chatty.contains(upload.substring(0, upload.indexOf('?')) + "?[REDACTED]"),
                chatty);
        // the access log is there, by path only
        assertTrue(log.contains("\"POST /api/v1/r/files/presign\" 200"), "no access log line for the presign");
        assertTrue(log.contains("\"GET /api/v1/objects/download\" 404"), "no access log line for the download");
        assertFalse(log.contains(query), "the access log holds a query string");
    }

    @Test
    void scrubbingLeavesOrdinaryTextAlone() {
        String text = "expired 3 pending uploads; task-runner disk-free 10%";
        assertEquals(text, LogScrubber.scrub(text));
        assertEquals(
                "GET https://s3/b/k?[REDACTED] 403",
                LogScrubber.scrub("GET https://s3/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc 403"));
    }

    @Test
    void scannerKeysAreScrubbedAsOtherKeysAre() {
        assertEquals(
                "scanner vk-[REDACTED] polled",
                LogScrubber.scrub("scanner vk-" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde polled"));
    }

    private static String awaitLine(String marker) {
        String log = Await.poll(
                Duration.ofSeconds(5), () -> Files.exists(LOG) ? Files.readString(LOG) : "", l -> l.contains(marker));
        if (!log.contains(marker)) {
            throw new AssertionError("nothing logged to " + LOG);
        }
        return log;
    }
}
