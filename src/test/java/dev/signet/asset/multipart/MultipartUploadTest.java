package dev.signet.asset.multipart;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.EventAssets;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import dev.signet.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Multipart uploads against S3Proxy: a 64 MiB file in 13 parts, four in flight, stopped halfway and resumed from the
 * list of stored parts; sizes and SHA-256s that storage enforces; completion that refuses a missing part; abort by
 * delete and by the sweeper, after which storage holds nothing of the upload.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultipartUploadTest {

    static final int MIB = 1 << 20;
    /** The part size of every upload here: S3's smallest. */
    static final int PART = 5 * MIB;

    @Inject
    Storage objects;

    @Inject
    UploadSweeper sweeper;

    @Inject
    S3AsyncClient s3;

    @ConfigProperty(name = "signet.storage.bucket")
    String bucket;

    Api.Team team;
    Api.Key key;

    @BeforeEach
    void team() {
        team = Api.team(unique("multipart"));
        key = team.mintKey("sk");
    }

    @Test
    void aLargeFileGoesUpInPartsFourAtATimeStopsHalfwayResumesAndCompletes() throws Exception {
        byte[] file = bytes(64 * MIB, 64);
        JsonPath created = create("""
                {"type":"video","content_type":"video/mp4","file_name":"take-7.mp4","file_size":%d,
                 "part_size":%d,"checksum_algorithm":"sha256"}""".formatted(file.length, 5 * MIB));
        String id = created.getString("asset.id");
        assertEquals("pending_upload", created.getString("asset.state"));
        assertEquals(5 * MIB, created.getLong("multipart.part_size"));
        assertEquals(13, created.getInt("multipart.part_count"), "12 parts of 5 MiB and one of 4 MiB");
        String uploadId = created.getString("multipart.upload_id");
        assertNotNull(uploadId);

        // The first client: signs every part in one call, sends them four at a time, and stops after six.
        JsonPath signed = sign(id, IntStream.rangeClosed(1, 13).boxed().toList(), checksums(file, 5 * MIB, 1, 13));
        assertEquals(13, signed.getList("parts").size());
        assertEquals(4 * MIB, signed.getLong("parts[12].size"), "the last part has the rest");
        assertEquals(
                Map.of("x-amz-checksum-sha256", sha256(Arrays.copyOfRange(file, 0, 5 * MIB))),
                signed.getMap("parts[0].headers"),
                "the only header to set is the part's signed SHA-256");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Map<Integer, String> etags = upload(file, signed, List.of(1, 2, 3, 4, 5, 6), inFlight, mostInFlight);
        assertEquals(4, mostInFlight.get(), "four parts in flight at once");
        assertEquals(6, etags.size());

        // The client crashed. A new one asks what storage holds, signs the rest and sends it.
        JsonPath stored = as(key.secret())
                .get("/api/v1/assets/" + id + "/multipart/parts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(1, 2, 3, 4, 5, 6), stored.getList("parts.part_number"));
        assertEquals(
                Map.of(1, etags.get(1), 6, etags.get(6)),
                Map.of(1, stored.getString("parts[0].etag"), 6, stored.getString("parts[5].etag")));
        assertEquals(13, stored.getInt("part_count"));
        assertEquals(uploadId, stored.getString("upload_id"));
        List<Integer> rest = IntStream.rangeClosed(1, stored.getInt("part_count"))
                .boxed()
                .filter(n -> !stored.getList("parts.part_number").contains(n))
                .toList();
        assertEquals(List.of(7, 8, 9, 10, 11, 12, 13), rest);
        Map<Integer, String> all = new java.util.TreeMap<>();
        stored.getList("parts", Map.class)
                .forEach(p -> all.put((Integer) p.get("part_number"), (String) p.get("etag")));
        mostInFlight.set(0);
        all.putAll(upload(file, sign(id, rest, checksums(file, 5 * MIB, 7, 13)), rest, inFlight, mostInFlight));
        assertEquals(4, mostInFlight.get());
        assertNull(objects.head(created.getString("asset.object_key")), "nothing is an object before complete");

        JsonPath ready = complete(id, completion(all, file, 5 * MIB))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ready", ready.getString("state"));
        assertEquals(64L * MIB, ready.getLong("size_bytes"));
        assertEquals(
                composite(file, 5 * MIB),
                ready.getString("checksum_sha256"),
                "the composite SHA-256 storage reports: the SHA-256 of the parts' SHA-256s, and the part count");
        assertArrayEquals(file, objects.read(created.getString("asset.object_key")), "the object is the file");
        assertEquals(
                "video/mp4", objects.head(created.getString("asset.object_key")).contentType());
        assertEquals(
                ready.getString("checksum_sha256"),
                Db.string("SELECT checksum_sha256 FROM assets WHERE id = ?::uuid", id));

        // complete is idempotent; the upload is gone from storage's list of unfinished ones
        complete(id, completion(all, file, 5 * MIB))
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("updated_at", equalTo(ready.getString("updated_at")));
        assertEquals(List.of(), unfinishedUploads(created.getString("asset.object_key")));
        as(key.secret())
                .get("/api/v1/assets/" + id + "/multipart/parts")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("invalid_state"));
    }

    @Test
    void storageRefusesAPartOfAnotherSizeWith403AndOtherBytesWith400() {
        byte[] file = bytes(5 * MIB + 1000, 5);
        JsonPath created = create("""
                {"type":"audio","content_type":"audio/wav","file_name":"a.wav","file_size":%d,
                 "part_size":%d,"checksum_algorithm":"sha256"}""".formatted(file.length, 5 * MIB));
        String id = created.getString("asset.id");
        byte[] first = Arrays.copyOfRange(file, 0, 5 * MIB);
        JsonPath signed = sign(id, List.of(1), Map.of("1", sha256(first)));
        String url = signed.getString("parts[0].url");
        Map<String, String> headers = signed.getMap("parts[0].headers");

        assertEquals(
                403,
                Http.put(url, headers, Arrays.copyOf(first, first.length - 1)).statusCode(),
                "one byte less");
        assertEquals(
                403,
                Http.put(url, headers, Arrays.copyOf(first, first.length + 1)).statusCode(),
                "one byte more");
        byte[] other = first.clone();
        other[12345] ^= 1;
        Http.Answer badDigest = Http.put(url, headers, other);
        assertEquals(400, badDigest.statusCode(), "the same size, one bit flipped");
        assertTrue(badDigest.body().contains("<Code>BadDigest</Code>"), badDigest.body());
        assertEquals(
                403, Http.put(url, Map.of(), first).statusCode(), "the checksum header is signed: it must be sent");
        assertEquals(
                List.of(),
                as(key.secret())
                        .get("/api/v1/assets/" + id + "/multipart/parts")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("parts"),
                "storage kept none of them");
        assertEquals(200, Http.put(url, headers, first).statusCode(), "the right bytes still go through");

        // a single PUT: the declared SHA-256 is signed and listed, storage enforces it, the asset answers it
        byte[] small = bytes(3000, 3);
        JsonPath single = as(key.secret())
                .body("""
                {"type":"document","content_type":"application/pdf","file_name":"s.pdf","file_size":3000,
                 "checksum_sha256":"%s"}""".formatted(sha256(small)))
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .body("asset.checksum_sha256", equalTo(sha256(small)))
                .extract()
                .jsonPath();
        Map<String, String> putHeaders = single.getMap("upload.headers");
        assertEquals(sha256(small), putHeaders.get("x-amz-checksum-sha256"));
        byte[] flipped = small.clone();
        flipped[0] ^= 1;
        Http.Answer refused = Http.put(single.getString("upload.url"), putHeaders, flipped);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("<Code>BadDigest</Code>"), refused.body());
        assertEquals(
                200, Http.put(single.getString("upload.url"), putHeaders, small).statusCode());
        as(key.secret())
                .post("/api/v1/assets/" + single.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("checksum_sha256", equalTo(sha256(small)));
    }

    @Test
    void completingWithAPartMissingIsRefusedAndTheAssetStaysPending() {
        byte[] file = bytes(11 * MIB, 11);
        JsonPath created = create("""
                {"type":"cut_file","content_type":"application/octet-stream","file_name":"c.bin","file_size":%d,
                 "part_size":%d}""".formatted(file.length, 5 * MIB));
        String id = created.getString("asset.id");
        assertEquals(3, created.getInt("multipart.part_count"));
        JsonPath signed = sign(id, List.of(1, 2, 3), null);
        assertEquals(Map.of(), signed.getMap("parts[0].headers"), "without checksums there is no header to set");
        Map<Integer, String> etags = upload(file, signed, List.of(1, 3), new AtomicInteger(), new AtomicInteger());
        Map<Integer, String> claimed = new java.util.TreeMap<>(etags);
        claimed.put(2, "0123456789abcdef0123456789abcdef");
        String before = Db.fingerprint();

        complete(id, completion(claimed, null, 0))
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("upload_incomplete"))
                .body("detail.message", containsString("Part 2 of 3 is not in storage"));
        complete(id, completion(etags, null, 0))
                .then()
                .statusCode(400)
                .body(
                        "detail.message",
                        equalTo("parts: part 2 is missing: this upload has 3 parts, and completing lists them all"));
        assertEquals(before, Db.fingerprint(), "still pending, nothing written");
        assertNull(objects.head(created.getString("asset.object_key")));
        as(key.secret()).get("/api/v1/assets/" + id).then().body("state", equalTo("pending_upload"));

        // sending the part makes the same completion work
        etags.putAll(upload(file, signed, List.of(2), new AtomicInteger(), new AtomicInteger()));
        complete(id, completion(etags, null, 0))
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("size_bytes", equalTo(11 * MIB))
                .body("checksum_sha256", equalTo(null));
        assertArrayEquals(file, objects.read(created.getString("asset.object_key")));
    }

    @Test
    void partChecksumsListedAtCompletionMustBeTheOnesStorageCheckedOrTheAssetFails() {
        byte[] file = bytes(6 * MIB, 6);
        JsonPath created = create("""
                {"type":"video","content_type":"video/mp4","file_size":%d,"part_size":%d,
                 "checksum_algorithm":"sha256"}""".formatted(file.length, 5 * MIB));
        String id = created.getString("asset.id");
        Map<Integer, String> etags = upload(
                file,
                sign(id, List.of(1, 2), checksums(file, 5 * MIB, 1, 2)),
                List.of(1, 2),
                new AtomicInteger(),
                new AtomicInteger());
        Map<String, Object> body = completion(etags, file, 5 * MIB);
        @SuppressWarnings("unchecked")
        Map<String, Object> second = ((List<Map<String, Object>>) body.get("parts")).get(1);
        second.put("checksum_sha256", sha256(new byte[] {1}));
        complete(id, body)
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("upload_mismatch"))
                .body("detail.message", containsString("SHA-256"));
        as(key.secret()).get("/api/v1/assets/" + id).then().body("state", equalTo("failed"));
        assertNull(objects.head(created.getString("asset.object_key")), "the object was deleted");
        assertEquals(List.of("asset.failed"), events(id));
    }

    @Test
    void completingEmitsAssetReadyThroughTheOutboxAsConfirmDoes() {
        // a webhook for every type, at the suite's Node receiver (it verifies each message with standardwebhooks)
        WebhookReceiver receiver = WebhookReceiver.shared();
        String hook = unique("multipart-hook");
        JsonPath webhook = as(key.secret())
                .body("{\"url\":\"" + receiver.url(hook) + "\"}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        receiver.configure(hook, webhook.getString("secret"));
        byte[] file = bytes(6 * MIB, 9);
        JsonPath created = create("""
                {"type":"audio","content_type":"audio/wav","file_name":"e.wav","file_size":%d,"part_size":%d,
                 "checksum_algorithm":"sha256"}""".formatted(file.length, 5 * MIB));
        String id = created.getString("asset.id");
        Map<Integer, String> etags = upload(
                file,
                sign(id, List.of(1, 2), checksums(file, 5 * MIB, 1, 2)),
                List.of(1, 2),
                new AtomicInteger(),
                new AtomicInteger());
        assertEquals(List.of(), events(id), "starting, signing and sending parts change no state: no event");

        complete(id, completion(etags, file, 5 * MIB)).then().statusCode(200).body("state", equalTo("ready"));
        complete(id, completion(etags, file, 5 * MIB)).then().statusCode(200).body("state", equalTo("ready"));
        assertEquals(
                List.of("asset.ready"), events(id), "one event, written with the change; completing again is none");
        assertEquals("ready", Db.string("SELECT asset->>'state' FROM asset_events WHERE asset_id = ?::uuid", id));

        List<WebhookReceiver.Received> got = receiver.awaitCount(hook, 1, Duration.ofSeconds(30));
        WebhookReceiver.Received ready = got.get(0);
        assertTrue(ready.verified(), "the standardwebhooks library refused it: " + ready.error());
        assertEquals("asset.ready", ready.type());
        assertEquals(id, ready.asset().get("id"));
        assertEquals("ready", ready.asset().get("state"));
        assertEquals(6 * MIB, ready.asset().get("size_bytes"));
        assertEquals(composite(file, 5 * MIB), ready.asset().get("checksum_sha256"));
        assertEquals(created.getString("asset.object_key"), ready.asset().get("object_key"));
        // the asset as GET shows it (one rendering): the composite checksum, the part-sized upload's fields
        EventAssets.assertAssetAsGetShowsIt(ready, key.secret());

        as(key.secret()).delete("/api/v1/assets/" + id).then().statusCode(204);
        assertEquals(List.of("asset.ready", "asset.deleted"), events(id));
        WebhookReceiver.Received deleted =
                receiver.awaitCount(hook, 2, Duration.ofSeconds(30)).get(1);
        assertEquals("asset.deleted", deleted.type());
        EventAssets.assertAssetAsGetShowsIt(deleted, key.secret());
        as(key.secret())
                .delete("/api/v1/webhooks/" + webhook.getString("id"))
                .then()
                .statusCode(204);
    }

    @Test
    void deletingAnUnfinishedUploadAbortsItAndStorageKeepsNothing() throws IOException {
        byte[] file = bytes(7 * MIB, 7);
        JsonPath created = create("""
                {"type":"video","content_type":"video/mp4","file_name":"d.mp4","file_size":%d,"part_size":%d}""".formatted(file.length, 5 * MIB));
        String id = created.getString("asset.id");
        upload(file, sign(id, List.of(1), null), List.of(1), new AtomicInteger(), new AtomicInteger());
        assertEquals(1, unfinishedUploads(created.getString("asset.object_key")).size());
        assertTrue(filesOf(id) > 0, "S3Proxy keeps the part as a file");

        as(key.secret()).delete("/api/v1/assets/" + id).then().statusCode(204);
        as(key.secret()).get("/api/v1/assets/" + id).then().body("state", equalTo("deleted"));
        assertEquals(List.of("asset.deleted"), events(id));
        assertEquals(List.of(), unfinishedUploads(created.getString("asset.object_key")));
        assertEquals(0, filesOf(id), "no part, stub or object of the upload is left in S3Proxy's directory");
        sign(id, List.of(1), null, 409);
    }

    @Test
    void theSweeperAbortsAnAbandonedUploadAndStorageKeepsNothing() throws IOException {
        byte[] file = bytes(6 * MIB, 8);
        JsonPath abandoned = create("""
                {"type":"video","content_type":"video/mp4","file_name":"gone.mp4","file_size":%d,"part_size":%d}""".formatted(file.length, 5 * MIB));
        JsonPath current = create("""
                {"type":"video","content_type":"video/mp4","file_name":"on.mp4","file_size":%d,"part_size":%d}""".formatted(file.length, 5 * MIB));
        String id = abandoned.getString("asset.id");
        upload(file, sign(id, List.of(1, 2), null), List.of(1, 2), new AtomicInteger(), new AtomicInteger());
        assertTrue(
                Duration.between(
                                        java.time.Instant.now(),
                                        java.time.Instant.parse(abandoned.getString("multipart.expires_at")))
                                .compareTo(Duration.ofHours(23))
                        > 0,
                "a multipart upload has a day (signet.storage.multipart-ttl)");
        Db.update("UPDATE assets SET upload_expires_at = now() - interval '1 hour' WHERE id = ?::uuid", id);
        sign(id, List.of(1), null, 409).then().body("detail.code", equalTo("upload_expired"));

        assertTrue(sweeper.sweep().await().atMost(Duration.ofSeconds(60)) >= 1);
        as(key.secret()).get("/api/v1/assets/" + id).then().body("state", equalTo("expired"));
        assertEquals(List.of("asset.expired"), events(id));
        assertEquals(List.of(), unfinishedUploads(abandoned.getString("asset.object_key")));
        assertEquals(0, filesOf(id), "no part, stub or object of the upload is left in S3Proxy's directory");
        assertNull(objects.head(abandoned.getString("asset.object_key")));
        as(key.secret())
                .get("/api/v1/assets/" + current.getString("asset.id"))
                .then()
                .body("state", equalTo("pending_upload"));
        assertEquals(1, unfinishedUploads(current.getString("asset.object_key")).size(), "the other one is untouched");
    }

    @Test
    void endpointsRefuseAssetsOfTheWrongKind() {
        JsonPath single = as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":3}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String singleId = single.getString("asset.id");
        sign(singleId, List.of(1), null, 409).then().body("detail.code", equalTo("not_multipart"));
        as(key.secret())
                .get("/api/v1/assets/" + singleId + "/multipart/parts")
                .then()
                .statusCode(409);
        complete(singleId, Map.of("parts", List.of(Map.of("part_number", 1, "etag", "x"))))
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("not_multipart"));

        String multi = create("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":3}")
                .getString("asset.id");
        as(key.secret())
                .post("/api/v1/assets/" + multi + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("is_multipart"))
                .body("detail.message", containsString("/api/v1/assets/" + multi + "/multipart/complete"));

        // above 5 GiB a single PUT is refused, pointing to the multipart endpoints; multipart takes it
        long sixGiB = 6L << 30;
        as(key.secret())
                .body("{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":" + sixGiB + "}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("use_multipart"))
                .body("detail.message", containsString("POST /api/v1/assets/multipart"));
        as(key.secret())
                .body("{\"file_name\":\"big.mp4\",\"content_type\":\"video/mp4\",\"file_size\":" + sixGiB + "}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("use_multipart"));
        JsonPath big = create("{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":" + sixGiB + "}");
        assertEquals(16 * MIB, big.getLong("multipart.part_size"), "Signet's choice: at least 16 MiB");
        assertEquals(384, big.getInt("multipart.part_count"));
        JsonPath huge = create("{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":" + (5L << 40) + "}");
        assertEquals(525L * MIB, huge.getLong("multipart.part_size"), "5 TiB in at most 10,000 whole-MiB parts");
        assertEquals(9987, huge.getInt("multipart.part_count"));
        JsonPath lastParts = sign(huge.getString("asset.id"), List.of(9986, 9987), null);
        assertEquals(525L * MIB, lastParts.getLong("parts[0].size"));
        assertEquals((5L << 40) - 9986L * 525 * MIB, lastParts.getLong("parts[1].size"));
    }

    /**
     * What the bad requests below aim at, made once: an upload of three 5 MiB-cut parts, all stored; another asset;
     * another team's upload; an upload started with checksum_algorithm sha256. Each bad request must change no row,
     * no object and no multipart upload; the last test completes the upload to show none of them harmed it.
     */
    record BadInputScene(
            Api.Key key,
            String id,
            Map<Integer, String> etags,
            String other,
            String strangers,
            String strangersUpload,
            String summed) {}

    static BadInputScene scene;

    /** The scene, made on first use; its team's key becomes this test's. */
    BadInputScene scene() {
        if (scene == null) {
            byte[] file = bytes(11 * MIB, 12);
            JsonPath created = create("""
                    {"type":"video","content_type":"video/mp4","file_size":%d,"part_size":%d}""".formatted(file.length, 5 * MIB));
            String id = created.getString("asset.id");
            Map<Integer, String> etags = upload(
                    file, sign(id, List.of(1, 2, 3), null), List.of(1, 2, 3), new AtomicInteger(), new AtomicInteger());
            String other = create("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":10}")
                    .getString("asset.id");
            Api.Team stranger = Api.team(unique("stranger"));
            Api.Key strangerKey = stranger.mintKey("sk");
            String strangers = Api.as(strangerKey.secret())
                    .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":10}")
                    .post("/api/v1/assets/multipart")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("asset.id");
            String strangersUpload = Db.string("SELECT upload_id FROM assets WHERE id = ?::uuid", strangers);
            String summed = create("{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":" + (6 * MIB)
                            + ",\"part_size\":" + (5 * MIB) + ",\"checksum_algorithm\":\"sha256\"}")
                    .getString("asset.id");
            scene = new BadInputScene(key, id, etags, other, strangers, strangersUpload, summed);
        }
        key = scene.key();
        return scene;
    }

    /** {@code call} answers 400 (with {@code message}, when given) and changes no row, object or upload. */
    private void refusedChangingNothing(
            java.util.function.Supplier<io.restassured.response.Response> call, String message) {
        String rows = Db.fingerprint();
        String stored = objects.fingerprint();
        List<String> unfinished = unfinishedUploads("");
        var answer = call.get().then().statusCode(400).body("detail.code", equalTo("invalid_request"));
        if (message != null) {
            answer.body("detail.message", equalTo(message));
        }
        assertEquals(rows, Db.fingerprint(), "no row changed");
        assertEquals(stored, objects.fingerprint(), "no object changed");
        assertEquals(unfinished, unfinishedUploads(""), "no upload started, completed or aborted");
    }

    /** A body of the scene: {@code {stranger's upload}}, {@code {sha}} (a well-formed SHA-256), {@code {1..1001}}. */
    private static String body(String template, BadInputScene scene) {
        return template.replace("{stranger's upload}", scene.strangersUpload())
                .replace("{sha}", sha256(new byte[1]))
                .replace(
                        "{1..1001}",
                        IntStream.rangeClosed(1, 1001).boxed().toList().toString());
    }

    static Stream<Arguments> badSigns() {
        return Stream.of(
                Arguments.of(
                        "{\"part_numbers\":[0]}",
                        "part_numbers: part 0 is not a part of this upload: its parts are 1 to 3"),
                Arguments.of(
                        "{\"part_numbers\":[4]}",
                        "part_numbers: part 4 is not a part of this upload: its parts are 1 to 3"),
                Arguments.of(
                        "{\"part_numbers\":[-1]}",
                        "part_numbers: part -1 is not a part of this upload: its parts are 1 to 3"),
                Arguments.of("{\"part_numbers\":[1,2,1]}", "part_numbers: part 1 is listed twice"),
                Arguments.of("{\"part_numbers\":[]}", "part_numbers: must list 1 to 1000 part numbers"),
                Arguments.of("{\"part_numbers\":[null]}", "part_numbers[0]: must be a part number"),
                Arguments.of("{\"part_numbers\":[1.5]}", null),
                Arguments.of("{}", "part_numbers: is required"),
                Arguments.of(
                        "{\"part_numbers\":[1],\"checksums_sha256\":{\"1\":\"{sha}\"}}",
                        "checksums_sha256: this upload was started without checksum_algorithm, so its parts carry no "
                                + "checksum"),
                Arguments.of(
                        "{\"part_numbers\":[1],\"checksums_sha256\":{\"2\":\"{sha}\"}}",
                        "checksums_sha256: names part 2, which part_numbers does not list"),
                Arguments.of("{\"part_numbers\":[1],\"checksums_sha256\":{\"1\":\"abc\"}}", null),
                Arguments.of(
                        "{\"part_numbers\":[1],\"upload_id\":\"{stranger's upload}\"}",
                        "upload_id: is not the upload of this asset"),
                Arguments.of("{\"part_numbers\":{1..1001}}", "part_numbers: must list 1 to 1000 part numbers"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badSigns")
    void badPartSigningIsRefusedWith400AndChangesNothing(String template, String message) {
        BadInputScene scene = scene();
        refusedChangingNothing(
                () -> as(key.secret())
                        .body(body(template, scene))
                        .post("/api/v1/assets/" + scene.id() + "/multipart/parts"),
                message);
    }

    /** An upload started with checksum_algorithm sha256: every part signed and completed with its SHA-256. */
    static Stream<Arguments> badSummedSigns() {
        return Stream.of(
                Arguments.of(
                        "{\"part_numbers\":[1]}",
                        "checksums_sha256: part 1 needs its SHA-256: the upload was started with checksum_algorithm "
                                + "sha256"),
                Arguments.of(
                        "{\"part_numbers\":[1,2],\"checksums_sha256\":{\"1\":\"{sha}\"}}",
                        "checksums_sha256: part 2 needs its SHA-256: the upload was started with checksum_algorithm "
                                + "sha256"),
                Arguments.of(
                        "{\"part_numbers\":[3],\"checksums_sha256\":{\"3\":\"{sha}\"}}",
                        "part_numbers: part 3 is not a part of this upload: its parts are 1 to 2"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badSummedSigns")
    void aChecksummedUploadsPartsAreSignedWithTheirSha256(String template, String message) {
        BadInputScene scene = scene();
        refusedChangingNothing(
                () -> as(key.secret())
                        .body(body(template, scene))
                        .post("/api/v1/assets/" + scene.summed() + "/multipart/parts"),
                message);
    }

    @Test
    void aChecksummedUploadIsCompletedWithEveryPartsSha256() {
        BadInputScene scene = scene();
        refusedChangingNothing(
                () -> complete(
                        scene.summed(),
                        Map.of(
                                "parts",
                                List.of(
                                        with(
                                                Map.of("part_number", 1, "etag", "\"abc\""),
                                                "checksum_sha256",
                                                sha256(new byte[1])),
                                        Map.of("part_number", 2, "etag", "\"def\"")))),
                "parts: part 2 needs its checksum_sha256: the upload was started with checksum_algorithm sha256");
    }

    /** A bad completion of the scene's upload, by case (its parts in order, then changed). */
    private static Map<String, ?> badCompletion(String problem, BadInputScene scene) {
        List<Map<String, Object>> inOrder = completionParts(scene.etags());
        return switch (problem) {
            case "out of order" -> Map.of("parts", List.of(inOrder.get(0), inOrder.get(2), inOrder.get(1)));
            case "listed twice" ->
                Map.of("parts", List.of(inOrder.get(0), inOrder.get(1), inOrder.get(1), inOrder.get(2)));
            case "not a part" ->
                Map.of(
                        "parts",
                        List.of(
                                inOrder.get(0),
                                inOrder.get(1),
                                inOrder.get(2),
                                Map.of("part_number", 4, "etag", "abc")));
            case "one missing" -> Map.of("parts", List.of(inOrder.get(0), inOrder.get(1)));
            case "no etag" -> Map.of("parts", List.of(inOrder.get(0), Map.of("part_number", 2), inOrder.get(2)));
            case "no parts" -> Map.of("parts", List.of());
            case "a checksum undeclared" ->
                Map.of(
                        "parts",
                        List.of(
                                with(inOrder.get(0), "checksum_sha256", sha256(new byte[1])),
                                inOrder.get(1),
                                inOrder.get(2)));
            case "another upload's id" -> Map.of("parts", inOrder, "upload_id", scene.strangersUpload());
            default -> throw new IllegalArgumentException(problem);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "out of order | parts: must be in ascending order of part_number (part 2 follows part 3)",
                "listed twice | parts: part 2 is listed twice",
                "not a part | parts: part 4 is not a part of this upload: its parts are 1 to 3",
                "one missing | parts: part 3 is missing: this upload has 3 parts, and completing lists them all",
                "no etag | parts[1].etag: is required",
                "no parts | parts: must list every part of the upload",
                "a checksum undeclared | parts: part 1 carries a checksum, but this upload was started without "
                        + "checksum_algorithm",
                "another upload's id | upload_id: is not the upload of this asset",
            })
    void badCompletionsAreRefusedWith400AndChangeNothing(String problem, String message) {
        BadInputScene scene = scene();
        refusedChangingNothing(() -> complete(scene.id(), badCompletion(problem, scene)), message);
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\"}",
                        "file_size: is required for a multipart upload"),
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":0}",
                        "file_size: must be greater than 0"),
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":" + ((5L << 40) + 1) + "}",
                        "file_size: must be at most 5497558138880 bytes"),
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":100000000,\"part_size\":1048576}",
                        "part_size: must be between 5242880 (5 MiB) and 5368709120 (5 GiB) bytes"),
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":100000000,\"part_size\":6442450944}",
                        "part_size: must be between 5242880 (5 MiB) and 5368709120 (5 GiB) bytes"),
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":107374182400,\"part_size\":5242880}",
                        "part_size: 5242880-byte parts would cut 107374182400 bytes into 20480 parts, more than S3's "
                                + "10000: use at least 10737419 bytes"),
                Arguments.of(
                        "{\"type\":\"video\",\"content_type\":\"video/mp4\",\"file_size\":10,\"checksum_algorithm\":\"md5\"}",
                        null));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badCreates")
    void badStartsAreRefusedWith400AndChangeNothing(String body, String message) {
        refusedChangingNothing(() -> as(key.secret()).body(body).post("/api/v1/assets/multipart"), message);
    }

    /** Last: the scene's upload, after every bad request above, still completes. */
    @Test
    @Order(Integer.MAX_VALUE)
    void anotherTeamsUploadDoesNotExistAndTheRefusedRequestsHarmedNothing() {
        BadInputScene scene = scene();
        String rows = Db.fingerprint();
        String stored = objects.fingerprint();
        List<String> unfinished = unfinishedUploads("");
        // another team's asset (and so its upload) does not exist for this caller
        as(key.secret())
                .body("{\"part_numbers\":[1]}")
                .post("/api/v1/assets/" + scene.strangers() + "/multipart/parts")
                .then()
                .statusCode(404);
        as(key.secret())
                .get("/api/v1/assets/" + scene.strangers() + "/multipart/parts")
                .then()
                .statusCode(404);
        complete(scene.strangers(), Map.of("parts", List.of(Map.of("part_number", 1, "etag", "x"))))
                .then()
                .statusCode(404);
        // nor does an id of nothing
        as(key.secret())
                .body("{\"part_numbers\":[1]}")
                .post("/api/v1/assets/" + scene.other().replace('-', '0').substring(0, 8)
                        + "-0000-7000-8000-000000000000/multipart/parts")
                .then()
                .statusCode(404);

        assertEquals(rows, Db.fingerprint(), "no row changed");
        assertEquals(stored, objects.fingerprint(), "no object changed");
        assertEquals(unfinished, unfinishedUploads(""), "no upload started, completed or aborted");
        complete(scene.id(), Map.of("parts", completionParts(scene.etags())))
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"));
    }

    // --- the client -------------------------------------------------------------------------------------------

    private JsonPath create(String body) {
        return as(key.secret())
                .body(body)
                .post("/api/v1/assets/multipart")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private JsonPath sign(String id, List<Integer> parts, Map<String, String> checksums) {
        return sign(id, parts, checksums, 200).then().extract().jsonPath();
    }

    private io.restassured.response.Response sign(
            String id, List<Integer> parts, Map<String, String> checksums, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("part_numbers", parts);
        if (checksums != null) {
            body.put("checksums_sha256", checksums);
        }
        var response = as(key.secret()).body(body).post("/api/v1/assets/" + id + "/multipart/parts");
        response.then().statusCode(status);
        return response;
    }

    private io.restassured.response.Response complete(String id, Map<String, ?> body) {
        return as(key.secret()).body(body).post("/api/v1/assets/" + id + "/multipart/complete");
    }

    /** PUTs the parts {@code numbers} of the signed batch (of {@link #PART}-byte parts), four at a time; answers their ETags. */
    private static Map<Integer, String> upload(
            byte[] file, JsonPath signed, List<Integer> numbers, AtomicInteger inFlight, AtomicInteger mostInFlight) {
        Map<Integer, Map<String, Object>> byNumber = new ConcurrentHashMap<>();
        signed.getList("parts", Map.class).forEach(p -> byNumber.put((Integer) p.get("part_number"), castMap(p)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<Integer, Future<String>> sent = new LinkedHashMap<>();
            for (int number : numbers) {
                Map<String, Object> part = byNumber.get(number);
                int from = (number - 1) * PART;
                byte[] bytes = Arrays.copyOfRange(file, from, from + ((Number) part.get("size")).intValue());
                sent.put(number, pool.submit(() -> {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(50); // let the others start: four requests are in flight together
                        @SuppressWarnings("unchecked")
                        Map<String, String> headers = (Map<String, String>) part.get("headers");
                        Http.Answer answer = Http.put((String) part.get("url"), headers, bytes);
                        assertEquals(200, answer.statusCode(), "part " + number + ": " + answer.body());
                        return answer.etag();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }));
            }
            Map<Integer, String> etags = new java.util.TreeMap<>();
            for (var entry : sent.entrySet()) {
                etags.put(entry.getKey(), entry.getValue().get());
            }
            return etags;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> completion(Map<Integer, String> etags, byte[] file, int partSize) {
        List<Map<String, Object>> parts = completionParts(etags);
        if (file != null) {
            for (Map<String, Object> part : parts) {
                int n = (Integer) part.get("part_number");
                part.put(
                        "checksum_sha256",
                        sha256(Arrays.copyOfRange(file, (n - 1) * partSize, Math.min(file.length, n * partSize))));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parts", parts);
        return body;
    }

    private static List<Map<String, Object>> completionParts(Map<Integer, String> etags) {
        List<Map<String, Object>> parts = new ArrayList<>();
        etags.forEach((n, etag) -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("part_number", n);
            part.put("etag", "\"" + etag + "\"");
            parts.add(part);
        });
        return parts;
    }

    private static Map<String, Object> with(Map<String, Object> part, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(part);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, String> checksums(byte[] file, int partSize, int from, int to) {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (int n = from; n <= to; n++) {
            checksums.put(
                    Integer.toString(n),
                    sha256(Arrays.copyOfRange(file, (n - 1) * partSize, Math.min(file.length, n * partSize))));
        }
        return checksums;
    }

    /** What S3 reports for a multipart object completed with SHA-256s: SHA-256 of the part digests, "-parts". */
    private static String composite(byte[] file, int partSize) {
        MessageDigest all = digest();
        int parts = 0;
        for (int from = 0; from < file.length; from += partSize, parts++) {
            all.update(digest().digest(Arrays.copyOfRange(file, from, Math.min(file.length, from + partSize))));
        }
        return Base64.getEncoder().encodeToString(all.digest()) + "-" + parts;
    }

    static String sha256(byte[] bytes) {
        return Base64.getEncoder().encodeToString(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The types of the asset's events, oldest first (the outbox of issue 15). */
    private static List<String> events(String assetId) {
        String types = Db.string(
                "SELECT string_agg(type, ',' ORDER BY seq) FROM asset_events WHERE asset_id = ?::uuid", assetId);
        return types == null ? List.of() : List.of(types.split(","));
    }

    /** Multipart uploads storage has not finished or aborted, for keys starting with {@code prefix}. */
    private List<String> unfinishedUploads(String prefix) {
        return s3.listMultipartUploads(r -> r.bucket(bucket).prefix(prefix)).join().uploads().stream()
                .map(u -> u.key() + " " + u.uploadId())
                .sorted()
                .collect(Collectors.toList());
    }

    /** Files in S3Proxy's data directory whose path names the asset or its upload (parts, the upload's stub, the object). */
    private static long filesOf(String assetId) throws IOException {
        String uploadId = Db.string("SELECT upload_id FROM assets WHERE id = ?::uuid", assetId);
        try (Stream<Path> files = Files.walk(Path.of("target/local-stack-test/s3"))) {
            return files.filter(
                            f -> f.toString().contains(assetId) || f.toString().contains(uploadId))
                    .count();
        }
    }
}
