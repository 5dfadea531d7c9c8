package dev.signet.download;

import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.asset.ReadyObjects;
import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Await;
import dev.signet.support.Caches;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reference 004: GET /objects/download, public, 302 to a presigned GET. */
@QuarkusTest
class PublicDownloadTest {

    @Inject
    Storage objects;

    private static String redirect(String objectKey, String type) {
        var request = given().redirects().follow(false).queryParam("objectKey", objectKey);
        if (type != null) {
            request.queryParam("type", type);
        }
        return request.get("/api/v1/objects/download")
                .then()
                .statusCode(302)
                .header("Cache-Control", "no-store")
                .extract()
                .header("Location");
    }

    /** The object key of a ready asset of a new team. */
    private static String readyKey(String fileName, String contentType, byte[] bytes) {
        return Assets.ready(Api.team(unique("pub")).mintKey("sk").secret(), fileName, contentType, bytes, null)
                .getString("object_key");
    }

    @Test
    void theRedirectDownloadsWithTheRightDisposition() {
        byte[] bytes = Http.bytes(500);
        String key = readyKey("résumé \"final\".pdf", "application/pdf", bytes);

        HttpResponse<byte[]> attachment = Http.get(redirect(key, null));
        assertEquals(200, attachment.statusCode());
        assertArrayEquals(bytes, attachment.body());
        assertEquals(
                "attachment; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf",
                attachment.headers().firstValue("Content-Disposition").orElse(null));

        HttpResponse<byte[]> inline = Http.get(redirect(key, "inline"));
        assertEquals(
                "inline; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf",
                inline.headers().firstValue("Content-Disposition").orElse(null));
        assertEquals(
                403,
                Http.get(redirect(key, "inline").replace("inline", "attachment"))
                        .statusCode(),
                "the disposition is signed in");
    }

    /** For SDKs that do not follow redirects: the same presigned URL, as JSON. */
    @Test
    void redirectFalseAnswersTheUrlAsJson() {
        byte[] bytes = Http.bytes(64);
        String key = readyKey("sdk.bin", "application/octet-stream", bytes);
        var link = given().queryParam("objectKey", key)
                .queryParam("redirect", "false")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath();
        assertArrayEquals(bytes, Http.get(link.getString("url")).body());
        assertEquals(true, java.time.Instant.parse(link.getString("expires_at")).isAfter(java.time.Instant.now()));
        given().queryParam("objectKey", key)
                .queryParam("redirect", "no")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("redirect: must be true or false"));
    }

    @Test
    void onlyReadyAssetKeysAreServed() {
        Api.Team team = Api.team(unique("pub"));
        Api.Key key = team.mintKey("sk");
        // an object at a guessable path, with no asset row: never served
        String guessable = team.id() + "/results/report.pdf";
        objects.write(guessable, "application/pdf", Http.bytes(10));
        notFound(guessable);
        notFound(team.id() + "/inputs/" + java.util.UUID.randomUUID() + "/x.pdf");
        String pending = dev.signet.support.Api.as(key.secret())
                .body("{\"type\":\"document\",\"content_type\":\"application/pdf\",\"file_name\":\"p.pdf\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.object_key");
        notFound(pending);
        var ready = Assets.ready(key.secret(), "d.pdf", "application/pdf", Http.bytes(10), null);
        redirect(ready.getString("object_key"), "attachment");
        redirect(ready.getString("object_key"), "attachment"); // served from the ready-objects cache
        dev.signet.support.Api.as(key.secret())
                .delete("/api/v1/assets/" + ready.getString("id"))
                .then()
                .statusCode(204);
        notFound(ready.getString("object_key")); // deleting evicted it at once
    }

    /**
     * A ready asset is remembered for a short time (five seconds by default, one in tests): an asset deleted by
     * another replica (here: straight in the database) may still redirect until then, never after. (The cache keeps
     * it 100 ms here: what is tested is that the deletion is seen once the remembered answer expired.)
     */
    @Test
    void anAssetDeletedElsewhereIsNoLongerServedAfterTheCacheExpiry() {
        Api.Key key = Api.team(unique("pub-elsewhere")).mintKey("sk");
        var ready = Assets.ready(key.secret(), "e.pdf", "application/pdf", Http.bytes(10), null);
        String objectKey = ready.getString("object_key");
        try (var cache = Caches.withTtl(ReadyObjects.CACHE, Duration.ofMillis(100))) {
            redirect(objectKey, null); // now cached
            assertEquals(1, Db.update("UPDATE assets SET state = 'deleted' WHERE object_key = ?", objectKey));
            Await.past(Instant.now().plus(cache.ttl()));
            notFound(objectKey);
        }
    }

    @Test
    void badQueriesAre400() {
        given().get("/api/v1/objects/download")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("objectKey: is required"));
        given().queryParam("objectKey", "")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(400);
        given().queryParam("objectKey", "a/b")
                .queryParam("type", "download")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("type: must be attachment or inline"));
    }

    private static void notFound(String objectKey) {
        given().redirects()
                .follow(false)
                .queryParam("objectKey", objectKey)
                .get("/api/v1/objects/download")
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
    }
}
