package dev.signet.webhook;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Await;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Signet as hosted (private targets refused, as in %prod): a webhook may not point into its own network, neither
 * when it is created nor when a name that resolved publicly then resolves to an internal address (DNS
 * rebinding): such a delivery is never sent.
 */
@QuarkusTest
@TestProfile(PrivateTargetsTest.Hosted.class)
class PrivateTargetsTest {

    public static class Hosted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.webhooks.allow-private-targets", "false");
        }
    }

    @Test
    void internalTargetsAreRefusedWhenCreatedOrChanged() {
        Api.Key key = Api.team(unique("hosted")).mintKey("sk");
        String before = Db.fingerprint();
        for (String url : List.of(
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://[::1]/hook",
                "http://10.0.0.5/hook",
                "http://192.168.0.10/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/",
                "http://100.64.1.1/",
                "http://[::ffff:10.0.0.1]/")) {
            as(key.secret())
                    .body("{\"url\":\"" + url + "\"}")
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(400)
                    .body("detail.message", startsWith("url: is not a target Signet may call: it resolves to "));
        }
        assertEquals(before, Db.fingerprint());
        String id = as(key.secret())
                .body("{\"url\":\"https://93.184.215.14/hook\"}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(key.secret())
                .body("{\"url\":\"http://localhost:9/x\"}")
                .patch("/api/v1/webhooks/" + id)
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_request"));
        as(key.secret()).get("/api/v1/webhooks/" + id).then().body("url", equalTo("https://93.184.215.14/hook"));
        as(key.secret()).delete("/api/v1/webhooks/" + id).then().statusCode(204);
    }

    @Test
    void aTargetThatNowResolvesInternallyIsNeverCalled() {
        Api.Team team = Api.team(unique("rebinding"));
        Api.Key key = team.mintKey("sk");
        WebhookReceiver receiver = WebhookReceiver.shared();
        String hook = unique("rebound");
        String secret = WebhookSecrets.newSecret();
        receiver.configure(hook, secret);
        // as if the name had resolved to a public address at creation and to loopback now
        UUID webhook = UUID.randomUUID();
        Db.update(
                "INSERT INTO webhooks (id, team_id, url, events, secret, created_by) VALUES (?, ?, ?, ARRAY[?], ?, 'test')",
                webhook,
                team.id(),
                receiver.url(hook).replace("127.0.0.1", "localhost"),
                "asset.ready",
                "plain:" + secret);
        Assets.ready(key.secret(), "r.txt", "text/plain", Http.bytes(3), null);

        Await.within(
                Duration.ofSeconds(30),
                () -> Db.count(
                                "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                                        + "WHERE d.webhook_id = ?",
                                webhook)
                        >= 2);
        List<Map<String, Object>> attempts = as(key.secret())
                .get("/api/v1/webhooks/" + webhook + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items[0].log");
        assertTrue(attempts.size() >= 2, attempts.toString());
        for (Map<String, Object> attempt : attempts) {
            assertEquals("refused_target", attempt.get("outcome"));
            assertEquals(null, attempt.get("status"));
            assertTrue(
                    String.valueOf(attempt.get("error")).startsWith("it resolves to 127.0.0.1, a loopback"),
                    attempt.toString());
        }
        assertEquals(List.of(), receiver.received(hook), "nothing reached the receiver");
        as(key.secret()).delete("/api/v1/webhooks/" + webhook).then().statusCode(204);
    }
}
