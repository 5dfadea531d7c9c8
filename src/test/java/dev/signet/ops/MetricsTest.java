package dev.signet.ops;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** After traffic, /q/metrics has the route timings, Signet's counters and the database pool. */
@QuarkusTest
class MetricsTest {

    @Inject
    UploadSweeper sweeper;

    @Inject
    Storage objects;

    @Test
    void theOperatorsMetricsAppearAfterTraffic() {
        Api.Team team = Api.team(unique("metrics"));
        Api.Key key = team.mintKey("sk");
        Assets.ready(key.secret(), "m.csv", "text/csv", Http.bytes(10), null);
        objects.write(team.id() + "/results/m.json", "application/json", Http.bytes(10));
        as(key.secret())
                .body("{\"object_path\":\"results/m.json\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200);
        String pending = as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/csv\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        as(key.secret()).post("/api/v1/assets/" + pending + "/confirm").then().statusCode(409);
        given().header("Authorization", "Bearer sk-not-a-real-key")
                .get("/api/v1/assets")
                .then()
                .statusCode(401);
        given().get("/api/v1/assets").then().statusCode(401);
        sweeper.sweep().await().atMost(Duration.ofSeconds(30));

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : List.of(
                "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"201\",uri=\"/api/v1/assets/upload-url\"}",
                "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/v1/inference/assets/signed-url\"}",
                "http_server_requests_seconds_count{method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"409\",uri=\"/api/v1/assets/{id}/confirm\"}",
                "signet_urls_issued_total{kind=\"upload\"}",
                "signet_urls_issued_total{kind=\"download\"}",
                "signet_uploads_confirmed_total{outcome=\"ready\"}",
                "signet_uploads_confirmed_total{outcome=\"upload_missing\"}",
                "signet_sweeper_runs_total{outcome=\"ok\"}",
                "signet_sweeper_expired_total",
                "signet_auth_failures_total{reason=\"invalid_api_key\"}",
                "signet_auth_failures_total{reason=\"missing_credentials\"}")) {
            var value = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+-]+)")
                    .matcher(metrics);
            boolean counted = value.find()
                    && (Double.parseDouble(value.group(1)) > 0 || series.equals("signet_sweeper_expired_total"));
            assertTrue(counted, series + " missing or zero in:\n" + grep(metrics, series.replaceAll("\\{.*", "")));
        }
        for (String pool :
                List.of("sql_pool_active", "sql_pool_idle", "sql_pool_queue_size", "sql_pool_usage_seconds_count")) {
            assertTrue(
                    Pattern.compile("(?m)^" + pool + "\\{").matcher(metrics).find(),
                    pool + " (database pool use) missing");
        }
    }

    private static String grep(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).reduce("", (a, b) -> a + b + "\n");
    }
}
