package dev.signet.ops;

import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Readiness follows PostgreSQL and the bucket down and back up without a restart; liveness does not. */
@QuarkusTest
class HealthTest {

    @Test
    void readinessGoesDownAndUpWithPostgres() {
        awaitReady(200, Map.of("postgresql", "UP", "bucket", "UP"));
        LocalStackResource.stack().stopPostgres();
        try {
            awaitReady(503, Map.of("postgresql", "DOWN", "bucket", "UP"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            LocalStackResource.stack().startPostgres();
        }
        awaitReady(200, Map.of("postgresql", "UP", "bucket", "UP"));
        Api.team(unique("after-restart")); // the pool serves requests again
    }

    @Test
    void readinessGoesDownAndUpWithTheBucket() {
        awaitReady(200, Map.of("postgresql", "UP", "bucket", "UP"));
        LocalStackResource.stack().stopS3();
        try {
            awaitReady(503, Map.of("postgresql", "UP", "bucket", "DOWN"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            LocalStackResource.stack().startS3();
        }
        awaitReady(200, Map.of("postgresql", "UP", "bucket", "UP"));
    }

    /** Polls readiness until it answers this status with these check states (the cache delays it briefly). */
    private static void awaitReady(int status, Map<String, String> checks) {
        String wanted = status + " " + new TreeMap<>(checks);
        String last = Await.poll(Duration.ofSeconds(20), () -> readiness(checks), wanted::equals);
        assertEquals(wanted, last, "readiness did not settle");
    }

    /** Readiness's status and the states of {@code checks} (others, e.g. "Graceful Shutdown", stay UP). */
    private static String readiness(Map<String, String> checks) {
        var response = given().get("/q/health/ready").then().extract();
        JsonPath body = response.jsonPath();
        Map<String, String> states = new TreeMap<>();
        for (Map<String, Object> check : body.<Map<String, Object>>getList("checks")) {
            if (checks.containsKey(check.get("name"))) {
                states.put((String) check.get("name"), (String) check.get("status"));
            }
        }
        return response.statusCode() + " " + states;
    }
}
