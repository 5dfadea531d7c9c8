package dev.signet.link;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.WebhookReceiver;
import dev.signet.support.WebhookReceiver.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code signet.links.use-events=true}, every use of a link is an event {@code link.used}, written by the use's
 * own statement (outbox) and delivered signed as Standard Webhooks (verified by the receiver's standardwebhooks
 * library) to the webhooks that asked for it.
 */
@QuarkusTest
@TestProfile(LinkEventsTest.UseEvents.class)
class LinkEventsTest {

    public static class UseEvents implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.links.use-events", "true");
        }
    }

    /** A webhook of the team that asked for {@code link.used}; answers the receiver's name for it. */
    static String linkUsedWebhook(WebhookReceiver receiver, Api.Key sk) {
        String hook = unique("hook");
        JsonPath webhook = as(sk.secret())
                .body("{\"url\":\"" + receiver.url(hook) + "\",\"events\":[\"link.used\"]}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        receiver.configure(hook, webhook.getString("secret"));
        return hook;
    }

    /** A link of an hour to {@code asset}; {@code extra} more JSON members, each after a comma. */
    static JsonPath link(Api.Key sk, String asset, String extra) {
        return as(sk.secret())
                .body("{\"asset_id\":\"" + asset + "\",\"expires_at\":\""
                        + Instant.now().plusSeconds(3600) + "\"" + extra + "}")
                .post("/api/v1/links")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** The link's path on the test's server. */
    static String path(JsonPath link) {
        return link.getString("url").substring(link.getString("url").indexOf("/l/"));
    }

    @Test
    void eachUseIsALinkUsedEvent() {
        WebhookReceiver receiver = WebhookReceiver.shared();
        Api.Key sk = Api.team(unique("link-events")).mintKey("sk");
        String hook = linkUsedWebhook(receiver, sk);
        // a webhook created without events gets the asset events only: link.used must be named
        String quiet = as(sk.secret())
                .body("{\"url\":\"" + receiver.url(unique("quiet")) + "\"}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String asset = Assets.ready(sk.secret(), "ev.bin", "application/octet-stream", Http.bytes(5), null)
                .getString("id");
        JsonPath link = link(sk, asset, ",\"max_uses\":1");
        String path = path(link);
        RestAssured.given()
                .redirects()
                .follow(false)
                .header("User-Agent", "events-test")
                .get(path)
                .then()
                .statusCode(302);
        RestAssured.given().redirects().follow(false).get(path).then().statusCode(410);

        List<Received> got = receiver.awaitCount(hook, 2, Duration.ofSeconds(30));
        assertEquals(2, got.size());
        assertTrue(got.stream().allMatch(Received::verified), got.toString());
        assertTrue(got.stream().allMatch(r -> r.type().equals("link.used")), got.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> uses = got.stream()
                .map(r ->
                        (Map<String, Object>) ((Map<String, Object>) r.payload().get("data")).get("link"))
                .sorted((a, b) -> String.valueOf(a.get("outcome")).compareTo(String.valueOf(b.get("outcome"))))
                .toList();
        assertEquals("redirected", uses.get(0).get("outcome"));
        assertEquals("events-test", uses.get(0).get("user_agent"));
        assertEquals("127.0.0.1", uses.get(0).get("ip"));
        assertEquals(link.getString("id"), uses.get(0).get("id"));
        assertEquals(1, uses.get(0).get("uses"));
        assertEquals("used_up", uses.get(1).get("outcome"));
        assertEquals(asset, got.get(0).asset().get("id"));
        // deliveries are written by the use's own statement, so none now means none ever
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM webhook_deliveries d JOIN asset_events e ON e.id = d.event_id"
                                + " WHERE d.webhook_id = ?::uuid AND e.type = 'link.used'",
                        quiet));
        assertEquals(
                2,
                Db.count(
                        "SELECT count(*) FROM asset_events WHERE type = 'link.used' AND link->>'id' = ?",
                        link.getString("id")));
    }

    /** A link without max_uses: its uses' events are written with the uses, right behind their answers. */
    @Test
    void eachUseOfAnUnlimitedLinkIsALinkUsedEventToo() {
        WebhookReceiver receiver = WebhookReceiver.shared();
        Api.Key sk = Api.team(unique("link-events-open")).mintKey("sk");
        String hook = linkUsedWebhook(receiver, sk);
        String asset = Assets.ready(sk.secret(), "open.bin", "application/octet-stream", Http.bytes(5), null)
                .getString("id");
        JsonPath link = link(sk, asset, "");
        String path = path(link);
        for (int i = 0; i < 2; i++) {
            RestAssured.given().redirects().follow(false).get(path).then().statusCode(302);
        }
        LinkTest.settled();
        as(sk.secret()).delete("/api/v1/links/" + link.getString("id")).then().statusCode(200);
        RestAssured.given().redirects().follow(false).get(path).then().statusCode(410);

        List<Received> got = receiver.awaitCount(hook, 3, Duration.ofSeconds(30));
        assertEquals(3, got.size());
        assertTrue(got.stream().allMatch(Received::verified), got.toString());
        @SuppressWarnings("unchecked")
        List<String> uses = got.stream()
                .map(r ->
                        (Map<String, Object>) ((Map<String, Object>) r.payload().get("data")).get("link"))
                .map(u -> u.get("outcome") + "@" + u.get("uses"))
                .sorted()
                .toList();
        assertEquals(List.of("redirected@1", "redirected@2", "revoked@2"), uses);
    }
}
