package dev.signet.asset;

import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Concurrent upload requests share INSERT statements (group commit) and each still gets the outcome of
 * its own row. The team's row is locked while the requests arrive (every insert's foreign-key check waits
 * on it), so the rows pile up and go together once it is released.
 */
@QuarkusTest
class GroupedInsertTest {

    private static final int REQUESTS = 16;
    /** {@code signet.assets.insert-concurrency}: statements that run (and block) while the rest wait. */
    private static final int IN_FLIGHT = 1;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void concurrentUploadsShareStatementsAndEachGetsItsOwnOutcome() throws Exception {
        Api.Team team = Api.team(unique("grouped"));
        Api.Key key = team.mintKey("sk");
        Api.Team other = Api.team(unique("grouped-other"));
        UUID own = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        Db.update("INSERT INTO workflows (id, team_id, name, created_by) VALUES (?, ?, 'ours', 'x')", own, team.id());
        Db.update(
                "INSERT INTO workflows (id, team_id, name, created_by) VALUES (?, ?, 'theirs', 'x')",
                foreign,
                other.id());

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try (AutoCloseable lock = Db.inOpenTransaction("SELECT id FROM teams WHERE id = ? FOR UPDATE", team.id())) {
            for (int i = 0; i < REQUESTS; i++) {
                responses.add(send(key.secret(), i, own, foreign));
            }
            try {
                waitUntilWaiting(REQUESTS - IN_FLIGHT);
            } catch (AssertionError e) {
                StringBuilder done = new StringBuilder();
                for (int i = 0; i < REQUESTS; i++) {
                    if (responses.get(i).isDone()) {
                        done.append(i)
                                .append(": ")
                                .append(responses.get(i).join().statusCode())
                                .append(' ')
                                .append(responses.get(i).join().body())
                                .append('\n');
                    }
                }
                throw new AssertionError(e.getMessage() + "; answered:\n" + done, e);
            }
            assertTrue(responses.stream().noneMatch(CompletableFuture::isDone), "no answer before the commit");
        }

        int created = 0;
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = responses.get(i).join();
            JsonPath json = JsonPath.from(response.body());
            switch (i % 4) {
                case 3 -> {
                    assertEquals(404, response.statusCode(), response.body());
                    assertEquals("not_found", json.getString("detail.code"));
                    continue;
                }
                case 2 -> {
                    assertEquals(200, response.statusCode(), response.body());
                    assertEquals(
                            1,
                            Db.count(
                                    "SELECT count(*) FROM assets WHERE object_key = ? AND declared_size = ?",
                                    json.getString("file_key"),
                                    (long) i));
                }
                default -> {
                    assertEquals(201, response.statusCode(), response.body());
                    UUID id = UUID.fromString(json.getString("asset.id"));
                    String row = Db.string(
                            "SELECT concat_ws('|', type, kind, state, file_name, content_type, declared_size,"
                                    + " workflow_id, team_id) FROM assets WHERE id = ?",
                            id);
                    assertEquals(
                            i % 4 == 0
                                    ? "image|input|pending_upload|f" + i + ".png|image/png|" + (i + 1) + "|" + own + "|"
                                            + team.id()
                                    : "data|input|pending_upload|text/csv|" + team.id(),
                            row);
                }
            }
            created++;
        }
        assertEquals(created, Db.count("SELECT count(*) FROM assets WHERE team_id = ?", team.id()));
        assertEquals(REQUESTS / 4 * 3, created);
        assertTrue(
                metric("signet_asset_insert_rows_max") >= REQUESTS - IN_FLIGHT,
                "the waiting rows went in one statement");
        assertEquals(0, metric("signet_asset_insert_waiting"));
    }

    private CompletableFuture<HttpResponse<String>> send(String secret, int i, UUID own, UUID foreign) {
        String path;
        String body;
        switch (i % 4) {
            case 0 -> {
                path = "api/v1/assets/upload-url";
                body = "{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"f" + i
                        + ".png\",\"file_size\":" + (i + 1) + ",\"workflow_id\":\"" + own + "\"}";
            }
            case 1 -> {
                path = "api/v1/assets/upload-url";
                body = "{\"type\":\"data\",\"content_type\":\"text/csv\"}";
            }
            case 2 -> {
                path = "api/v1/r/files/presign";
                body = "{\"file_name\":\"in" + i + ".csv\",\"file_size\":" + i + ",\"content_type\":\"text/csv\"}";
            }
            default -> {
                path = "api/v1/assets/upload-url";
                body = "{\"type\":\"image\",\"content_type\":\"image/png\",\"workflow_id\":\"" + foreign + "\"}";
            }
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void waitUntilWaiting(int rows) {
        // NaN until the first request has created the repository (and its gauge)
        double waiting =
                Await.poll(Duration.ofSeconds(30), () -> metric("signet_asset_insert_waiting"), w -> w >= rows);
        assertTrue(waiting >= rows, "only " + waiting + " of " + rows + " rows waiting after 30 s");
    }

    private static double metric(String name) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.E+-]+)$")
                .matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(2)) : Double.NaN;
    }
}
