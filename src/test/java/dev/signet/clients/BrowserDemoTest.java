package dev.signet.clients;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.signet.support.Api;
import dev.signet.support.ArrivalWatching;
import dev.signet.support.LocalStackResource;
import dev.signet.support.Node;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The browser demo in a real browser: headless Chromium driven by playwright-core (src/test/node/src/browser-test.ts)
 * opens the demo page from another origin than Signet's, uploads a file with a non-ASCII name through Uppy straight
 * to S3Proxy (a form POST of Signet's POST policy), sees the progress reach 100% and the asset listed once settled on
 * arrival, then downloads it by signed URL, by a
 * plain link through the public 302, and by fetch() through the 302, checking bytes and file name each time.
 */
@QuarkusTest
// the demo's single files are form POSTs that settle on arrival
@TestProfile(ArrivalWatching.class)
class BrowserDemoTest {

    private static final String FILE_NAME = "Grüße – 日本.txt";

    @Test
    void uploadAndDownloadThroughTheDemoInChromium() {
        Api.Team team = Api.team(unique("browser"));
        String key = team.mintKey("sk").secret();
        String api = "http://127.0.0.1:" + RestAssured.port;
        String page = LocalStackResource.pages().origin() + "/#api=" + encode(api) + "&key=" + encode(key);

        Node.Run run = Node.run(
                "browser-test.js",
                Map.of(
                        "CHROMIUM",
                        Node.chromium(),
                        "PAGE_URL",
                        page,
                        "S3_ENDPOINT",
                        LocalStackResource.stack().s3Endpoint(),
                        "FILE_NAME",
                        FILE_NAME),
                Duration.ofMinutes(3));
        assertEquals(0, run.exitCode(), run.output());
        String result = run.last("RESULT ");
        assertNotNull(result, run.output());

        // What Signet recorded: one ready asset of exactly that name and size, uploaded by the page.
        JsonPath seen = JsonPath.from(result);
        JsonPath listed = as(key).get("/api/v1/assets?state=ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, listed.getList("items").size());
        assertEquals(seen.getString("assetId"), listed.getString("items[0].id"));
        assertEquals(FILE_NAME, listed.getString("items[0].file_name"));
        assertEquals(seen.getLong("bytes"), listed.getLong("items[0].size_bytes"));
        assertEquals("text/plain", listed.getString("items[0].content_type"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
