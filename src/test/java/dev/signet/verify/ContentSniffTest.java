package dev.signet.verify;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Samples;
import dev.signet.support.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Content verification on real storage (S3Proxy) and PostgreSQL: the first bytes of an upload, read with one ranged
 * GET at confirm, against its declared type (issue 21).
 */
@QuarkusTest
@TestProfile(ContentSniffTest.Defaults.class)
class ContentSniffTest {

    /** The deployment's default rules (the suite's profile holds media leniently for older tests' random bytes). */
    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "signet.verification.rules.image", "strict",
                    "signet.verification.rules.video", "strict",
                    "signet.verification.rules.audio", "strict",
                    "signet.verification.rules.document", "strict");
        }
    }

    @Inject
    Storage objects;

    @Inject
    MeterRegistry registry;

    Api.Key key;

    @BeforeEach
    void team() {
        key = Api.team(unique("sniffer")).mintKey("sk");
    }

    /** Upload-url, PUT, confirm: the confirm's answer. */
    Response upload(String type, String contentType, byte[] bytes) {
        JsonPath created = as(key.secret())
                .body("{\"type\":\"" + type + "\",\"content_type\":\"" + contentType
                        + "\",\"file_name\":\"f.bin\",\"file_size\":" + bytes.length + "}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        Map<String, String> headers = created.getMap("upload.headers");
        assertEquals(
                200, Http.put(created.getString("upload.url"), headers, bytes).statusCode());
        return as(key.secret()).post("/api/v1/assets/" + created.getString("asset.id") + "/confirm");
    }

    @Test
    void aPngDeclaredAsPngIsReady() {
        Response confirmed = upload("image", "image/png", Samples.png());
        assertEquals(200, confirmed.statusCode(), confirmed.asString());
        assertEquals("ready", confirmed.jsonPath().getString("state"));
        assertNotNull(objects.head(confirmed.jsonPath().getString("object_key")));
    }

    @Test
    void anElfOrAZipDeclaredAsPngFailsAndIsDeleted() {
        for (byte[] content : new byte[][] {Samples.elf(), Samples.zip()}) {
            for (String type : new String[] {"image", "data"}) { // strict and lenient alike
                Response confirmed = upload(type, "image/png", content);
                assertEquals(409, confirmed.statusCode(), confirmed.asString());
                assertEquals("content_mismatch", confirmed.jsonPath().getString("detail.code"));
                String message = confirmed.jsonPath().getString("detail.message");
                assertTrue(message.contains("not the declared 'image/png'"), message);
                assertTrue(message.contains("The asset is now failed and the object was deleted."), message);
                String id = Db.string(
                        "SELECT id::text FROM assets WHERE team_id = (SELECT team_id FROM api_keys WHERE id = ?) "
                                + "ORDER BY id DESC LIMIT 1",
                        key.id());
                JsonPath asset = as(key.secret())
                        .get("/api/v1/assets/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                assertEquals("failed", asset.getString("state"));
                assertNull(objects.head(asset.getString("object_key")), "the object is deleted");
                assertEquals(
                        1,
                        Db.count(
                                "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.failed'",
                                id));
            }
        }
    }

    /** Multipart uploads are checked at complete as single ones are at confirm: the first part's first bytes. */
    @Test
    void aMultipartUploadIsCheckedWhenItCompletes() {
        for (boolean isPng : new boolean[] {true, false}) {
            byte[] content = isPng ? Samples.png() : Samples.elf();
            JsonPath created = as(key.secret())
                    .body("{\"type\":\"image\",\"content_type\":\"image/png\",\"file_name\":\"f.png\","
                            + "\"file_size\":" + content.length + "}")
                    .post("/api/v1/assets/multipart")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            String id = created.getString("asset.id");
            String objectKey = created.getString("asset.object_key");
            JsonPath part = as(key.secret())
                    .body("{\"part_numbers\":[1]}")
                    .post("/api/v1/assets/" + id + "/multipart/parts")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            Map<String, String> headers = part.getMap("parts[0].headers");
            Http.Answer sent = Http.put(part.getString("parts[0].url"), headers, content);
            assertEquals(200, sent.statusCode(), sent.body());
            Response completed = as(key.secret())
                    .body(Map.of("parts", java.util.List.of(Map.of("part_number", 1, "etag", sent.etag()))))
                    .post("/api/v1/assets/" + id + "/multipart/complete");
            if (isPng) {
                assertEquals(200, completed.statusCode(), completed.asString());
                assertEquals("ready", completed.jsonPath().getString("state"));
                assertNotNull(objects.head(objectKey));
                continue;
            }
            assertEquals(409, completed.statusCode(), completed.asString());
            assertEquals("content_mismatch", completed.jsonPath().getString("detail.code"));
            as(key.secret())
                    .get("/api/v1/assets/" + id)
                    .then()
                    .statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo("failed"));
            assertNull(objects.head(objectKey), "the completed object is deleted");
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.failed'",
                            id));
        }
    }

    @Test
    void strictImagesMustBeImagesButLenientDataNeedOnlyNotBeAnExecutable() {
        Response image = upload("image", "image/png", Http.bytes(512));
        assertEquals(409, image.statusCode(), image.asString());
        assertEquals("content_mismatch", image.jsonPath().getString("detail.code"));
        assertEquals(200, upload("data", "image/png", Http.bytes(512)).statusCode());
    }

    @Test
    void typesWhoseContentCannotBeToldApartPass() {
        byte[] csv = "name,size\na,1\n".getBytes();
        byte[] json = "{\"a\": [1, 2]}".getBytes();
        assertEquals(
                200, upload("document", "text/plain", "plain words".getBytes()).statusCode());
        assertEquals(200, upload("document", "text/csv", csv).statusCode());
        assertEquals(200, upload("document", "application/json", json).statusCode());
        assertEquals(
                200,
                upload("document", "application/octet-stream", Http.bytes(100)).statusCode());
        assertEquals(
                200, upload("data", "application/octet-stream", Samples.elf()).statusCode());
    }

    @Test
    void theRangedReadTakesAtMostTheConfiguredBytes() {
        double bytesBefore = counter("signet.storage.read.bytes");
        double readsBefore = counter("signet.storage.reads");
        Response confirmed = upload("image", "image/png", Samples.png(1 << 20)); // 1 MiB
        assertEquals(200, confirmed.statusCode(), confirmed.asString());
        double read = counter("signet.storage.read.bytes") - bytesBefore;
        assertEquals(1, counter("signet.storage.reads") - readsBefore, "one ranged GET per confirm");
        assertEquals(8192, read, "signet.verification.sniff-bytes (8192) of the 1 MiB object, no more");
    }

    private double counter(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
