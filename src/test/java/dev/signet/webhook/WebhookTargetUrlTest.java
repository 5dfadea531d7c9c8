package dev.signet.webhook;

import static dev.signet.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.ClassTeam;
import dev.signet.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A webhook's URL is checked for form before any address rule (here, in tests, private targets are allowed, so
 * only the form stands between a URL and a stored webhook): each malformed URL of {@link TargetGuardTest} is a
 * 400 naming {@code url}, on creation and on change, and nothing is stored.
 */
@QuarkusTest
class WebhookTargetUrlTest {

    @RegisterExtension
    static final ClassTeam team = new ClassTeam("webhook-urls");

    static String webhook;

    @BeforeEach
    void scene() {
        if (webhook == null) {
            webhook = as(team.ownerToken(), team.id())
                    .body("{\"url\":\"http://127.0.0.1:9/target-url\",\"events\":[\"asset.expired\"]}")
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("dev.signet.webhook.TargetGuardTest#malformedTargets")
    void creatingWithAMalformedUrlIsRefused(String url, String problem) {
        String before = Db.fingerprint();
        as(team.ownerToken(), team.id())
                .body(new JsonObject().put("url", url).encode())
                .post("/api/v1/webhooks")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_request"))
                .body("detail.message", startsWith("url: " + problem));
        assertEquals(before, Db.fingerprint(), url);
    }

    @ParameterizedTest(name = "PATCH {0}")
    @MethodSource("dev.signet.webhook.TargetGuardTest#malformedTargets")
    void changingToAMalformedUrlIsRefused(String url, String problem) {
        String before = Db.fingerprint();
        as(team.ownerToken(), team.id())
                .body(new JsonObject().put("url", url).encode())
                .patch("/api/v1/webhooks/" + webhook)
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_request"))
                .body("detail.message", startsWith("url: " + problem));
        assertEquals(before, Db.fingerprint(), url);
    }
}
