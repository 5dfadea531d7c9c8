package dev.signet.it;

import static dev.signet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.signet.support.Http;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The README walk-through against the built artifact (the native executable after {@code -Dnative}) in the
 * {@code prod} profile, on the real PostgreSQL and S3Proxy of the test stack: keys, an upload through its
 * presigned PUT, confirm, the three downloads (references 000, 001, 004) used for real, storage usage, a
 * multipart upload (parts signed, PUT, listed, completed), and
 * the events of an upload and a write-back delivered to a webhook with their Standard Webhooks signatures.
 * Everything goes over HTTP: no beans, no {@code %test} configuration.
 */
@QuarkusIntegrationTest
@WithTestResource(ProdJwtResource.class)
@WithTestResource(ProdWebhookResource.class)
class WalkthroughIT {

    static final byte[] HELLO = "hello signet\n".getBytes(StandardCharsets.UTF_8);

    /** Steps 1–3: a user's JWT, a team they own, an sk- key for it. */
    record Scene(String token, UUID team, String key) {}

    static Scene scene(String user) {
        String token = ItTokens.user(user);
        String team = as(token)
                .body("{\"name\":\"Acme\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .body("role", equalTo("owner"))
                .extract()
                .path("id");
        String key = as(token, UUID.fromString(team))
                .body("{\"name\":\"ci\",\"kind\":\"sk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        return new Scene(token, UUID.fromString(team), key);
    }

    @Test
    void keysAreMintedListedAndRevoked() {
        Scene s = scene("alice-" + UUID.randomUUID());
        // 3. mint: the secret is shown once
        JsonPath minted = as(s.token(), s.team())
                .body("{\"name\":\"ci\",\"kind\":\"sk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String key = minted.getString("key");
        String keyId = minted.getString("id");
        assertTrue(key.matches("sk-[A-Za-z0-9_-]{43}"), key);
        assertEquals(s.team().toString(), minted.getString("team_id"));

        // 4. list with the key itself (it knows its team); never a secret
        JsonPath listed =
                as(key).get("/api/v1/api-keys").then().statusCode(200).extract().jsonPath();
        assertTrue(listed.getList("items.id").contains(keyId));
        assertTrue(listed.getList("items.key").stream().allMatch(v -> v == null), "no secret in a listing");

        // 5. revoke; the very next request with it is refused
        as(s.token(), s.team()).delete("/api/v1/api-keys/" + keyId).then().statusCode(204);
        as(key).get("/api/v1/api-keys")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("detail.code", equalTo("api_key_revoked"));

        // two keys minted in the same process differ (their random part is made at run time)
        assertNotEquals(key, s.key());
    }

    @Test
    void uploadConfirmDownloadThreeWaysAndUsage() {
        Scene s = scene("alice-" + UUID.randomUUID());

        // 6. an upload URL: the asset is pending until confirmed
        JsonPath upload = as(s.key())
                .body("{\"type\":\"document\",\"content_type\":\"text/plain\",\"file_name\":\"hello.txt\","
                        + "\"file_size\":" + HELLO.length + "}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .body("asset.state", equalTo("pending_upload"))
                .extract()
                .jsonPath();
        String asset = upload.getString("asset.id");
        String objectKey = upload.getString("asset.object_key");
        assertEquals(s.team() + "/inputs/" + asset + "/hello.txt", objectKey);
        Map<String, String> headers = upload.getMap("upload.headers");
        assertEquals("text/plain", headers.get("Content-Type"));
        assertEquals("*", headers.get("If-None-Match"));

        // confirming before the bytes are there is refused
        as(s.key())
                .post("/api/v1/assets/" + asset + "/confirm")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("upload_missing"));

        // 7. PUT the bytes straight to S3 with the listed headers; a second PUT is refused (no overwrite)
        String url = upload.getString("upload.url");
        assertEquals(200, Http.put(url, headers, HELLO).statusCode());
        assertEquals(412, Http.put(url, headers, HELLO).statusCode());

        // 8. confirm: ready, with the size S3 holds; listed among the ready assets
        as(s.key())
                .post("/api/v1/assets/" + asset + "/confirm")
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("size_bytes", equalTo(HELLO.length));
        as(s.key())
                .queryParam("state", "ready")
                .get("/api/v1/assets")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(asset));

        // 9. reference 000: a signed GET for a path inside the team's storage
        String path = objectKey.substring((s.team() + "/").length());
        JsonPath signed = as(s.key())
                .body("{\"object_path\":\"" + path + "\",\"expires_in\":600}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200)
                .body("object_path", equalTo(path))
                .body("expires_in", equalTo(600))
                .extract()
                .jsonPath();
        assertArrayEquals(HELLO, Http.get(signed.getString("signed_url")).body());
        as(s.key())
                .body("{\"object_path\":\"inputs/nothing/here.txt\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(404);

        // 11. reference 004: public, no credentials; 302 to a presigned GET with the disposition signed in
        String location = given().redirects()
                .follow(false)
                .queryParam("objectKey", objectKey)
                .queryParam("type", "attachment")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(302)
                .header("Cache-Control", "no-store")
                .extract()
                .header("Location");
        HttpResponse<byte[]> download = Http.get(location);
        assertEquals(200, download.statusCode());
        assertArrayEquals(HELLO, download.body());
        assertEquals(
                "attachment; filename=\"hello.txt\"; filename*=UTF-8''hello.txt",
                download.headers().firstValue("Content-Disposition").orElse(null));
        given().redirects()
                .follow(false)
                .queryParam("objectKey", s.team() + "/inputs/" + UUID.randomUUID() + "/x.txt")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(404);

        // and what the team stores (reference 004, camelCase as documented), with the owner's JWT
        as(s.token(), s.team())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .body("orgKey", equalTo(s.team().toString()))
                .body("totalBytes", equalTo(HELLO.length))
                .body("inputBytes", equalTo(HELLO.length))
                .body("outputBytes", equalTo(0))
                .body("fileCount", equalTo(1));
    }

    @Test
    void workflowFilesDownloadByResourceUri() {
        Scene s = scene("alice-" + UUID.randomUUID());
        // 10. reference 001: uploads are the workflow's input assets by name
        String workflow = as(s.key())
                .body("{\"name\":\"demo\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath upload = as(s.key())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"hello.txt\","
                        + "\"workflow_id\":\"" + workflow + "\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals(
                200,
                Http.put(upload.getString("upload.url"), upload.getMap("upload.headers"), HELLO)
                        .statusCode());
        as(s.key())
                .post("/api/v1/assets/" + upload.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200);

        String uri = "workflow://" + workflow + "/uploads/hello.txt";
        JsonPath answer = as(s.key())
                .body("{\"resource_uri\":\"" + uri + "\"}")
                .post("/api/v1/workflows/download-url")
                .then()
                .statusCode(200)
                .body("resource_uri", equalTo(uri))
                .body("filename", equalTo("hello.txt"))
                .body("workflow_id", equalTo(workflow))
                .extract()
                .jsonPath();
        assertTrue(answer.getString("tool_trace_id").matches("[0-9a-f]{32}"), "a trace id, made at run time");
        assertNotEquals("0".repeat(32), answer.getString("tool_trace_id"));
        assertArrayEquals(HELLO, Http.get(answer.getString("download_url")).body());

        String missing = "workflow://" + workflow + "/uploads/nothing.csv";
        as(s.key())
                .body("{\"resource_uri\":\"" + missing + "\"}")
                .post("/api/v1/workflows/download-url")
                .then()
                .statusCode(404)
                .body(
                        "detail.message",
                        equalTo(
                                "No resource at " + missing
                                        + ". The artifact does not exist or has expired. Retrying with the same URI will not succeed."));

        // the usage breakdown names the workflow
        as(s.token(), s.team())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .body("breakdown.workflowName", equalTo(List.of("demo")))
                .body("breakdown[0].bytes", equalTo(HELLO.length));
    }

    @Test
    void aLargeFileGoesUpInPartsAndIsCompleted() {
        Scene s = scene("erin-" + UUID.randomUUID());
        int partSize = 5 * 1024 * 1024;
        byte[] file = new byte[partSize + 1000];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i * 31 + 7);
        }
        // start: the asset and the S3 multipart upload, in parts of the size asked for
        JsonPath created = as(s.key())
                .body("{\"type\":\"data\",\"content_type\":\"application/octet-stream\","
                        + "\"file_name\":\"big.bin\",\"file_size\":" + file.length + ",\"part_size\":" + partSize + "}")
                .post("/api/v1/assets/multipart")
                .then()
                .statusCode(201)
                .body("asset.state", equalTo("pending_upload"))
                .body("multipart.part_count", equalTo(2))
                .extract()
                .jsonPath();
        String asset = created.getString("asset.id");

        // sign both parts, PUT each straight to S3 with its headers
        JsonPath signed = as(s.key())
                .body("{\"part_numbers\":[1,2]}")
                .post("/api/v1/assets/" + asset + "/multipart/parts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (int n = 1; n <= 2; n++) {
            byte[] part = Arrays.copyOfRange(file, (n - 1) * partSize, Math.min(file.length, n * partSize));
            assertEquals(part.length, signed.getInt("parts[" + (n - 1) + "].size"));
            Http.Answer put = Http.put(
                    signed.getString("parts[" + (n - 1) + "].url"),
                    signed.getMap("parts[" + (n - 1) + "].headers"),
                    part);
            assertEquals(200, put.statusCode(), put.body());
        }

        // resume: what storage holds; complete with it: ready, the whole file readable by signed URL
        List<Map<String, Object>> stored = as(s.key())
                .get("/api/v1/assets/" + asset + "/multipart/parts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("parts");
        assertEquals(2, stored.size());
        StringBuilder parts = new StringBuilder();
        for (Map<String, Object> part : stored) {
            parts.append(parts.isEmpty() ? "" : ",")
                    .append("{\"part_number\":")
                    .append(part.get("part_number"))
                    .append(",\"etag\":\"")
                    .append(String.valueOf(part.get("etag")).replace("\"", "\\\""))
                    .append("\"}");
        }
        as(s.key())
                .body("{\"parts\":[" + parts + "]}")
                .post("/api/v1/assets/" + asset + "/multipart/complete")
                .then()
                .statusCode(200)
                .body("state", equalTo("ready"))
                .body("size_bytes", equalTo(file.length));
        String path = created.getString("asset.object_key").substring((s.team() + "/").length());
        String url = as(s.key())
                .body("{\"object_path\":\"" + path + "\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200)
                .extract()
                .path("signed_url");
        assertArrayEquals(file, Http.get(url).body());
    }

    @Test
    void eventsReachAWebhookSigned() throws Exception {
        Scene s = scene("dora-" + UUID.randomUUID());
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/signet", exchange -> {
            try (exchange) {
                received.add(new Received(
                        exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        try {
            // 13. a webhook for the receiver; the signing secret is shown only now
            JsonPath hook = as(s.key())
                    .body("{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/signet\"}")
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            String secret = hook.getString("secret");
            assertTrue(secret.startsWith("whsec_"), secret);

            // 14. upload and confirm: asset.ready
            JsonPath upload = as(s.key())
                    .body("{\"type\":\"audio\",\"content_type\":\"text/plain\",\"file_name\":\"take1.txt\"}")
                    .post("/api/v1/assets/upload-url")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            String asset = upload.getString("asset.id");
            assertEquals(
                    200,
                    Http.put(upload.getString("upload.url"), upload.getMap("upload.headers"), HELLO)
                            .statusCode());
            as(s.key()).post("/api/v1/assets/" + asset + "/confirm").then().statusCode(200);
            Received ready = next(received);
            assertEquals("asset.ready", JsonPath.from(ready.body()).getString("type"));
            assertEquals(asset, JsonPath.from(ready.body()).getString("data.asset.id"));

            // 15. a worker writes back the duration: asset.updated
            as(s.key())
                    .body("{\"duration_seconds\":\"324.412000\"}")
                    .patch("/api/v1/assets/" + asset)
                    .then()
                    .statusCode(200);
            Received updated = next(received);
            assertEquals("asset.updated", JsonPath.from(updated.body()).getString("type"));
            assertEquals("324.412", JsonPath.from(updated.body()).getString("data.asset.duration_seconds"));

            // 16. each message signed with the secret: HMAC-SHA256 of "<id>.<timestamp>.<body>"
            for (Received message : List.of(ready, updated)) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(
                        Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                String expected = "v1,"
                        + Base64.getEncoder()
                                .encodeToString(
                                        mac.doFinal((message.id() + "." + message.timestamp() + "." + message.body())
                                                .getBytes(StandardCharsets.UTF_8)));
                assertEquals(expected, message.signature());
            }
            assertNotEquals(ready.id(), updated.id());

            // and the delivery log: both delivered
            as(s.key())
                    .get("/api/v1/webhooks/" + hook.getString("id") + "/deliveries")
                    .then()
                    .statusCode(200)
                    .body("items.state", equalTo(List.of("delivered", "delivered")));
        } finally {
            receiver.stop(0);
        }
    }

    record Received(String id, String timestamp, String signature, String body) {}

    private static Received next(BlockingQueue<Received> received) throws InterruptedException {
        Received message = received.poll(15, TimeUnit.SECONDS);
        assertNotNull(message, "a webhook message within 15 s (deliveries go out every second)");
        return message;
    }

    @Test
    void refusalsKeepTheirShape() {
        Scene s = scene("bob-" + UUID.randomUUID());
        // Bean Validation's messages (resource bundles) and the strict JSON rules work in the executable too
        as(s.token())
                .body("{\"name\":\"\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("name: must not be blank"));
        as(s.key())
                .body("{\"type\":\"document\",\"content_type\":\"text/plain\",\"file_size\":\"12\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("file_size: must be an integer"));
        given().get("/api/v1/teams").then().statusCode(401).body("detail.code", equalTo("missing_credentials"));
        // keys from the provider's JWKS endpoint: a published key id with a forged signature, an unpublished one
        given().header("Authorization", "Bearer " + ItTokens.signedByAnotherKey("bob", ItTokens.keyId()))
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .body("detail.code", equalTo("invalid_signature"));
        given().header("Authorization", "Bearer " + ItTokens.signedByAnotherKey("bob", "rsa-" + UUID.randomUUID()))
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .body("detail.code", equalTo("unknown_key"));
        as(s.key()).get("/api/v1/assets/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theProductionFaceIsServed() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'bucket' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/assets/upload-url"));
        scene("carol-" + UUID.randomUUID());
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "HTTP metrics");
        assertTrue(metrics.contains("sql_pool"), "pool metrics");
    }
}
