package dev.signet.ops;

import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var response = given().get("/q/health/ready").then().extract();
            JsonPath body = response.jsonPath();
            Map<String, String> states = new java.util.HashMap<>();
            for (Map<String, Object> check : body.<Map<String, Object>>getList("checks")) {
                if (checks.containsKey(check.get("name"))) { // others, e.g. "Graceful Shutdown", stay UP
                    states.put((String) check.get("name"), (String) check.get("status"));
                }
            }
            if (response.statusCode() == status && states.equals(checks)) {
                return;
            }
            last = response.statusCode() + " " + states;
            sleep();
        }
        assertEquals(status + " " + checks, last, "readiness did not settle");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
