package dev.signet.http;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.apikey.ApiKeyRepository;
import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.Caches;
import dev.signet.support.Db;
import dev.signet.support.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL stopped, every kind of request that needs it answers 503 with Retry-After (never 500),
 * nothing is stored, the outage is logged once when it starts and once when it ends, and requests succeed
 * again once PostgreSQL is back, without a restart.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final Path LOG = Path.of("target/signet-test.log");
    private static final String PRESIGN =
            "{\"file_name\":\"outage.bin\",\"file_size\":3,\"content_type\":\"application/octet-stream\"}";
    /** The longest an outage, or its end, may take to show. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Inject
    Outages outages;

    @Test
    void aStoppedDatabaseIsA503WithRetryAfterLoggedOnceAndHeals() throws IOException {
        Api.Team team = Api.team(unique("db-outage"));
        Api.Key key = team.mintKey("sk");
        String workflow = as(key.secret())
                .body("{\"name\":\"w\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long started;
        long ended;
        // the key stays cached through the outage (its one second could run out between two requests on a busy
        // machine): each request then fails where it is meant to, in its own query, not in the key's lookup
        try (var keys = Caches.withTtl(ApiKeyRepository.CREDENTIAL_CACHE, OUTAGE)) {
            as(key.secret())
                    .body(PRESIGN)
                    .post("/api/v1/r/files/presign")
                    .then()
                    .statusCode(200); // now cached
            Await.until(OUTAGE, "an earlier outage to end", () -> !outages.isOpen(Outages.Service.DATABASE));
            started = lines("PostgreSQL is unavailable");
            ended = lines("PostgreSQL is available again");

            LocalStackResource.stack().stopPostgres();
            try {
                for (int i = 0; i < 5; i++) { // the INSERT fails
                    as(key.secret())
                            .body(PRESIGN)
                            .post("/api/v1/r/files/presign")
                            .then()
                            .statusCode(503)
                            .header("Retry-After", "2")
                            .body("detail.code", equalTo("service_unavailable"));
                }
                as(key.secret()).get("/api/v1/assets").then().statusCode(503).header("Retry-After", "2");
                as(key.secret())
                        .body("{\"resource_uri\":\"workflow://" + workflow + "/uploads/a.txt\"}")
                        .post("/api/v1/workflows/download-url")
                        .then()
                        .statusCode(503)
                        .header("Retry-After", "2")
                        .body("detail.message", equalTo("Failed to generate download URL. Please try again."));
            } finally {
                LocalStackResource.stack().startPostgres();
            }
        }
        Await.until(
                OUTAGE,
                "presign to succeed again",
                () -> as(key.secret())
                                .body(PRESIGN)
                                .post("/api/v1/r/files/presign")
                                .statusCode()
                        == 200);
        Await.until(OUTAGE, "the outage to end", () -> !outages.isOpen(Outages.Service.DATABASE));
        assertEquals(1, lines("PostgreSQL is unavailable") - started, "one line when the outage started");
        assertEquals(1, lines("PostgreSQL is available again") - ended, "one line when it ended");
        assertEquals(
                2,
                Db.count("SELECT count(*) FROM assets WHERE team_id = ?", team.id()),
                "the rows of the two 200s, none of the 503s");
    }

    private static long lines(String text) throws IOException {
        try (var lines = Files.lines(LOG)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }
}
