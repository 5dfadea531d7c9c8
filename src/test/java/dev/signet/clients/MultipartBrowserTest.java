package dev.signet.clients;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.ArrivalWatching;
import dev.signet.support.Db;
import dev.signet.support.LocalStackResource;
import dev.signet.support.Node;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads in a real browser: headless Chromium (src/test/node/src/multipart-browser-test.ts) opens the demo
 * page from another origin than Signet's and uploads a 32 MiB file through the stock {@code @uppy/aws-s3} in multipart
 * mode, configured by URL alone ({@code companionEndpoint} with the upload key the demo mints): seven parts of 5 MiB
 * (the last 2 MiB, Signet's cut for the Companion routes), each PUT straight to S3Proxy with a URL signed for its exact
 * size, paused after three parts and resumed from the list of stored parts, then completed. The asset is ready and
 * storage holds exactly the file's bytes.
 */
@QuarkusTest
// the demo's single files are form POSTs that settle on arrival
@TestProfile(ArrivalWatching.class)
class MultipartBrowserTest {

    private static final int MIB = 1 << 20;
    private static final int FILE_MIB = 32;
    private static final int PART_SIZE = 5 * MIB;
    private static final String FILE_NAME = "take 7 – 日本.mp4";

    @Inject
    Storage objects;

    @Test
    void a32MiBFileGoesUpInPartsFromChromiumPausesResumesAndIsReady() throws Exception {
        Api.Team team = Api.team(unique("multipart-browser"));
        String key = team.mintKey("sk").secret();
        String api = "http://127.0.0.1:" + RestAssured.port;
        String page = LocalStackResource.pages().origin() + "/#api=" + encode(api) + "&key=" + encode(key)
                + "&multipart_above=" + 16 * MIB;

        Node.Run run = Node.run(
                "multipart-browser-test.js",
                Map.of(
                        "CHROMIUM",
                        Node.chromium(),
                        "PAGE_URL",
                        page,
                        "API",
                        api,
                        "S3_ENDPOINT",
                        LocalStackResource.stack().s3Endpoint(),
                        "FILE_NAME",
                        FILE_NAME,
                        "FILE_MIB",
                        Integer.toString(FILE_MIB),
                        "PART_SIZE",
                        Integer.toString(PART_SIZE),
                        "PAUSE_AFTER",
                        "3"),
                Duration.ofMinutes(5));
        assertEquals(0, run.exitCode(), run.output());
        String result = run.last("RESULT ");
        assertNotNull(result, run.output());

        // What Signet recorded: one ready asset of that name and size, from a multipart upload of seven parts.
        JsonPath seen = JsonPath.from(result);
        JsonPath listed = as(key).get("/api/v1/assets?state=ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, listed.getList("items").size());
        String assetId = listed.getString("items[0].id");
        assertEquals(seen.getString("assetId"), assetId);
        assertEquals(FILE_NAME, listed.getString("items[0].file_name"));
        assertEquals((long) FILE_MIB * MIB, listed.getLong("items[0].size_bytes"));
        assertEquals("video/mp4", listed.getString("items[0].content_type"));
        assertEquals("video", listed.getString("items[0].type"));
        assertNull(listed.get("items[0].checksum_sha256"), "the demo declares no checksums");
        assertEquals(7, seen.getInt("partCount"));
        assertTrue(
                Db.string("SELECT etag FROM assets WHERE id = ?::uuid", assetId).endsWith("-7"),
                "storage's ETag of an object joined from seven parts");
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.ready'", assetId),
                "completing wrote its asset.ready event");

        // and storage holds the file's bytes (the page compared them too, through a signed URL)
        byte[] stored = objects.read(listed.getString("items[0].object_key"));
        assertEquals((long) FILE_MIB * MIB, stored.length);
        assertEquals(
                seen.getString("sha256"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
