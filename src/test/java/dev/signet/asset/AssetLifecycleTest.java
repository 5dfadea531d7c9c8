package dev.signet.asset;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AssetLifecycleTest {

    @Inject
    Storage objects;

    @Inject
    UploadSweeper sweeper;

    private static JsonPath upload(Api.Key key, String body) {
        return as(key.secret())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** An asset uploaded for real and confirmed. */
    private static String readyAsset(Api.Key key, String name) {
        JsonPath created = upload(
                key,
                "{\"type\":\"document\",\"content_type\":\"text/plain\",\"file_name\":\"" + name
                        + "\",\"file_size\":3}");
        Map<String, String> headers = created.getMap("upload.headers");
        assertEquals(
                200,
                Http.put(created.getString("upload.url"), headers, "abc".getBytes())
                        .statusCode());
        as(key.secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200);
        return created.getString("asset.id");
    }

    @Test
    void listPagesNewestFirstWithFilters() {
        Api.Team team = Api.team(unique("lister"));
        Api.Key key = team.mintKey("sk");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(upload(key, "{\"type\":\"image\",\"content_type\":\"image/png\"}")
                    .getString("asset.id"));
        }
        upload(key, "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"kind\":\"output\"}");
        String ready = readyAsset(key, "r.txt");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(key.secret()).queryParam("type", "image").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/assets")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        java.util.Collections.reverse(ids);
        assertEquals(ids, seen, "every image once, newest first");

        as(key.secret())
                .queryParam("kind", "output")
                .get("/api/v1/assets")
                .then()
                .body("items.size()", equalTo(1))
                .body("items[0].type", equalTo("video"));
        as(key.secret())
                .queryParam("state", "ready")
                .get("/api/v1/assets")
                .then()
                .body("items.id", equalTo(List.of(ready)));
        as(key.secret())
                .queryParam("limit", 200)
                .get("/api/v1/assets")
                .then()
                .body("items.size()", equalTo(7))
                .body("next_cursor", nullValue());
    }

    @Test
    void deleteRemovesTheObjectAndMarksTheRow() {
        Api.Team team = Api.team(unique("deleter"));
        Api.Key key = team.mintKey("sk");
        String id = readyAsset(key, "gone.txt");
        String objectKey =
                as(key.secret()).get("/api/v1/assets/" + id).then().extract().path("object_key");
        assertNotNull(objects.head(objectKey));
        as(key.secret()).delete("/api/v1/assets/" + id).then().statusCode(204);
        assertNull(objects.head(objectKey));
        as(key.secret()).get("/api/v1/assets/" + id).then().statusCode(200).body("state", equalTo("deleted"));
        as(key.secret()).get("/api/v1/assets").then().body("items.id", not(hasItem(id)));
        as(key.secret())
                .queryParam("state", "deleted")
                .get("/api/v1/assets")
                .then()
                .body("items.id", hasItem(id));
        as(key.secret()).delete("/api/v1/assets/" + id).then().statusCode(204);
        as(key.secret()).post("/api/v1/assets/" + id + "/confirm").then().statusCode(409);
    }

    @Test
    void anotherTeamsAssetsDoNotExistForYou() {
        Api.Team a = Api.team(unique("a"));
        Api.Key aKey = a.mintKey("sk");
        Api.Team b = Api.team(unique("b"));
        Api.Key bKey = b.mintKey("sk");
        String id = readyAsset(aKey, "secret.txt");
        String objectKey =
                as(aKey.secret()).get("/api/v1/assets/" + id).then().extract().path("object_key");
        String rows = Db.snapshot();
        String credential = bKey.secret();
        as(credential).get("/api/v1/assets/" + id).then().statusCode(404).body("detail.code", equalTo("not_found"));
        as(credential).post("/api/v1/assets/" + id + "/confirm").then().statusCode(404);
        as(credential).delete("/api/v1/assets/" + id).then().statusCode(404);
        as(credential).get("/api/v1/assets").then().statusCode(200).body("items.id", not(hasItem(id)));
        // B's owner naming team A is refused; naming team B finds nothing of A
        as(b.ownerToken(), a.id()).get("/api/v1/assets/" + id).then().statusCode(403);
        as(b.ownerToken(), b.id()).get("/api/v1/assets/" + id).then().statusCode(404);
        as(b.ownerToken(), b.id()).delete("/api/v1/assets/" + id).then().statusCode(404);
        as(b.ownerToken(), b.id()).get("/api/v1/assets").then().body("items.id", not(hasItem(id)));
        // a key ignores X-Team-ID, so naming A does not help B's key
        as(bKey.secret(), a.id()).get("/api/v1/assets/" + id).then().statusCode(404);
        assertEquals(rows, Db.snapshot());
        assertNotNull(objects.head(objectKey));
        as(aKey.secret()).get("/api/v1/assets/" + id).then().statusCode(200).body("state", equalTo("ready"));
    }

    @Test
    void theSweeperExpiresUploadsThatNeverCompletedAndDeletesLateObjects() {
        Api.Team team = Api.team(unique("sweeper"));
        Api.Key key = team.mintKey("sk");
        JsonPath late = upload(
                key, "{\"type\":\"data\",\"content_type\":\"text/csv\",\"file_name\":\"late.csv\",\"file_size\":4}");
        assertEquals(
                200,
                Http.put(late.getString("upload.url"), late.getMap("upload.headers"), "a,b\n".getBytes())
                        .statusCode());
        JsonPath never = upload(key, "{\"type\":\"data\",\"content_type\":\"text/csv\",\"file_name\":\"never.csv\"}");
        JsonPath fresh = upload(key, "{\"type\":\"data\",\"content_type\":\"text/csv\",\"file_name\":\"fresh.csv\"}");
        Db.update(
                "UPDATE assets SET upload_expires_at = now() - interval '1 hour' WHERE id IN (?::uuid, ?::uuid)",
                late.getString("asset.id"),
                never.getString("asset.id"));

        Integer expired = sweeper.sweep().await().atMost(java.time.Duration.ofSeconds(30));
        assertEquals(2, expired);
        as(key.secret())
                .get("/api/v1/assets/" + late.getString("asset.id"))
                .then()
                .body("state", equalTo("expired"));
        as(key.secret())
                .get("/api/v1/assets/" + never.getString("asset.id"))
                .then()
                .body("state", equalTo("expired"));
        as(key.secret())
                .get("/api/v1/assets/" + fresh.getString("asset.id"))
                .then()
                .body("state", equalTo("pending_upload"));
        assertNull(objects.head(late.getString("asset.object_key")), "the late object was deleted");
        as(key.secret())
                .post("/api/v1/assets/" + late.getString("asset.id") + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("invalid_state"));
        assertEquals(0, sweeper.sweep().await().atMost(java.time.Duration.ofSeconds(30)));
    }
}
