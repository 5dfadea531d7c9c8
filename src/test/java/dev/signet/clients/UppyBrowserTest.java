package dev.signet.clients;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.ArrivalWatching;
import dev.signet.support.Await;
import dev.signet.support.Db;
import dev.signet.support.LocalStackResource;
import dev.signet.support.Node;
import dev.signet.support.Storage;
import dev.signet.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 in a real browser: Uppy's stock {@code @uppy/aws-s3} plugin, configured with Signet's URL and nothing
 * else (no {@code signRequest}, no call of the page's own to Signet's API), uploads from a page on another origin
 * through Signet's Companion routes, in headless Chromium (src/test/node/src/uppy-browser-test.ts): a 100 KiB text
 * file as one form POST with the POST policy of {@code GET /s3/params}, settled on arrival; a 48 MiB file as a
 * multipart upload of ten 5 MiB parts, paused after three parts and resumed (only the rest is sent), completed. Both
 * assets are ready, storage holds the files' bytes, and a webhook received each {@code asset.ready}. Both plugin
 * lines: 6.x ({@code companionEndpoint} with an upload key in the path, the page src/uppy6.ts) and the previous
 * major 5.x ({@code endpoint} + {@code headers}, uppy5/page.ts, bundled from its own npm project).
 */
@QuarkusTest
// a single file's form POST has no call after it: the arrival watch settles it
@TestProfile(ArrivalWatching.class)
class UppyBrowserTest {

    private static final int MIB = 1 << 20;
    private static final int SMALL_BYTES = 100 * 1024;
    private static final int LARGE_MIB = 48;
    /** Both plugin lines cut max(5 MiB, size / 10,000), as Signet plans the parts of the Companion routes. */
    private static final int PART_SIZE = 5 * MIB;

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    @Inject
    Storage objects;

    @Test
    void uppy6WithCompanionEndpointAndAnUploadKeyInThePath() throws Exception {
        Api.Team team = Api.team(unique("uppy6-browser"));
        String key = team.mintKey("sk").secret();
        String uploadKey =
                team.mintUploadKey(Instant.now().plus(1, ChronoUnit.HOURS)).secret();
        assertTrue(uploadKey.startsWith("uk-"), uploadKey);
        String page = LocalStackResource.pages().origin() + "/uppy6/index.html#companion="
                + encode(api() + "/api/v1/uppy/" + uploadKey);
        uploadsFromChromium(team, key, page);
    }

    @Test
    void uppy5WithEndpointAndHeadersOfAPersonsJwt() throws Exception {
        Api.Team team = Api.team(unique("uppy5-browser"));
        String key = team.mintKey("sk").secret();
        String page = LocalStackResource.pages().origin() + "/uppy5/index.html#endpoint="
                + encode(api() + "/api/v1/uppy") + "&token=" + encode(team.ownerToken()) + "&team=" + team.id();
        uploadsFromChromium(team, key, page);
    }

    private void uploadsFromChromium(Api.Team team, String key, String page) throws Exception {
        // a webhook of the team at the suite's receiver (it verifies each message with standardwebhooks)
        WebhookReceiver receiver = WebhookReceiver.shared();
        String hook = unique("uppy-hook");
        JsonPath webhook = as(key).body("{\"url\":\"" + receiver.url(hook) + "\",\"events\":[\"asset.ready\"]}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        receiver.configure(hook, webhook.getString("secret"));

        Node.Run run = Node.run(
                "uppy-browser-test.js",
                Map.of(
                        "CHROMIUM", Node.chromium(),
                        "PAGE_URL", page,
                        "API", api(),
                        "TOKEN", key,
                        "S3_ENDPOINT", LocalStackResource.stack().s3Endpoint(),
                        "SMALL_BYTES", Integer.toString(SMALL_BYTES),
                        "LARGE_MIB", Integer.toString(LARGE_MIB),
                        "PART_SIZE", Integer.toString(PART_SIZE),
                        "PAUSE_AFTER", "3"),
                Duration.ofMinutes(5));
        assertEquals(0, run.exitCode(), run.output());
        String result = run.last("RESULT ");
        assertNotNull(result, run.output());
        JsonPath seen = JsonPath.from(result);

        String small = seen.getString("smallAsset.id");
        String large = seen.getString("largeAsset.id");
        assertNotNull(small, result);
        assertNotNull(large, result);
        // the small file: no call after its form POST; the arrival watch makes it ready
        JsonPath smallAsset = ready(key, small);
        assertEquals(SMALL_BYTES, smallAsset.getLong("size_bytes"));
        assertEquals(seen.getString("small.name"), smallAsset.getString("file_name"));
        assertEquals("text/plain", smallAsset.getString("content_type"));
        JsonPath largeAsset = ready(key, large);
        assertEquals((long) LARGE_MIB * MIB, largeAsset.getLong("size_bytes"));
        assertEquals(seen.getString("large.name"), largeAsset.getString("file_name"));
        assertEquals("video/mp4", largeAsset.getString("content_type"));
        assertEquals(10, seen.getInt("large.partCount"));
        assertTrue(
                Db.string("SELECT etag FROM assets WHERE id = ?::uuid", large).endsWith("-10"),
                "storage's ETag of an object joined from ten parts");

        // storage holds exactly the files' bytes
        assertEquals(seen.getString("small.sha256"), sha256(objects.read(smallAsset.getString("object_key"))));
        assertEquals(seen.getString("large.sha256"), sha256(objects.read(largeAsset.getString("object_key"))));

        // each settled once, and its asset.ready delivered to the webhook, verified
        for (String asset : List.of(small, large)) {
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.ready'",
                            asset),
                    "one asset.ready event of " + asset);
        }
        List<WebhookReceiver.Received> delivered =
                receiver.await(hook, r -> readyAssets(r).containsAll(Set.of(small, large)), READY_WITHIN);
        assertTrue(delivered.stream().allMatch(WebhookReceiver.Received::verified), delivered.toString());
        assertEquals(2, delivered.size(), delivered.toString());
    }

    private static Set<Object> readyAssets(List<WebhookReceiver.Received> received) {
        return received.stream()
                .filter(r -> r.verified() && "asset.ready".equals(r.type()))
                .map(r -> r.asset().get("id"))
                .collect(Collectors.toSet());
    }

    /** Polls the asset as its owner sees it until it is ready. */
    private static JsonPath ready(String key, String asset) {
        JsonPath seen = Await.poll(
                READY_WITHIN,
                () -> as(key).get("/api/v1/assets/" + asset)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                a -> "ready".equals(a.getString("state")));
        assertEquals("ready", seen.getString("state"), "asset " + asset + " within " + READY_WITHIN);
        return seen;
    }

    private static String api() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
