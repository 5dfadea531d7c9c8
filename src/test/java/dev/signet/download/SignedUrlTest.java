package dev.signet.download;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.ClassTeam;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reference 000: POST /inference/assets/signed-url. */
@QuarkusTest
class SignedUrlTest {

    private static final String RESULT = "{\"label\":\"cat\",\"score\":0.98}";

    @Inject
    Storage objects;

    @TestHTTPResource("/")
    String baseUrl;

    @RegisterExtension
    static final ClassTeam team = new ClassTeam("inference", "dk");

    /** The result the tests sign URLs for (written again before each: the same bytes, so harmless). */
    @BeforeEach
    void scene() {
        objects.write(
                team.id() + "/results/abc123/output.json", "application/json", RESULT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentedRequestSignsAUrlThatDownloadsTheObject() {
        var signed = as(team.dk().secret())
                .body("{\"object_path\":\"results/abc123/output.json\",\"expires_in\":3600}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200)
                .body("object_path", equalTo("results/abc123/output.json"))
                .body("expires_in", equalTo(3600))
                .body("signed_url", containsString("X-Amz-Expires=3600"))
                .extract()
                .jsonPath();
        assertEquals(3, signed.getMap("").size());
        var download = Http.get(signed.getString("signed_url"));
        assertEquals(200, download.statusCode());
        assertEquals(RESULT, new String(download.body(), StandardCharsets.UTF_8));
        // tampering with the URL is refused by storage
        String url = signed.getString("signed_url");
        assertEquals(403, Http.get(url.replace("output.json", "other.json")).statusCode());
        assertEquals(
                403,
                Http.get(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"))
                        .statusCode());
    }

    @Test
    void expiresInDefaultsTo3600AndIsBounded() {
        as(team.ownerToken(), team.id())
                .body("{\"object_path\":\"results/abc123/output.json\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200)
                .body("expires_in", equalTo(3600));
        as(team.dk().secret())
                .body("{\"object_path\":\"results/abc123/output.json\",\"expires_in\":604800}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200);
        for (String value : new String[] {"0", "-1", "604801", "\"60\"", "1.5", "true"}) {
            as(team.dk().secret())
                    .body("{\"object_path\":\"results/abc123/output.json\",\"expires_in\":" + value + "}")
                    .post("/api/v1/inference/assets/signed-url")
                    .then()
                    .statusCode(400)
                    .body("detail.message", containsString("expires_in"));
        }
    }

    @Test
    void aShortUrlExpires() {
        String url = as(team.dk().secret())
                .body("{\"object_path\":\"results/abc123/output.json\",\"expires_in\":1}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200)
                .extract()
                .path("signed_url");
        Await.past(Await.expiryOf(url));
        assertEquals(403, Http.get(url).statusCode());
    }

    @Test
    void pathsStayInsideTheTeam() {
        Api.Team other = Api.team(unique("other"));
        Api.Key otherKey = other.mintKey("sk");
        String rows = Db.snapshot();
        for (String path : new String[] {
            "../" + team.id() + "/results/abc123/output.json",
            "/results/abc123/output.json",
            "results/../results/abc123/output.json",
            "results//abc123/output.json",
            "./results/abc123/output.json",
            "results\\\\abc123\\\\output.json",
            "results/abc123/output.json\\u0000",
            "",
            "results/abc123/"
        }) {
            as(otherKey.secret())
                    .body("{\"object_path\":\"" + path + "\"}")
                    .post("/api/v1/inference/assets/signed-url")
                    .then()
                    .statusCode(400)
                    .body("detail.message", containsString("object_path"));
        }
        // the same relative path resolves inside the caller's own team, where there is nothing
        as(otherKey.secret())
                .body("{\"object_path\":\"results/abc123/output.json\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
        as(otherKey.secret())
                .body("{\"object_path\":\"" + team.id() + "/results/abc123/output.json\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(404);
        as(other.ownerToken(), team.id())
                .body("{\"object_path\":\"results/abc123/output.json\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(403);
        as(otherKey.secret())
                .body("{}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("object_path: must not be null"));
        assertEquals(rows, Db.snapshot());
    }

    @Test
    void uploadedAssetsAreReachableByTheirPathInTheTeam() {
        byte[] bytes = Http.bytes(321);
        var asset = dev.signet.support.Assets.ready(
                team.mintKey("sk").secret(), "in.bin", "application/octet-stream", bytes, null);
        String path = asset.getString("object_key").substring((team.id() + "/").length());
        String url = as(team.dk().secret())
                .body("{\"object_path\":\"" + path + "\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200)
                .extract()
                .path("signed_url");
        assertArrayEquals(bytes, Http.get(url).body());
    }

    /** The reference's JavaScript example, verbatim but for the base URL and an Authorization header. */
    @Test
    void theReferenceJavaScriptClientWorks() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "node is part of the build machine image");
        String script = """
                const BASE = process.env.SIGNET_URL; const KEY = process.env.SIGNET_KEY;
                async function getSignedUrl(objectPath, expiresIn = 3600) {
                  const response = await fetch(
                    BASE + "api/v1/inference/assets/signed-url",
                    {
                      method: "POST",
                      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + KEY },
                      body: JSON.stringify({ object_path: objectPath, expires_in: expiresIn }),
                    }
                  );
                  if (!response.ok) {
                    const error = await response.json();
                    throw new Error(error.detail?.message ?? "Request failed");
                  }
                  return response.json();
                }
                const { signed_url } = await getSignedUrl("results/abc123/output.json");
                const asset = await fetch(signed_url);
                const data = await asset.json();
                console.log(JSON.stringify(data));
                try { await getSignedUrl("results/missing.json"); } catch (e) { console.log(e.message); }
                """;
        ProcessBuilder builder =
                new ProcessBuilder("/usr/bin/node", "--input-type=module", "-e", script).redirectErrorStream(true);
        builder.environment().put("SIGNET_URL", baseUrl);
        builder.environment().put("SIGNET_KEY", team.dk().secret());
        Process node = builder.start();
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        node.waitFor(30, TimeUnit.SECONDS);
        assertEquals(RESULT + "\nNo object at 'results/missing.json'.\n", out);
    }
}
