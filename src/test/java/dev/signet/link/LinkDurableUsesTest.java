package dev.signet.link;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code signet.links.unlimited-uses-durable=true}, every use waits for the WAL flush, with or without max_uses. */
@QuarkusTest
@TestProfile(LinkDurableUsesTest.Durable.class)
class LinkDurableUsesTest {

    public static class Durable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.links.unlimited-uses-durable", "true");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void everyUseWaitsForTheFlush() {
        Api.Key sk = Api.team(unique("link-durable")).mintKey("sk");
        String asset = Assets.ready(sk.secret(), "d.bin", "application/octet-stream", Http.bytes(5), null)
                .getString("id");
        String url = as(sk.secret())
                .body("{\"asset_id\":\"" + asset + "\",\"expires_at\":\""
                        + Instant.now().plusSeconds(3600) + "\"}")
                .post("/api/v1/links")
                .then()
                .statusCode(201)
                .extract()
                .path("url");
        String path = url.substring(url.indexOf("/l/"));
        for (int i = 0; i < 3; i++) {
            RestAssured.given().redirects().follow(false).get(path).then().statusCode(302);
        }
        assertEquals(
                3,
                registry.counter("signet.link.use.commits", "commit", "durable").count());
        assertEquals(
                0,
                registry.counter("signet.link.use.commits", "commit", "deferred")
                        .count());
    }
}
