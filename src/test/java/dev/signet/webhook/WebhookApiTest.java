package dev.signet.webhook;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Creating, listing, changing and deleting webhooks; what is refused; the secret shown once, stored sealed. */
@QuarkusTest
class WebhookApiTest {

    private static final String URL = "http://127.0.0.1:9/api-test";

    @Test
    void createListChangeDelete() {
        Api.Team team = Api.team(unique("webhooks"));
        Api.Key key = team.mintKey("sk");
        JsonPath created = as(team.ownerToken(), team.id())
                .body("{\"url\":\"" + URL + "\",\"description\":\"ffprobe worker\"}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/webhooks/"))
                .body("state", equalTo("enabled"))
                .body(
                        "events",
                        equalTo(List.of(
                                "asset.ready", "asset.failed", "asset.expired", "asset.deleted", "asset.updated")))
                .extract()
                .jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);

        // never shown again; stored encrypted (signet.webhooks.secret-key is set in %test)
        String listed = as(key.secret())
                .get("/api/v1/webhooks")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(id))
                .extract()
                .asString();
        assertFalse(listed.contains(secret.substring(6, 20)), listed);
        as(key.secret())
                .get("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("secret", nullValue())
                .body("description", equalTo("ffprobe worker"))
                .body("created_by", equalTo(team.owner()));
        String stored = Db.string("SELECT secret FROM webhooks WHERE id = ?::uuid", id);
        assertTrue(stored.startsWith("aes-gcm:") && !stored.contains(secret.substring(6, 20)), stored);

        as(key.secret())
                .body("{\"events\":[\"asset.ready\",\"asset.ready\",\"asset.updated\"],\"url\":\"" + URL + "/v2\"}")
                .patch("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("events", equalTo(List.of("asset.ready", "asset.updated")))
                .body("url", equalTo(URL + "/v2"))
                .body("description", equalTo("ffprobe worker"));
        as(key.secret())
                .body("{\"enabled\":false}")
                .patch("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("disabled"))
                .body("disabled_reason", containsString("through the API by"))
                .body("disabled_at", not(nullValue()));
        as(key.secret())
                .body("{\"enabled\":true}")
                .patch("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("enabled"))
                .body("disabled_reason", nullValue());
        as(key.secret())
                .get("/api/v1/webhooks/" + id + "/deliveries")
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("next_cursor", nullValue());
        // the delivery log's page size: 1 to 100
        as(key.secret())
                .get("/api/v1/webhooks/" + id + "/deliveries?limit=100")
                .then()
                .statusCode(200);
        for (String limit : new String[] {"0", "101", "ten"}) {
            as(key.secret())
                    .get("/api/v1/webhooks/" + id + "/deliveries?limit=" + limit)
                    .then()
                    .statusCode(400)
                    .body("detail.message", org.hamcrest.Matchers.startsWith("limit: must be"));
        }

        as(key.secret()).delete("/api/v1/webhooks/" + id).then().statusCode(204);
        as(key.secret())
                .delete("/api/v1/webhooks/" + id)
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
        as(key.secret()).get("/api/v1/webhooks/" + id).then().statusCode(404);
        as(key.secret()).get("/api/v1/webhooks").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndStoresNothing() {
        Api.Key key = Api.team(unique("bad-hooks")).mintKey("sk");
        String before = Db.fingerprint();
        String[][] cases = {
            {"{}", "url: is required"},
            {"{\"url\":\"\"}", "url: is required"},
            {"{\"url\":\"ftp://127.0.0.1/x\"}", "url: must be an absolute http or https URL"},
            {"{\"url\":\"/relative\"}", "url: must be an absolute http or https URL"},
            {"{\"url\":\"http://user:pw@127.0.0.1/x\"}", "url: must not contain credentials"},
            {"{\"url\":\"http://127.0.0.1/x#frag\"}", "url: must not contain a fragment"},
            {"{\"url\":\"http://127.0.0.1/" + "x".repeat(2100) + "\"}", "url: must be at most 2048 characters"},
            {"{\"url\":\"http://127.0.0.1/a b\"}", "url: must be an absolute http or https URL"},
            {"{\"url\":\"" + URL + "\",\"events\":[]}", "events: must name at least one event type"},
            {"{\"url\":\"" + URL + "\",\"events\":[\"asset.created\"]}", "events[0]: must be one of"},
            {"{\"url\":\"" + URL + "\",\"events\":\"asset.ready\"}", "events"},
            {"{\"url\":\"" + URL + "\",\"description\":\"  \"}", "description: must not be blank"},
            {"{\"url\":\"" + URL + "\",\"description\":\"a\\u202eb\"}", "description: must not contain"},
            {"{\"url\":7}", "url: must be a string"},
        };
        for (String[] c : cases) {
            String message = as(key.secret())
                    .body(c[0])
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(400)
                    .body("detail.code", equalTo("invalid_request"))
                    .extract()
                    .path("detail.message");
            assertTrue(message.startsWith(c[1]), c[0] + " -> " + message);
        }
        assertEquals(before, Db.fingerprint());
    }

    @Test
    void whoMayManageWebhooks() {
        Api.Team team = Api.team(unique("hook-access"));
        String member = unique("hook-member");
        team.addMember(member, "member");
        String id = as(team.ownerToken(), team.id())
                .body("{\"url\":\"" + URL + "\"}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(team.mintKey("dk").secret()).get("/api/v1/webhooks").then().statusCode(403);
        as(dev.signet.support.Tokens.user(member), team.id())
                .get("/api/v1/webhooks")
                .then()
                .statusCode(403)
                .body("detail.message", equalTo("Only team owners and admins can do this."));
        Api.Key other = Api.team(unique("hook-other")).mintKey("sk");
        as(other.secret()).get("/api/v1/webhooks/" + id).then().statusCode(404);
        as(other.secret())
                .body("{\"enabled\":false}")
                .patch("/api/v1/webhooks/" + id)
                .then()
                .statusCode(404);
        as(other.secret()).delete("/api/v1/webhooks/" + id).then().statusCode(404);
        as(other.secret()).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
        as(other.secret()).get("/api/v1/webhooks").then().statusCode(200).body("items", hasSize(0));
        as(team.ownerToken(), team.id())
                .get("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("enabled"));
    }

    @Test
    void aTeamHasAtMostTwentyWebhooks() {
        Api.Key key = Api.team(unique("many-hooks")).mintKey("sk");
        for (int i = 0; i < 20; i++) {
            as(key.secret())
                    .body("{\"url\":\"" + URL + "/" + i + "\"}")
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(201);
        }
        as(key.secret())
                .body("{\"url\":\"" + URL + "/21\"}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("too_many_webhooks"));
    }
}
