package dev.signet.uppy;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.asset.ArrivalWatcher;
import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import dev.signet.support.UppyUploads;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: a single file Uppy sends through {@code GET /s3/params} settles on arrival, with no call from the page:
 * every replica's arrival watch HEADs its object, backing off, and settles it through the confirm's path (size,
 * content, quota, event) once it is there; what never arrives is looked at less and less often, then expired by the
 * sweeper as before; two runs at once, or a client's confirm racing the watch, settle an upload once.
 */
@QuarkusTest
@TestProfile(UppyArrivalTest.Watching.class)
class UppyArrivalTest {

    /** The watch runs here (it is off in the other tests, whose database fingerprints it would move). */
    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.assets.arrival-check-interval", "1s");
        }
    }

    static final String BASE = "/api/v1/uppy/s3";
    static final Duration SETTLED_WITHIN = Duration.ofSeconds(20);

    @Inject
    Storage objects;

    @Inject
    ArrivalWatcher watcher;

    @Inject
    UploadSweeper sweeper;

    Api.Team team;
    Api.Key key;
    ExecutorService threads;

    @BeforeEach
    void team() {
        team = Api.team(unique("arrival"));
        key = team.mintKey("sk");
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    JsonPath params(String fileName, Long fileSize) {
        var request = as(key.secret())
                .queryParam("filename", fileName)
                .queryParam("type", "text/plain")
                .queryParam("metadata[asset_type]", "document");
        if (fileSize != null) {
            request = request.queryParam("metadata[file_size]", fileSize.toString());
        }
        return request.get(BASE + "/params").then().statusCode(200).extract().jsonPath();
    }

    /** Params, then the bytes as Uppy sends them (PUT or POST, as the answer says); answers the asset's id. */
    String upload(String fileName, byte[] bytes, boolean declareSize) {
        JsonPath params = params(fileName, declareSize ? (long) bytes.length : null);
        Http.Answer sent = UppyUploads.send(params, fileName, "text/plain", bytes);
        assertTrue(sent.statusCode() / 100 == 2, "storage took the bytes: " + sent.statusCode() + " " + sent.body());
        return params.getString("asset.id");
    }

    String state(String asset) {
        return Db.string("SELECT state FROM assets WHERE id = ?::uuid", asset);
    }

    long events(String asset, String type) {
        return Db.count("SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = ?", asset, type);
    }

    JsonPath quota() {
        return as(team.ownerToken())
                .get("/api/v1/teams/" + team.id() + "/quota")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    void awaitState(String asset, String state) {
        String seen = Await.poll(SETTLED_WITHIN, () -> state(asset), state::equals);
        assertEquals(state, seen, "asset " + asset + " within " + SETTLED_WITHIN);
    }

    /** One run of the watch as the scheduler runs it: on a Vert.x context of its own, from this thread. */
    void runWatch() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> watcher.check());
        } catch (Throwable e) {
            throw new AssertionError("the arrival watch failed", e);
        }
    }

    @Test
    void aFileSentToTheParamsUrlBecomesReadyWithNoConfirmWithItsEventAndCountedUsage() {
        byte[] note = "hello, arrival".getBytes(StandardCharsets.UTF_8);
        String declared = upload("note.txt", note, true);
        String undeclared = upload("other.txt", "no size in the meta".getBytes(StandardCharsets.UTF_8), false);

        awaitState(declared, "ready");
        awaitState(undeclared, "ready");
        JsonPath asset = as(key.secret())
                .get("/api/v1/assets/" + declared)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(note.length, asset.getInt("size_bytes"));
        assertEquals(1, events(declared, "asset.ready"));
        assertEquals(1, events(undeclared, "asset.ready"));
        JsonPath quota = quota();
        assertEquals(note.length + "no size in the meta".length(), quota.getInt("used_bytes"));
        assertEquals(2, quota.getInt("used_files"));
        assertEquals(0, quota.getInt("reserved_bytes"));
        assertEquals(0, quota.getInt("reserved_files"));
    }

    @Test
    void anObjectOfAnotherSizeThanDeclaredFailsAsAConfirmWouldAndIsDeleted() {
        JsonPath params = params("short.txt", 10L);
        String asset = params.getString("asset.id");
        String objectKey = params.getString("key");
        // storage enforces the signed length; one that did not would leave this object
        objects.write(objectKey, "text/plain", "12345".getBytes(StandardCharsets.UTF_8));

        awaitState(asset, "failed");
        assertNull(objects.head(objectKey), "the object is deleted");
        assertEquals(1, events(asset, "asset.failed"));
        assertEquals(0, events(asset, "asset.ready"));
        assertEquals(0, quota().getInt("reserved_bytes"));
        assertEquals(0, quota().getInt("used_files"));
    }

    /** The next look's time, as seconds after the upload was created. */
    Double nextLookAge(String asset) {
        String age = Db.string(
                "SELECT extract(epoch FROM arrival_check_at - created_at)::text FROM assets WHERE id = ?::uuid", asset);
        return age == null ? null : Double.parseDouble(age);
    }

    /** Seconds from the database's now to the next look. */
    double secondsToNextLook(String asset) {
        return Double.parseDouble(Db.string(
                "SELECT extract(epoch FROM arrival_check_at - now())::text FROM assets WHERE id = ?::uuid", asset));
    }

    @Test
    void anObjectThatNeverArrivesIsLookedAtLessAndLessOftenThenExpiresAsBefore() {
        String asset = params("never.txt", 5L).getString("asset.id");

        // looks about 1, 2, 4, 8 s after creation: each one is set when the one before ran, at twice its age
        List<Double> looks = new ArrayList<>();
        Await.poll(
                Duration.ofSeconds(20),
                () -> {
                    Double next = nextLookAge(asset);
                    if (next != null && (looks.isEmpty() || !next.equals(looks.get(looks.size() - 1)))) {
                        looks.add(next);
                    }
                    return looks.size();
                },
                n -> n >= 4);
        assertTrue(looks.size() >= 4, "four looks scheduled within 20 s: " + looks);
        assertEquals(1.0, looks.get(0), 0.01, "the first look is one interval after creation: " + looks);
        for (int i = 1; i < looks.size(); i++) {
            double before = looks.get(i - 1);
            // a look runs at its time or up to a tick (1 s) later, more on a busy machine, and sets the next at twice
            // its age
            assertTrue(
                    looks.get(i) >= 2 * before - 0.01 && looks.get(i) <= 2 * (before + 3),
                    "look " + i + " at twice the age of the one before: " + looks);
        }
        assertEquals("pending_upload", state(asset));

        // an old upload is looked at every signet.assets.arrival-check-max-backoff (30 s) at most
        Db.update(
                "UPDATE assets SET created_at = now() - interval '100 seconds', arrival_check_at = now() "
                        + "WHERE id = ?::uuid",
                UUID.fromString(asset));
        Await.until(Duration.ofSeconds(10), "the due look", () -> secondsToNextLook(asset) > 5);
        double wait = secondsToNextLook(asset);
        assertTrue(wait > 27 && wait <= 30, "the longest wait is 30 s: " + wait);

        // never past the expiry plus the sweeper's grace (5 min): that look is the last
        Db.update(
                "UPDATE assets SET upload_expires_at = now() - interval '5 minutes' + interval '3 seconds', "
                        + "arrival_check_at = now() WHERE id = ?::uuid",
                UUID.fromString(asset));
        Await.until(Duration.ofSeconds(10), "the due look", () -> secondsToNextLook(asset) > 0.5);
        wait = secondsToNextLook(asset);
        assertTrue(wait <= 3, "the last look is at the expiry plus the grace: " + wait);
        Await.until(
                Duration.ofSeconds(10),
                "the watch to end",
                () -> Db.string("SELECT arrival_check_at::text FROM assets WHERE id = ?::uuid", asset) == null);
        assertEquals("pending_upload", state(asset));

        // then the sweeper expires it, as any pending upload past its time
        assertTrue(sweeper.sweep().await().atMost(Duration.ofSeconds(30)) >= 1);
        assertEquals("expired", state(asset));
        assertEquals(1, events(asset, "asset.expired"));
        assertEquals(0, quota().getInt("reserved_files"));
    }

    @Test
    void runsAtOnceSettleEachUploadOnce() throws Exception {
        List<String> assets = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JsonPath params = params("many-" + i + ".txt", 6L);
            String asset = params.getString("asset.id");
            // held back until every object is there, then due for every run at once
            Db.update(
                    "UPDATE assets SET arrival_check_at = now() + interval '1 hour' WHERE id = ?::uuid",
                    UUID.fromString(asset));
            Http.Answer sent = UppyUploads.send(
                    params, "many-" + i + ".txt", "text/plain", ("file" + String.format("%02d", i)).getBytes());
            assertTrue(sent.statusCode() / 100 == 2, sent.body());
            assets.add(asset);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            runs.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        runWatch();
                    },
                    threads));
        }
        Db.update("UPDATE assets SET arrival_check_at = now() WHERE team_id = ?", team.id());
        start.countDown(); // three runs here, and the scheduler's
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (String asset : assets) {
            awaitState(asset, "ready");
            assertEquals(1, events(asset, "asset.ready"), "one settle of " + asset);
        }
        assertEquals(12, quota().getInt("used_files"));
        assertEquals(72, quota().getInt("used_bytes"));
    }

    @Test
    void aClientsConfirmRacingTheWatchSettlesOnce() throws Exception {
        for (int i = 0; i < 6; i++) {
            JsonPath params = params("race-" + i + ".txt", 4L);
            String asset = params.getString("asset.id");
            Db.update(
                    "UPDATE assets SET arrival_check_at = now() + interval '1 hour' WHERE id = ?::uuid",
                    UUID.fromString(asset));
            Http.Answer sent = UppyUploads.send(params, "race-" + i + ".txt", "text/plain", "race".getBytes());
            assertTrue(sent.statusCode() / 100 == 2, sent.body());
            Db.update("UPDATE assets SET arrival_check_at = now() WHERE id = ?::uuid", UUID.fromString(asset));

            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Void> watch = CompletableFuture.runAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        runWatch();
                    },
                    threads);
            start.countDown();
            JsonPath confirmed = as(key.secret())
                    .post("/api/v1/assets/" + asset + "/confirm")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            watch.get(30, TimeUnit.SECONDS);
            assertEquals("ready", confirmed.getString("state"));
            awaitState(asset, "ready");
            assertEquals(1, events(asset, "asset.ready"), "one settle of " + asset);
        }
        JsonPath quota = quota();
        assertEquals(6, quota.getInt("used_files"));
        assertEquals(24, quota.getInt("used_bytes"));
        assertEquals(0, quota.getInt("reserved_files"));
    }
}
