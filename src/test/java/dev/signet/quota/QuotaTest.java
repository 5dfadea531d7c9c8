package dev.signet.quota;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import dev.signet.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-team quotas (issue 20): reserved in the upload's INSERT, so concurrent requests cannot pass a quota together;
 * released by expiry, failure and delete; read and set through {@code /teams/{teamId}/quota}; repaired when the
 * counters drift.
 */
@QuarkusTest
class QuotaTest {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    @Inject
    UploadSweeper sweeper;

    @Inject
    QuotaReconciler reconciler;

    @Inject
    MeterRegistry registry;

    @Inject
    Storage objects;

    // --- concurrency --------------------------------------------------------------------------------------------

    @Test
    void twoHundredConcurrentUploadUrlsAgainstRoomForFiftyFilesGetExactlyFifty() throws Exception {
        raceForFifty(base);
    }

    /**
     * 200 upload-URL requests at once against a team with room for exactly 50 files (a quota of 53, 3 already
     * held): exactly 50 get 201, 150 get 409 {@code quota_exceeded}, and the team's counters never pass the quota
     * meanwhile (polled while the requests run).
     */
    static void raceForFifty(URI base) throws Exception {
        Api.Team team = Api.team(unique("race"));
        Api.Key key = team.mintKey("sk");
        for (int i = 0; i < 3; i++) {
            create(key.secret(), "{\"type\":\"data\",\"content_type\":\"text/plain\"}");
        }
        setQuota(team.id(), null, 53L);
        double refusedBefore = refusals(base, "files");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong highest = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                highest.accumulateAndGet(
                        Db.count("SELECT used_files + reserved_files FROM team_quotas WHERE team_id = ?", team.id()),
                        Math::max);
            }
        });
        watcher.start();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(post(
                    base,
                    key.secret(),
                    "api/v1/assets/upload-url",
                    "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"f" + i + ".txt\"}"));
        }
        int created = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 201) {
                created++;
            } else {
                assertEquals(409, response.statusCode(), response.body());
                JsonPath body = JsonPath.from(response.body());
                assertEquals("quota_exceeded", body.getString("detail.code"));
                assertTrue(
                        body.getString("detail.message")
                                .startsWith("This upload would pass the team's quota of files: "),
                        response.body());
                assertTrue(body.getString("detail.message").endsWith(", quota 53."), response.body());
                refused++;
            }
        }
        running.set(false);
        watcher.join();
        assertEquals(50, created);
        assertEquals(150, refused);
        assertTrue(highest.get() <= 53, "the counters passed the quota: " + highest.get());
        assertEquals("0|0|0|53", counters(team.id()));
        assertEquals(
                53, Db.count("SELECT count(*) FROM assets WHERE team_id = ? AND state = 'pending_upload'", team.id()));
        assertEquals(150, refusals(base, "files") - refusedBefore, 0.0);
    }

    @Test
    void aLeakedKeyRacingEveryWayInCannotPassAByteQuota() throws Exception {
        Api.Team team = Api.team(unique("leak"));
        Api.Key key = team.mintKey("sk");
        long size = 6L * 1024 * 1024;
        setQuota(team.id(), 10 * size + size / 2, null);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(post(
                    base,
                    key.secret(),
                    "api/v1/assets/upload-url",
                    "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":" + size + "}"));
            answers.add(post(
                    base,
                    key.secret(),
                    "api/v1/r/files/presign",
                    "{\"file_name\":\"p" + i + ".csv\",\"content_type\":\"text/csv\",\"file_size\":" + size + "}"));
            answers.add(post(
                    base,
                    key.secret(),
                    "api/v1/assets/multipart",
                    "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":" + size + "}"));
        }
        int signed = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 200 || response.statusCode() == 201) {
                signed++;
            } else {
                assertEquals(409, response.statusCode(), response.body());
                assertEquals("quota_exceeded", JsonPath.from(response.body()).getString("detail.code"));
                assertTrue(
                        response.body().contains("This upload of 6,291,456 bytes would pass the team's quota: "),
                        response.body());
            }
        }
        assertEquals(10, signed, "exactly the uploads that fit");
        assertEquals("0|0|" + 10 * size + "|10", counters(team.id()));
        assertEquals(
                10 * size,
                Db.count(
                        "SELECT coalesce(sum(declared_size), 0) FROM assets WHERE team_id = ? AND state = 'pending_upload'",
                        team.id()));
    }

    // --- release ------------------------------------------------------------------------------------------------

    @Test
    void expiryFailureAndDeleteEachFreeTheirBytes() {
        Api.Team team = Api.team(unique("release"));
        Api.Key key = team.mintKey("sk");
        setQuota(team.id(), 100L, null);
        String upload = "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":100}";
        String oneByte = "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":1}";

        // expiry
        String first = create(key.secret(), upload).getString("asset.id");
        refused(key.secret(), oneByte)
                .then()
                .body(
                        "detail.message",
                        equalTo("This upload of 1 byte would pass the team's quota: 0 bytes used, 100 reserved by "
                                + "pending uploads, quota 100."));
        Db.update("UPDATE assets SET upload_expires_at = now() - interval '1 hour' WHERE id = ?::uuid", first);
        sweeper.sweep().await().atMost(Duration.ofSeconds(30));
        assertEquals("expired", Db.string("SELECT state FROM assets WHERE id = ?::uuid", first));
        assertEquals("0|0|0|0", counters(team.id()));

        // failure: bytes written around Signet differ from the declared size, confirm fails the asset
        JsonPath second = create(key.secret(), upload);
        objects.write(second.getString("asset.object_key"), "text/plain", Http.bytes(60));
        as(key.secret())
                .post("/api/v1/assets/" + second.getString("asset.id") + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("upload_mismatch"));
        assertEquals("0|0|0|0", counters(team.id()));

        // confirm turns the reservation into usage; delete frees it
        JsonPath third = create(key.secret(), upload);
        assertEquals(
                200,
                Http.put(third.getString("upload.url"), third.getMap("upload.headers"), Http.bytes(100))
                        .statusCode());
        as(key.secret())
                .post("/api/v1/assets/" + third.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200);
        assertEquals("100|1|0|0", counters(team.id()));
        refused(key.secret(), oneByte)
                .then()
                .body(
                        "detail.message",
                        startsWith("This upload of 1 byte would pass the team's quota: 100 bytes used, 0 "));
        as(key.secret())
                .delete("/api/v1/assets/" + third.getString("asset.id"))
                .then()
                .statusCode(204);
        assertEquals("0|0|0|0", counters(team.id()));
        create(key.secret(), upload);
        assertEquals("0|0|100|1", counters(team.id()));
    }

    @Test
    void aByteQuotaRequiresFileSizeAndStorageUsageShowsTheQuota() {
        Api.Team team = Api.team(unique("sized"));
        Api.Key key = team.mintKey("sk");
        String unsized = "{\"type\":\"data\",\"content_type\":\"text/plain\"}";
        create(key.secret(), unsized); // no quota: no size needed
        setQuota(team.id(), 1000L, 7L);
        String before = Db.fingerprint();
        as(key.secret())
                .body(unsized)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_request"))
                .body("detail.message", startsWith("file_size: required"));
        assertEquals(before, Db.fingerprint(), "a refused upload stores nothing");
        create(key.secret(), "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":10}");

        as(key.secret())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .body("quotaBytes", equalTo(1000))
                .body("reservedBytes", equalTo(10))
                .body("quotaFiles", equalTo(7))
                .body("totalBytes", equalTo(0));
        clearQuota(team.id());
        as(key.secret())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .body("quotaBytes", nullValue())
                .body("quotaFiles", nullValue());
    }

    // --- the endpoints ------------------------------------------------------------------------------------------

    @Test
    void ownersReadPlatformAdminsSetAndClear() {
        Api.Team team = Api.team(unique("owner"));
        Api.Key key = team.mintKey("sk");
        create(key.secret(), "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":5}");
        String path = "/api/v1/teams/" + team.id() + "/quota";
        as(team.ownerToken())
                .get(path)
                .then()
                .statusCode(200)
                .body("team_id", equalTo(team.id().toString()))
                .body("source", equalTo("default"))
                .body("quota_bytes", nullValue())
                .body("quota_files", nullValue())
                .body("used_bytes", equalTo(0))
                .body("used_files", equalTo(0))
                .body("reserved_bytes", equalTo(5))
                .body("reserved_files", equalTo(1));
        as(Tokens.platformAdmin(unique("root")))
                .body("{\"quota_bytes\":5000000000,\"quota_files\":null}")
                .put(path)
                .then()
                .statusCode(200)
                .body("source", equalTo("team"))
                .body("quota_bytes", equalTo(5000000000L))
                .body("quota_files", nullValue());
        as(team.ownerToken()).get(path).then().body("source", equalTo("team"));
        as(Tokens.platformAdmin(unique("root")))
                .delete(path)
                .then()
                .statusCode(200)
                .body("source", equalTo("default"))
                .body("quota_bytes", nullValue())
                .body("reserved_bytes", equalTo(5));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"quota_bytes\":", "malformed_json", null),
                Arguments.of("[]", "invalid_request", "body: must be a JSON object"),
                Arguments.of("null", "invalid_request", "body: must be a JSON object"),
                Arguments.of("{\"quota_bytes\":1}", "invalid_request", "quota_files: required"),
                Arguments.of("{\"quota_files\":1}", "invalid_request", "quota_bytes: required"),
                Arguments.of("{}", "invalid_request", "quota_bytes: required"),
                Arguments.of("{\"quota_bytes\":-1,\"quota_files\":null}", "invalid_request", "quota_bytes: must be"),
                Arguments.of("{\"quota_bytes\":null,\"quota_files\":-5}", "invalid_request", "quota_files: must be"),
                Arguments.of("{\"quota_bytes\":\"100\",\"quota_files\":null}", "invalid_request", "quota_bytes: must"),
                Arguments.of("{\"quota_bytes\":1.5,\"quota_files\":null}", "invalid_request", "quota_bytes: must be"),
                Arguments.of("{\"quota_bytes\":1e3,\"quota_files\":null}", "invalid_request", "quota_bytes: must be"),
                Arguments.of("{\"quota_bytes\":true,\"quota_files\":null}", "invalid_request", "quota_bytes: must be"),
                Arguments.of("{\"quota_bytes\":[1],\"quota_files\":null}", "invalid_request", "quota_bytes: must be"),
                Arguments.of(
                        "{\"quota_bytes\":99999999999999999999,\"quota_files\":null}",
                        "invalid_request",
                        "quota_bytes: must be"),
                Arguments.of(
                        "{\"quota_bytes\":1,\"quota_files\":1,\"quota\":3}", "invalid_request", "quota: unknown field"),
                Arguments.of("{\"quota_bytes\":1,\"quota_bytes\":2,\"quota_files\":1}", "invalid_request", null));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badInputIsA400AndChangesNothing(String body, String code, String message) {
        Api.Team team = Api.team(unique("bad"));
        setQuota(team.id(), 10L, 10L);
        String before = Db.fingerprint() + quotas();
        var answer = as(Tokens.platformAdmin(unique("root")))
                .body(body)
                .put("/api/v1/teams/" + team.id() + "/quota")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo(code));
        if (message != null) {
            answer.body("detail.message", startsWith(message));
        }
        assertEquals(before, Db.fingerprint() + quotas());
    }

    @Test
    void callersWithoutTheRightAreRefusedAndNothingChanges() {
        Api.Team team = Api.team(unique("rights"));
        team.addMember("admin-" + team.id(), "admin");
        team.addMember("member-" + team.id(), "member");
        Api.Key sk = team.mintKey("sk");
        Api.Team other = Api.team(unique("rights-other"));
        setQuota(team.id(), 10L, 10L);
        String path = "/api/v1/teams/" + team.id() + "/quota";
        String set = "{\"quota_bytes\":null,\"quota_files\":null}";
        String before = Db.fingerprint() + quotas();
        Map<String, String> people = Map.of(
                "owner", team.ownerToken(),
                "admin", Tokens.user("admin-" + team.id()),
                "member", Tokens.user("member-" + team.id()),
                "stranger", other.ownerToken());
        people.forEach((who, token) -> {
            int expected = who.equals("stranger") ? 404 : 403;
            as(token).body(set).put(path).then().statusCode(expected);
            as(token).delete(path).then().statusCode(expected);
        });
        as(people.get("member")).get(path).then().statusCode(403).body("detail.code", equalTo("forbidden"));
        as(people.get("stranger")).get(path).then().statusCode(404).body("detail.code", equalTo("not_found"));
        as(sk.secret()).get(path).then().statusCode(403);
        as(sk.secret()).body(set).put(path).then().statusCode(403);
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body(set)
                .put(path)
                .then()
                .statusCode(401);
        as(Tokens.platformAdmin(unique("root")))
                .body(set)
                .put("/api/v1/teams/" + UUID.randomUUID() + "/quota")
                .then()
                .statusCode(404);
        as(Tokens.platformAdmin(unique("root")))
                .body(set)
                .put("/api/v1/teams/not-a-uuid/quota")
                .then()
                .statusCode(400);
        assertEquals(before, Db.fingerprint() + quotas());
    }

    // --- drift --------------------------------------------------------------------------------------------------

    @Test
    void theRepairFixesDriftAndCountsIt() {
        Api.Team team = Api.team(unique("drift"));
        Api.Key key = team.mintKey("sk");
        create(key.secret(), "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":42}");
        reconciler.reconcile().await().atMost(Duration.ofSeconds(60));
        assertEquals(0, reconciler.reconcile().await().atMost(Duration.ofSeconds(60)), "nothing left to fix");
        double before = registry.counter("signet.quota.drift.repaired").count();
        Db.update(
                "UPDATE team_quotas SET used_bytes = used_bytes + 777, reserved_files = 0 WHERE team_id = ?",
                team.id());
        assertEquals(1, reconciler.reconcile().await().atMost(Duration.ofSeconds(60)));
        assertEquals("0|0|42|1", counters(team.id()));
        assertEquals(before + 1, registry.counter("signet.quota.drift.repaired").count(), 0.0);
    }

    /** After everything above (and whatever ran before in this JVM): the counters equal the sums of the assets. */
    @AfterAll
    static void countersEqualWhatTheAssetsSay() {
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM team_quotas q, team_quota_actual(q.team_id) a"
                        + " WHERE (q.used_bytes, q.used_files, q.reserved_bytes, q.reserved_files)"
                        + " IS DISTINCT FROM (a.used_bytes, a.used_files, a.reserved_bytes, a.reserved_files)"),
                "teams whose counters differ from their assets");
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM teams t WHERE NOT EXISTS"
                        + " (SELECT 1 FROM team_quotas q WHERE q.team_id = t.id)"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static void setQuota(UUID team, Long bytes, Long files) {
        as(Tokens.platformAdmin(unique("root")))
                .body("{\"quota_bytes\":" + bytes + ",\"quota_files\":" + files + "}")
                .put("/api/v1/teams/" + team + "/quota")
                .then()
                .statusCode(200)
                .body("source", equalTo("team"));
    }

    static void clearQuota(UUID team) {
        as(Tokens.platformAdmin(unique("root")))
                .delete("/api/v1/teams/" + team + "/quota")
                .then()
                .statusCode(200);
    }

    /** used_bytes|used_files|reserved_bytes|reserved_files */
    static String counters(UUID team) {
        return Db.string(
                "SELECT concat_ws('|', used_bytes, used_files, reserved_bytes, reserved_files) FROM team_quotas"
                        + " WHERE team_id = ?",
                team);
    }

    static String quotas() {
        return Db.string("SELECT md5(string_agg(q::text, ',' ORDER BY q.team_id)) FROM team_quotas q");
    }

    static JsonPath create(String secret, String body) {
        return as(secret)
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    static Response refused(String secret, String body) {
        Response response = as(secret).body(body).post("/api/v1/assets/upload-url");
        response.then().statusCode(409).body("detail.code", equalTo("quota_exceeded"));
        return response;
    }

    static CompletableFuture<HttpResponse<String>> post(URI base, String secret, String path, String body) {
        return CLIENT.sendAsync(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + secret)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static double refusals(URI base, String dimension) {
        String metrics =
                io.restassured.RestAssured.get(base.resolve("q/metrics")).asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("signet_quota_refusals_total{dimension=\"" + dimension + "\"")) {
                // name{labels} value [timestamp]
                return Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]);
            }
        }
        throw new AssertionError("no signet_quota_refusals_total{dimension=\"" + dimension + "\"}");
    }
}
