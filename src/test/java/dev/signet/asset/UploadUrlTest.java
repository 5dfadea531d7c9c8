package dev.signet.asset;

import static dev.signet.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.storage.S3Storage;
import dev.signet.storage.StorageConfig;
import dev.signet.storage.StorageService;
import dev.signet.support.Await;
import dev.signet.support.ClassTeam;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Upload URLs used for real against S3Proxy: what storage accepts and what it refuses. */
@QuarkusTest
class UploadUrlTest {

    @Inject
    S3AsyncClient s3;

    @Inject
    StorageConfig config;

    @Inject
    @CacheName(StorageService.EXISTS_CACHE)
    Cache existing;

    @Inject
    Storage objects;

    @RegisterExtension
    static final ClassTeam team = new ClassTeam("uploader", "sk");

    private JsonPath uploadUrl(String body) {
        return as(team.sk().secret())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static Map<String, String> headers(JsonPath created) {
        return created.getMap("upload.headers");
    }

    @Test
    void theDocumentedUploadWorksOnceAndConfirmReportsTheRealSize() {
        byte[] bytes = Http.bytes(1024);
        JsonPath created = uploadUrl("""
                {"type":"image","content_type":"image/png","file_name":"cat.png","file_size":1024}""");
        String id = created.getString("asset.id");
        assertEquals(7, UUID.fromString(id).version());
        assertEquals("pending_upload", created.getString("asset.state"));
        assertEquals("image", created.getString("asset.type"));
        assertEquals("input", created.getString("asset.kind"));
        assertEquals("image/png", created.getString("asset.content_type"));
        assertEquals("PUT", created.getString("upload.method"));
        // Content-Length is signed too, but not listed: every HTTP client sets it from the body
        assertEquals(Map.of("Content-Type", "image/png", "If-None-Match", "*"), headers(created));
        Instant expires = Instant.parse(created.getString("upload.expires_at"));
        assertTrue(Duration.between(Instant.now(), expires).toMinutes() >= 14, "upload URLs last 15 minutes");
        String objectKey = created.getString("asset.object_key");
        assertEquals(team.id() + "/inputs/" + id + "/cat.png", objectKey);

        assertEquals(
                200,
                Http.put(created.getString("upload.url"), headers(created), bytes)
                        .statusCode());
        assertEquals(
                412,
                Http.put(created.getString("upload.url"), headers(created), bytes)
                        .statusCode(),
                "If-None-Match: * refuses an overwrite");

        as(team.sk().secret())
                .post("/api/v1/assets/" + id + "/confirm")
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("size_bytes", equalTo(1024));
        as(team.sk().secret())
                .post("/api/v1/assets/" + id + "/confirm")
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("size_bytes", equalTo(1024));
        as(team.sk().secret())
                .get("/api/v1/assets/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("size_bytes", equalTo(1024))
                .body("duration_seconds", nullValue())
                .body("created_at", notNullValue());
        assertArrayEquals(bytes, objects.read(objectKey));
    }

    @Test
    void storageRefusesAnyOtherSizeTypeOrATamperedUrl() {
        JsonPath created = uploadUrl("""
                {"type":"document","content_type":"application/pdf","file_name":"a.pdf","file_size":100}""");
        String url = created.getString("upload.url");
        Map<String, String> headers = headers(created);
        assertEquals(403, Http.put(url, headers, Http.bytes(101)).statusCode(), "one byte more");
        assertEquals(403, Http.put(url, headers, Http.bytes(99)).statusCode(), "one byte less");
        var otherType = new java.util.HashMap<>(headers);
        otherType.put("Content-Type", "text/html");
        assertEquals(403, Http.put(url, otherType, Http.bytes(100)).statusCode(), "another content type");
        var noCondition = new java.util.HashMap<>(headers);
        noCondition.remove("If-None-Match");
        assertEquals(
                403, Http.put(url, noCondition, Http.bytes(100)).statusCode(), "the no-overwrite header is signed");
        String tampered = url.replaceFirst(
                "X-Amz-Signature=(.)", "X-Amz-Signature=" + (url.contains("X-Amz-Signature=0") ? "1" : "0"));
        assertEquals(403, Http.put(tampered, headers, Http.bytes(100)).statusCode(), "tampered signature");
        String otherKey = url.replace("/a.pdf", "/b.pdf");
        assertEquals(403, Http.put(otherKey, headers, Http.bytes(100)).statusCode(), "another key");
        assertTrue(objects.head(created.getString("asset.object_key")) == null, "nothing was stored");
        as(team.sk().secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("upload_missing"));
        assertEquals(200, Http.put(url, headers, Http.bytes(100)).statusCode(), "the right upload still works");
    }

    @Test
    void anExpiredUrlIsRefused() {
        String objectKey = team.id() + "/inputs/" + UUID.randomUUID() + "/late.bin";
        StorageService urlsOfOneSecond = new S3Storage(s3, withUploadUrlTtl(Duration.ofSeconds(1)), true, existing);
        StorageService.UploadUrl upload =
                urlsOfOneSecond.presignUpload(objectKey, "application/octet-stream", 10L, null);
        Await.past(Await.expiryOf(upload.url()));
        assertEquals(
                403, Http.put(upload.url(), upload.headers(), Http.bytes(10)).statusCode());
        assertTrue(objects.head(objectKey) == null);
    }

    /**
     * Storage refuses a signed 1 MiB PUT after its first bytes and closes the connection (S3Proxy sends 100 Continue
     * before it checks the signature): every such refusal must reach the test as storage's answer, never as a lost
     * connection, or the suite goes red under load (issue 19).
     */
    @Test
    void everyRefusalOfALargeBodyIsStoragesAnswer() {
        int size = 1024 * 1024;
        JsonPath created = uploadUrl("""
                {"type":"data","content_type":"application/octet-stream","file_name":"big.bin","file_size":%d}""".formatted(size));
        String url = created.getString("upload.url");
        Map<String, String> headers = headers(created);
        String tampered = url.replaceFirst(
                "X-Amz-Signature=(.)", "X-Amz-Signature=" + (url.contains("X-Amz-Signature=0") ? "1" : "0"));
        StorageService urlsOfOneSecond = new S3Storage(s3, withUploadUrlTtl(Duration.ofSeconds(1)), true, existing);
        StorageService.UploadUrl expired = urlsOfOneSecond.presignUpload(
                team.id() + "/inputs/" + UUID.randomUUID() + "/late.bin",
                "application/octet-stream",
                (long) size,
                null);
        Await.past(Await.expiryOf(expired.url()));
        byte[] body = Http.bytes(size);
        byte[] shorter = Http.bytes(size - 1);
        for (int round = 1; round <= 10; round++) {
            assertEquals(403, Http.put(url, headers, shorter).statusCode(), "wrong size, round " + round);
            assertEquals(403, Http.put(tampered, headers, body).statusCode(), "tampered, round " + round);
            assertEquals(403, Http.put(expired.url(), expired.headers(), body).statusCode(), "expired, round " + round);
        }
        assertEquals(200, Http.put(url, headers, body).statusCode(), "the right upload still works");
        for (int round = 1; round <= 10; round++) {
            assertEquals(412, Http.put(url, headers, body).statusCode(), "overwrite, round " + round);
        }
        assertArrayEquals(body, objects.read(created.getString("asset.object_key")));
    }

    @Test
    void confirmFailsAnUploadThatDiffersFromTheDeclarationAndDeletesIt() {
        JsonPath created = uploadUrl("""
                {"type":"video","content_type":"video/mp4","file_name":"clip.mp4","file_size":50}""");
        String objectKey = created.getString("asset.object_key");
        // written around Signet with storage credentials, so the signed rules did not apply
        objects.write(objectKey, "video/mp4", Http.bytes(60));
        as(team.sk().secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("upload_mismatch"))
                .body("detail.message", matchesPattern(".*60 bytes, not the declared 50.*"));
        as(team.sk().secret())
                .get("/api/v1/assets/" + created.getString("asset.id"))
                .then()
                .body("state", equalTo("failed"));
        assertTrue(objects.head(objectKey) == null, "the mismatched object was deleted");
        as(team.sk().secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("invalid_state"));

        JsonPath typed = uploadUrl("{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"x.png\"}");
        objects.write(typed.getString("asset.object_key"), "image/gif", Http.bytes(5));
        as(team.sk().secret())
                .post("/api/v1/assets/" + typed.getString("asset.id") + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.message", matchesPattern(".*'image/gif', not the declared 'image/png'.*"));
    }

    @Test
    void withoutASizeTheUploadIsStillTypedAndNeverOverwrites() {
        JsonPath created = uploadUrl("{\"type\":\"data\",\"content_type\":\"text/csv\",\"file_name\":\"rows.csv\"}");
        assertEquals(Map.of("Content-Type", "text/csv", "If-None-Match", "*"), headers(created));
        assertEquals(
                200,
                Http.put(created.getString("upload.url"), headers(created), Http.bytes(77))
                        .statusCode());
        assertEquals(
                412,
                Http.put(created.getString("upload.url"), headers(created), Http.bytes(77))
                        .statusCode());
        as(team.sk().secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200)
                .body("size_bytes", equalTo(77));
    }

    @Test
    void theReferenceExampleWithAudioInputWorks() {
        // reference 002's curl example, verbatim body
        JsonPath created = uploadUrl("{\"content_type\":\"audio/mpeg\",\"type\":\"audio_input\"}");
        assertEquals("audio", created.getString("asset.type"));
        assertEquals("input", created.getString("asset.kind"));
        assertEquals(Map.of("Content-Type", "audio/mpeg", "If-None-Match", "*"), headers(created));
        assertEquals(team.id() + "/inputs/" + created.getString("asset.id"), created.getString("asset.object_key"));
        uploadUrl("{\"content_type\":\"video/mp4\",\"type\":\"rendered_video_output\"}");
    }

    private StorageConfig withUploadUrlTtl(Duration ttl) {
        return (StorageConfig) Proxy.newProxyInstance(
                StorageConfig.class.getClassLoader(),
                new Class<?>[] {StorageConfig.class},
                (proxy, method, args) -> method.getName().equals("uploadUrlTtl") ? ttl : method.invoke(config, args));
    }
}
