package dev.signet.webhook;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Await;
import dev.signet.support.Db;
import dev.signet.support.EventAssets;
import dev.signet.support.Http;
import dev.signet.support.WebhookReceiver;
import dev.signet.support.WebhookReceiver.Received;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Deliveries end to end: Signet signs and sends, a Node receiver verifies every message with the
 * {@code standardwebhooks} package (the Standard Webhooks project's library) and answers as told: 204, 500, or
 * nothing. Retries, timeouts, disabling, re-sending, filters and the delivery log.
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    UploadSweeper sweeper;

    @Inject
    MeterRegistry registry;

    static WebhookReceiver receiver() {
        return WebhookReceiver.shared();
    }

    /** A webhook of {@code key}'s team delivering to a fresh receiver hook; returns {hook name, webhook id, secret}. */
    static String[] webhook(Api.Key key, String events) {
        String hook = unique("hook");
        JsonPath created = as(key.secret())
                .body("{\"url\":\"" + receiver().url(hook) + "\"" + (events == null ? "" : ",\"events\":" + events)
                        + "}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        receiver().configure(hook, created.getString("secret"));
        return new String[] {hook, created.getString("id"), created.getString("secret")};
    }

    static List<Map<String, Object>> log(Api.Key key, String webhook) {
        return as(key.secret())
                .get("/api/v1/webhooks/" + webhook + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    static String eventId(String asset, String type) {
        return Db.string(
                "SELECT id::text FROM asset_events WHERE asset_id = ?::uuid AND type = ? ORDER BY seq DESC LIMIT 1",
                asset,
                type);
    }

    @Test
    void assetReadyThenUpdatedArriveSignedAsStandardWebhooks() {
        Api.Key key = Api.team(unique("hooked")).mintKey("sk");
        String[] hook = webhook(key, null);
        JsonPath ready = Assets.ready(key.secret(), "song.mp3", "audio/mpeg", Http.bytes(2048), null);
        String asset = ready.getString("id");

        List<Received> got = receiver().awaitCount(hook[0], 1, WAIT);
        Received first = got.get(0);
        assertTrue(first.verified(), "the standardwebhooks library refused it: " + first.error());
        assertEquals("asset.ready", first.type());
        assertEquals(eventId(asset, "asset.ready"), first.id(), "webhook-id is the event id");
        assertEquals(first.id(), first.payload().get("id"));
        assertEquals(asset, first.asset().get("id"));
        assertEquals("ready", first.asset().get("state"));
        assertEquals(2048, first.asset().get("size_bytes"));
        assertEquals(ready.getString("object_key"), first.asset().get("object_key"));
        assertEquals(ready.getString("created_at"), first.asset().get("created_at"));

        // a worker writes back the duration: asset.updated, with the value as a string (reference 002)
        as(key.secret())
                .body("{\"duration_seconds\":\"324.412000\",\"metadata\":{\"codec\":\"mp3\",\"channels\":2}}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", equalTo("324.412"))
                .body("metadata.codec", equalTo("mp3"));
        got = receiver().awaitCount(hook[0], 2, WAIT);
        Received updated = got.get(1);
        assertTrue(updated.verified(), updated.error());
        assertEquals("asset.updated", updated.type());
        assertEquals("324.412", updated.asset().get("duration_seconds"));
        assertEquals(Map.of("codec", "mp3", "channels", 2), updated.asset().get("metadata"));

        // the same values again change nothing: no event
        as(key.secret())
                .body("{\"duration_seconds\":324.412}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200);
        WebhookReceiver.sleep(1000);
        assertEquals(2, receiver().received(hook[0]).size());
        assertEquals(2, Db.count("SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid", asset));

        List<Map<String, Object>> log = log(key, hook[1]);
        assertEquals(2, log.size());
        for (Map<String, Object> delivery : log) {
            assertEquals("delivered", delivery.get("state"));
            List<?> attempts = (List<?>) delivery.get("log");
            assertEquals(1, attempts.size());
            @SuppressWarnings("unchecked")
            Map<String, Object> attempt = (Map<String, Object>) attempts.get(0);
            assertEquals(204, attempt.get("status"));
            assertEquals("delivered", attempt.get("outcome"));
            assertTrue(((Number) attempt.get("latency_ms")).longValue() >= 0);
        }
        assertEquals("asset.updated", log.get(0).get("event_type"), "newest first");
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    /** The {@code n}th delivery to the hook (1-based), once it has arrived, of the type expected. */
    static Received nth(String hook, int n, String type) {
        Received delivery = receiver().awaitCount(hook, n, WAIT).get(n - 1);
        assertEquals(type, delivery.type(), "delivery " + n);
        return delivery;
    }

    /**
     * Every event type carries the asset as GET /assets/{id} answers it when the event is delivered (one rendering,
     * the API's): the same JSON object, decimal for decimal, whatever statement made the change.
     */
    @Test
    void everyEventCarriesTheAssetExactlyAsGetShowsIt() {
        Api.Key key = Api.team(unique("rendered")).mintKey("sk");
        String credential = key.secret();
        String[] hook = webhook(key, null);
        byte[] bytes = Http.bytes(1000);
        String declared = java.util.Base64.getEncoder().encodeToString(sha256(bytes));

        // asset.ready, with the SHA-256 declared at upload
        String asset = Assets.ready(
                        credential,
                        "take 1.wav",
                        "audio/wav",
                        bytes,
                        "\"checksum_sha256\":\"" + declared + "\",\"kind\":\"output\"")
                .getString("id");
        JsonNode ready = EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 1, "asset.ready"), credential);
        assertEquals(declared, ready.path("checksum_sha256").textValue());

        // asset.updated: "12.5" is kept to the millisecond, so PATCH, GET and the event all say "12.500"
        as(credential)
                .body("{\"duration_seconds\":\"12.5\",\"metadata\":{\"codec\":\"pcm\",\"channels\":2,"
                        + "\"loudness\":-23.5,\"tags\":[\"a\",null,true]}}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", equalTo("12.500"));
        JsonNode updated = EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 2, "asset.updated"), credential);
        assertEquals("12.500", updated.path("duration_seconds").textValue());

        // a change made in SQL (an operator's psql) is an event too, and its numbers keep their scale
        Db.update(
                "UPDATE assets SET metadata = ?::jsonb, updated_at = now() WHERE id = ?::uuid",
                "{\"fps\": 29.970, \"gain\": 0.1000000000000000000001, \"frames\": 12345678901234567890}",
                asset);
        JsonNode operated = EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 3, "asset.updated"), credential);
        assertEquals(
                "29.970", operated.path("metadata").path("fps").decimalValue().toPlainString());

        // cleared: null duration and metadata
        as(credential)
                .body("{\"duration_seconds\":null,\"metadata\":null}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200);
        JsonNode cleared = EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 4, "asset.updated"), credential);
        assertTrue(
                cleared.path("metadata").isNull()
                        && cleared.path("duration_seconds").isNull(),
                cleared.toString());

        // asset.deleted: GET still shows a deleted asset, and the event shows it the same way
        as(credential).delete("/api/v1/assets/" + asset).then().statusCode(204);
        EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 5, "asset.deleted"), credential);

        // asset.failed: another size than declared (no file name, no workflow: the nulls)
        JsonPath created = as(credential)
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":4}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String mismatched = created.getString("asset.id");
        Db.update("UPDATE assets SET declared_size = 5 WHERE id = ?::uuid", mismatched);
        assertEquals(
                200,
                Http.put(created.getString("upload.url"), created.getMap("upload.headers"), Http.bytes(4))
                        .statusCode());
        as(credential).post("/api/v1/assets/" + mismatched + "/confirm").then().statusCode(409);
        EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 6, "asset.failed"), credential);

        // asset.expired: the sweeper's batch statement
        String late = as(credential)
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"late.txt\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        Db.update("UPDATE assets SET upload_expires_at = now() - interval '1 hour' WHERE id = ?::uuid", late);
        sweeper.sweep().await().atMost(WAIT);
        EventAssets.assertAssetAsGetShowsIt(nth(hook[0], 7, "asset.expired"), credential);
        as(credential).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReceiverThatAnswers500IsRetriedWithTheSameIdUntilItAccepts() {
        Api.Key key = Api.team(unique("retry")).mintKey("sk");
        String[] hook = webhook(key, "[\"asset.ready\"]");
        receiver().configure(hook[0], hook[2], "ok", 2, 0, 0);
        String asset = Assets.ready(key.secret(), "r.txt", "text/plain", Http.bytes(10), null)
                .getString("id");

        List<Received> got = receiver()
                .await(
                        hook[0],
                        r -> r.stream().anyMatch(x -> Integer.valueOf(204).equals(x.answered())),
                        WAIT);
        assertEquals(3, got.size(), "two 500s, then accepted: " + got);
        assertEquals(
                Set.of(eventId(asset, "asset.ready")),
                got.stream().map(Received::id).collect(Collectors.toSet()));
        assertTrue(got.stream().allMatch(Received::verified), "each retry is signed afresh: " + got);
        assertEquals(
                List.of(500, 500, 204), got.stream().map(Received::answered).toList());

        Map<String, Object> delivery = log(key, hook[1]).get(0);
        assertEquals("delivered", delivery.get("state"));
        assertEquals(3, delivery.get("attempts"));
        List<Map<String, Object>> attempts = attemptsOf(delivery);
        assertEquals(
                List.of("http_error", "http_error", "delivered"),
                attempts.stream().map(a -> a.get("outcome")).toList());
        assertEquals(
                List.of(500, 500, 204),
                attempts.stream().map(a -> a.get("status")).toList());
        assertTrue(String.valueOf(attempts.get(0).get("error")).contains("failing on purpose"), attempts.toString());
        assertTrue(got.get(1).timestampSeconds() >= got.get(0).timestampSeconds(), got.toString());
        as(key.secret())
                .get("/api/v1/webhooks/" + hook[1])
                .then()
                .statusCode(200)
                .body("state", equalTo("enabled"))
                .body("consecutive_failures", equalTo(0));
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAndIsRetried() {
        Api.Key key = Api.team(unique("hang")).mintKey("sk");
        String[] hook = webhook(key, "[\"asset.ready\"]");
        receiver().configure(hook[0], hook[2], "ok", 0, 1, 0);
        Assets.ready(key.secret(), "h.txt", "text/plain", Http.bytes(10), null);

        List<Received> got = receiver()
                .await(
                        hook[0],
                        r -> r.stream().anyMatch(x -> Integer.valueOf(204).equals(x.answered())),
                        WAIT);
        assertEquals(List.of("hang", 204), got.stream().map(Received::answered).toList());
        assertEquals(got.get(0).id(), got.get(1).id());
        List<Map<String, Object>> attempts = attemptsOf(log(key, hook[1]).get(0));
        assertEquals("timeout", attempts.get(0).get("outcome"));
        assertNull(attempts.get(0).get("status"));
        // %test.signet.webhooks.timeout=PT2S bounds the attempt
        long latency = ((Number) attempts.get(0).get("latency_ms")).longValue();
        assertTrue(latency >= 1900 && latency < 6000, "timed out after " + latency + " ms");
        assertEquals("delivered", attempts.get(1).get("outcome"));
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    @Test
    void anEndpointThatKeepsFailingIsDisabledAndTheTeamSeesWhy() {
        Api.Key key = Api.team(unique("dead")).mintKey("sk");
        String[] hook = webhook(key, null);
        receiver().configure(hook[0], hook[2], "fail", 0, 0, 0);
        String asset = Assets.ready(key.secret(), "d.txt", "text/plain", Http.bytes(10), null)
                .getString("id");

        // %test.signet.webhooks.disable.failures=4 (and .after=PT0S)
        JsonPath view = Await.poll(
                WAIT,
                () -> as(key.secret())
                        .get("/api/v1/webhooks/" + hook[1])
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                v -> "disabled".equals(v.getString("state")));
        assertEquals("disabled", view.getString("state"));
        assertTrue(
                view.getString("disabled_reason").contains("after 4 failed delivery attempts in a row"),
                view.getString("disabled_reason"));
        assertTrue(view.getString("disabled_reason").contains("HTTP 500"), view.getString("disabled_reason"));
        assertEquals(4, receiver().received(hook[0]).size());

        // nothing more is sent while it is disabled; new events wait (paused) rather than being lost
        as(key.secret())
                .body("{\"duration_seconds\":1}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200);
        WebhookReceiver.sleep(1500);
        assertEquals(4, receiver().received(hook[0]).size());
        as(key.secret())
                .body("{\"event_id\":\"" + eventId(asset, "asset.ready") + "\"}")
                .post("/api/v1/webhooks/" + hook[1] + "/deliveries")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("webhook_disabled"));

        // fixed and enabled again: what waited is delivered
        receiver().configure(hook[0], hook[2], "ok", 0, 0, 0);
        as(key.secret())
                .body("{\"enabled\":true}")
                .patch("/api/v1/webhooks/" + hook[1])
                .then()
                .statusCode(200)
                .body("state", equalTo("enabled"))
                .body("disabled_reason", equalTo(null))
                .body("consecutive_failures", equalTo(0));
        List<Received> got = receiver()
                .await(
                        hook[0],
                        r -> r.stream()
                                .filter(x -> Integer.valueOf(204).equals(x.answered()))
                                .map(Received::type)
                                .collect(Collectors.toSet())
                                .equals(Set.of("asset.ready", "asset.updated")),
                        WAIT);
        assertTrue(got.stream().allMatch(Received::verified));
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    @Test
    void anyEventCanBeSentAgainWithItsId() {
        Api.Key key = Api.team(unique("resend")).mintKey("sk");
        String[] hook = webhook(key, "[\"asset.ready\"]");
        String asset = Assets.ready(key.secret(), "a.txt", "text/plain", Http.bytes(10), null)
                .getString("id");
        receiver().awaitCount(hook[0], 1, WAIT);
        as(key.secret()).delete("/api/v1/assets/" + asset).then().statusCode(204);
        String deleted = eventId(asset, "asset.deleted");
        WebhookReceiver.sleep(500);
        assertEquals(1, receiver().received(hook[0]).size(), "asset.deleted is not in this webhook's filter");

        // the ready event again, and the deleted one, which was never sent to it
        for (String event : List.of(eventId(asset, "asset.ready"), deleted)) {
            as(key.secret())
                    .body("{\"event_id\":\"" + event + "\"}")
                    .post("/api/v1/webhooks/" + hook[1] + "/deliveries")
                    .then()
                    .statusCode(202)
                    .body("event_id", equalTo(event))
                    .body("resend", equalTo(true))
                    .body("state", equalTo("pending"));
        }
        List<Received> got = receiver().awaitCount(hook[0], 3, WAIT);
        assertEquals(
                List.of(eventId(asset, "asset.ready"), eventId(asset, "asset.ready"), deleted),
                got.stream().map(Received::id).toList());
        assertTrue(got.stream().allMatch(Received::verified));

        // another team's event, or none: 404
        Api.Key other = Api.team(unique("other")).mintKey("sk");
        String theirs = Assets.ready(other.secret(), "o.txt", "text/plain", Http.bytes(3), null)
                .getString("id");
        as(key.secret())
                .body("{\"event_id\":\"" + eventId(theirs, "asset.ready") + "\"}")
                .post("/api/v1/webhooks/" + hook[1] + "/deliveries")
                .then()
                .statusCode(404);
        as(key.secret())
                .body("{\"event_id\":\"" + java.util.UUID.randomUUID() + "\"}")
                .post("/api/v1/webhooks/" + hook[1] + "/deliveries")
                .then()
                .statusCode(404);
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    @Test
    void aReceiverWithAnotherSecretRefusesEveryMessage() {
        // the verification is real: the library refuses a message signed with another secret
        Api.Key key = Api.team(unique("wrong-secret")).mintKey("sk");
        String[] hook = webhook(key, "[\"asset.ready\"]");
        receiver().configure(hook[0], WebhookSecrets.newSecret(), "ok", 0, 0, 0);
        Assets.ready(key.secret(), "w.txt", "text/plain", Http.bytes(10), null);
        Received got = receiver().awaitCount(hook[0], 1, WAIT).get(0);
        assertTrue(!got.verified() && got.error().contains("No matching signature"), got.toString());
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    @Test
    void aBacklogIsClaimedInBatchesAndEachEventDeliveredOnce() {
        Api.Key key = Api.team(unique("backlog")).mintKey("sk");
        String[] hook = webhook(key, null);
        String asset = Assets.ready(key.secret(), "b.txt", "text/plain", Http.bytes(10), null)
                .getString("id");
        receiver().awaitCount(hook[0], 1, WAIT);
        WebhookReceiver.sleep(300); // the claims of that one are over
        double claims = claims().count();
        double leased = claims().totalAmount();

        // 300 events committed at once, as a burst of changes leaves them
        Db.update("""
                WITH e AS (
                    INSERT INTO asset_events (team_id, asset_id, type, asset)
                    SELECT a.team_id, a.id, 'asset.updated', to_jsonb(a) FROM assets a, generate_series(1, 300)
                    WHERE a.id = ?::uuid
                    RETURNING id)
                INSERT INTO webhook_deliveries (webhook_id, event_id) SELECT ?::uuid, id FROM e""", asset, hook[1]);
        receiver().await(hook[0], r -> r.size() >= 301, WAIT);
        WebhookReceiver.sleep(1000); // anything sent twice would arrive by now
        List<Received> got = receiver().received(hook[0]);
        assertEquals(301, got.size(), "each event once");
        assertEquals(301, got.stream().map(Received::id).distinct().count());
        assertTrue(got.stream().allMatch(Received::verified));
        assertEquals(
                301,
                Db.count(
                        "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?::uuid AND state = 'delivered'"
                                + " AND attempts = 1",
                        hook[1]));

        // claimed in batches (signet.webhooks.batch, 50), not a claim per send or two
        double backlogClaims = claims().count() - claims;
        assertEquals(300, claims().totalAmount() - leased, 0.0);
        assertTrue(backlogClaims <= 15, "300 deliveries leased in " + backlogClaims + " claims");
        as(key.secret()).delete("/api/v1/webhooks/" + hook[1]).then().statusCode(204);
    }

    /** signet_webhook_claim_deliveries: count = claims that leased deliveries, total = deliveries they leased. */
    private DistributionSummary claims() {
        DistributionSummary summary =
                registry.find("signet.webhook.claim.deliveries").summary();
        assertNotNull(summary, "no claim recorded");
        return summary;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> attemptsOf(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("log");
    }
}
