package dev.signet.uppy;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Companion's S3 routes as {@code @uppy/aws-s3} calls them (docs/browser.md's table), against S3Proxy: a multipart
 * upload driven through them ends ready with the file's bytes; hostile input to every route is refused with the error
 * shape and writes nothing; another team's upload ids and keys do not exist.
 */
@QuarkusTest
class UppyS3Test {

    static final int MIB = 1 << 20;
    static final String BASE = "/api/v1/uppy/s3";

    @Inject
    Storage objects;

    Api.Team team;
    Api.Key key;

    @BeforeEach
    void team() {
        team = Api.team(unique("uppy"));
        key = team.mintKey("sk");
    }

    RequestSpecification uppy() {
        return as(key.secret());
    }

    JsonPath create(String body) {
        return uppy().body(body)
                .post(BASE + "/multipart")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(23).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aFileGoesUpInPartsThroughCompanionsRoutesAndIsReadyAfterComplete() {
        byte[] file = bytes(5 * MIB + 1234);
        JsonPath created = create("""
                {"filename":"take.bin","type":"application/octet-stream",
                 "metadata":{"name":"take.bin","type":"application/octet-stream","file_size":%d,"asset_type":"data",
                 "kind":"input","relativePath":null}}""".formatted(file.length));
        String uploadId = created.getString("uploadId");
        String objectKey = created.getString("key");
        assertEquals(objectKey, created.getString("asset.object_key"), "Uppy's key is Signet's object key");
        assertEquals("input", created.getString("asset.kind"));

        // part 1 alone, part 2 by the batch route: as Uppy cuts by default, 5 MiB and the rest
        JsonPath one = uppy().queryParam("key", objectKey)
                .get(BASE + "/multipart/" + uploadId + "/1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Http.Answer first =
                Http.put(one.getString("url"), one.getMap("headers"), java.util.Arrays.copyOfRange(file, 0, 5 * MIB));
        assertEquals(200, first.statusCode(), first.body());
        String two = uppy().queryParam("key", objectKey)
                .queryParam("partNumbers", "2")
                .get(BASE + "/multipart/" + uploadId + "/batch")
                .then()
                .statusCode(200)
                .extract()
                .path("presignedUrls.2");
        Http.Answer second = Http.put(two, Map.of(), java.util.Arrays.copyOfRange(file, 5 * MIB, file.length));
        assertEquals(200, second.statusCode(), second.body());

        JsonPath listed = uppy().queryParam("key", objectKey)
                .get(BASE + "/multipart/" + uploadId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(1, 2), listed.getList("PartNumber"));
        assertEquals(List.of(5 * MIB, 1234), listed.getList("Size"));

        JsonPath completed = uppy().queryParam("key", objectKey)
                .body("{\"parts\":[{\"PartNumber\":1,\"ETag\":\"%s\"},{\"PartNumber\":2,\"ETag\":\"%s\"}]}"
                        .formatted(first.etag(), second.etag()))
                .post(BASE + "/multipart/" + uploadId + "/complete")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ready", completed.getString("asset.state"));
        assertEquals(objectKey, completed.getString("key"));
        assertEquals("/api/v1/assets/" + completed.getString("asset.id"), completed.getString("location"));
        assertArrayEquals(file, objects.read(objectKey));
    }

    JsonPath params(String filename, String type, String size) {
        RequestSpecification request = uppy().queryParam("filename", filename)
                .queryParam("type", type)
                .queryParam("metadata[asset_type]", "document");
        if (size != null) {
            request = request.queryParam("metadata[file_size]", size);
        }
        return request.get(BASE + "/params").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void paramsAnswerAPostPolicyUppySendsAsAFormAndAbortDeletesTheUpload() {
        JsonPath params = params("note.txt", "text/plain", "5");
        assertEquals("POST", params.getString("method"));
        assertEquals(Map.of(), params.getMap("headers"));
        assertEquals("document", params.getString("asset.type"));
        assertEquals(params.getString("key"), params.getString("asset.object_key"));
        Map<String, String> fields = params.getMap("fields");
        assertEquals(params.getString("key"), fields.get("key"));
        assertEquals("text/plain", fields.get("Content-Type"));
        assertEquals("AWS4-HMAC-SHA256", fields.get("x-amz-algorithm"));
        assertTrue(params.getLong("expires") > 0 && params.getLong("expires") <= 15 * 60, params.prettify());
        String policy = new String(java.util.Base64.getDecoder().decode(fields.get("policy")));
        assertTrue(policy.contains("[\"content-length-range\",5,5]"), policy);

        Http.Answer post = Http.postForm(params.getString("url"), fields, "text/plain", "hello".getBytes());
        assertEquals(204, post.statusCode(), post.body());
        assertArrayEquals("hello".getBytes(), objects.read(params.getString("key")));
        assertEquals("text/plain", objects.head(params.getString("key")).contentType());

        JsonPath created = create("{\"filename\":\"a.bin\",\"metadata\":{\"file_size\":10}}");
        uppy().queryParam("key", created.getString("key"))
                .delete(BASE + "/multipart/" + created.getString("uploadId"))
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
        uppy().get("/api/v1/assets/" + created.getString("asset.id"))
                .then()
                .statusCode(200)
                .body("state", equalTo("deleted"));
    }

    /** Without {@code file_size}, the policy allows 0 bytes to the largest single upload. */
    @Test
    void withoutASizeThePolicyTakesAnySizeUpToTheLargestSingleUpload() {
        JsonPath params = params("free.txt", "text/plain", null);
        Map<String, String> fields = params.getMap("fields");
        String policy = new String(java.util.Base64.getDecoder().decode(fields.get("policy")));
        assertTrue(policy.contains("[\"content-length-range\",0,5368709120]"), policy);
        Http.Answer post = Http.postForm(params.getString("url"), fields, "text/plain", "seven b".getBytes());
        assertEquals(204, post.statusCode(), post.body());
        assertEquals(7, objects.head(params.getString("key")).contentLength());
    }

    /** Storage (S3Proxy) holds the form to the policy: each change of the form is refused and stores nothing. */
    static Stream<Arguments> formsStorageRefuses() {
        return Stream.of(
                Arguments.of("a larger file", "fields", "hello!"),
                Arguments.of("a smaller file", "fields", "hell"),
                Arguments.of("another content type", "Content-Type=text/html", "hello"),
                Arguments.of("another key", "key=*/elsewhere.txt", "hello"),
                Arguments.of("a tampered policy", "policy", "hello"),
                Arguments.of("an extra field", "x-amz-meta-owner=mallory", "hello"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formsStorageRefuses")
    void storageRefusesAFormThePolicyDoesNotAllow(String name, String change, String body) {
        JsonPath params = params("note.txt", "text/plain", "5");
        String objectKey = params.getString("key");
        Map<String, String> fields = new java.util.LinkedHashMap<>(params.getMap("fields"));
        String target = objectKey;
        if (change.equals("policy")) {
            String policy = new String(java.util.Base64.getDecoder().decode(fields.get("policy")));
            fields.put(
                    "policy",
                    java.util.Base64.getEncoder()
                            .encodeToString(policy.replace(",5,5]", ",0,99999]").getBytes()));
        } else if (change.contains("=")) {
            String field = change.substring(0, change.indexOf('='));
            String value = change.substring(change.indexOf('=') + 1);
            if (value.startsWith("*/")) {
                value = objectKey.substring(0, objectKey.lastIndexOf('/')) + value.substring(1);
                target = value;
            }
            fields.put(field, value);
        }
        Http.Answer post = Http.postForm(params.getString("url"), fields, "text/plain", body.getBytes());
        assertTrue(post.statusCode() == 400 || post.statusCode() == 403, post.statusCode() + " " + post.body());
        assertNull(objects.head(objectKey), "nothing stored under the asset's key");
        assertNull(objects.head(target), "nothing stored under the form's key");
    }

    /** A policy past its expiration is refused though its signature is good (signed an hour ago for a minute). */
    @Test
    void storageRefusesAnExpiredPolicy() {
        Map<String, String> s3 = dev.signet.support.LocalStackResource.stack().config();
        dev.signet.storage.UrlSigner pastSigner = new dev.signet.storage.UrlSigner(
                java.net.URI.create(s3.get("quarkus.s3.endpoint-override")),
                s3.get("quarkus.s3.aws.region"),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                s3.get("quarkus.s3.aws.credentials.static-provider.access-key-id"),
                                s3.get("quarkus.s3.aws.credentials.static-provider.secret-access-key"))),
                true,
                s3.get("signet.storage.bucket"),
                Runnable::run,
                java.time.Clock.fixed(java.time.Instant.now().minusSeconds(3600), java.time.ZoneOffset.UTC));
        String objectKey = team.id() + "/inputs/expired/late.txt";
        var expired = pastSigner.signPost(objectKey, "text/plain", 5, 5, java.time.Duration.ofMinutes(1));
        Http.Answer post = Http.postForm(expired.url(), expired.fields(), "text/plain", "hello".getBytes());
        assertEquals(403, post.statusCode(), post.body());
        assertTrue(post.body().contains("expired"), post.body());
        assertNull(objects.head(objectKey));

        // the same signer an hour later signs a form storage takes: the refusal was the expiry
        dev.signet.storage.UrlSigner nowSigner = new dev.signet.storage.UrlSigner(
                java.net.URI.create(s3.get("quarkus.s3.endpoint-override")),
                s3.get("quarkus.s3.aws.region"),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                s3.get("quarkus.s3.aws.credentials.static-provider.access-key-id"),
                                s3.get("quarkus.s3.aws.credentials.static-provider.secret-access-key"))),
                true,
                s3.get("signet.storage.bucket"));
        var fresh = nowSigner.signPost(objectKey, "text/plain", 5, 5, java.time.Duration.ofMinutes(1));
        Http.Answer ok = Http.postForm(fresh.url(), fresh.fields(), "text/plain", "hello".getBytes());
        assertEquals(204, ok.statusCode(), ok.body());
    }

    /** Route, then a request that must be refused with 400 and write nothing. */
    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(
                        "params kind", "GET", "/params?filename=a.txt&metadata[kind]=sideways", null, "metadata.kind"),
                Arguments.of(
                        "params workflow",
                        "GET",
                        "/params?filename=a.txt&metadata[workflow_id]=x",
                        null,
                        "metadata.workflow_id"),
                Arguments.of(
                        "params size",
                        "GET",
                        "/params?filename=a.txt&metadata[file_size]=-1",
                        null,
                        "metadata.file_size"),
                Arguments.of(
                        "params size text",
                        "GET",
                        "/params?filename=a.txt&metadata[file_size]=1e3",
                        null,
                        "metadata.file_size"),
                Arguments.of("params type", "GET", "/params?filename=a.txt&metadata[asset_type]=nope", null, "type"),
                Arguments.of("params traversal", "GET", "/params?filename=../../etc/passwd", null, "file_name"),
                Arguments.of(
                        "create no size",
                        "POST",
                        "/multipart",
                        "{\"filename\":\"a\",\"metadata\":{}}",
                        "metadata.file_size"),
                Arguments.of(
                        "create object meta",
                        "POST",
                        "/multipart",
                        "{\"filename\":\"a\",\"metadata\":{\"file_size\":10,\"kind\":{\"x\":1}}}",
                        "metadata.kind"),
                Arguments.of(
                        "create huge",
                        "POST",
                        "/multipart",
                        "{\"filename\":\"a\",\"metadata\":{\"file_size\":99999999999999999}}",
                        "file_size"),
                Arguments.of("create no body", "POST", "/multipart", null, null),
                Arguments.of("create not json", "POST", "/multipart", "{\"filename\":", null),
                Arguments.of("sign part 0", "GET", "/multipart/U/0?key=K", null, "partNumber"),
                Arguments.of("sign part text", "GET", "/multipart/U/abc?key=K", null, "partNumber"),
                Arguments.of("sign part 10001", "GET", "/multipart/U/10001?key=K", null, "partNumber"),
                Arguments.of("sign no key", "GET", "/multipart/U/1", null, "key"),
                Arguments.of("batch none", "GET", "/multipart/U/batch?key=K", null, "partNumbers"),
                Arguments.of("batch bad", "GET", "/multipart/U/batch?key=K&partNumbers=1,x", null, "partNumbers"),
                Arguments.of("list no key", "GET", "/multipart/U", null, "key"),
                Arguments.of("complete no parts", "POST", "/multipart/U/complete?key=K", "{}", "parts"),
                Arguments.of("complete no body", "POST", "/multipart/U/complete?key=K", null, null),
                Arguments.of("abort no key", "DELETE", "/multipart/U", null, "key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void hostileInputIsA400AndWritesNothing(String name, String method, String path, String body, String field) {
        String before = Db.fingerprint();
        int stored = objects.count();
        RequestSpecification request = uppy().urlEncodingEnabled(true);
        if (body != null) {
            request = request.body(body);
        }
        var answer = request.request(method, BASE + path).then().statusCode(400);
        answer.body("detail.code", equalTo(name.endsWith("not json") ? "malformed_json" : "invalid_request"));
        if (field != null) {
            answer.body("detail.message", startsWith(field + ":"));
        }
        assertEquals(before, Db.fingerprint(), "nothing written");
        assertEquals(stored, objects.count(), "nothing stored");
    }

    @Test
    void withoutCredentialsEveryRouteIs401() {
        for (String[] call : new String[][] {
            {"GET", "/params?filename=a"},
            {"POST", "/multipart"},
            {"GET", "/multipart/U/1?key=K"},
            {"GET", "/multipart/U/batch?key=K&partNumbers=1"},
            {"GET", "/multipart/U?key=K"},
            {"POST", "/multipart/U/complete?key=K"},
            {"DELETE", "/multipart/U?key=K"}
        }) {
            given().contentType("application/json")
                    .body("{}")
                    .request(call[0], BASE + call[1])
                    .then()
                    .statusCode(401)
                    .body("detail.code", equalTo("missing_credentials"));
        }
    }

    @Test
    void anotherTeamsUploadIdsAndKeysAre404AndUntouched() {
        JsonPath mine = create("{\"filename\":\"a.bin\",\"metadata\":{\"file_size\":10}}");
        JsonPath other = create("{\"filename\":\"b.bin\",\"metadata\":{\"file_size\":10}}");
        String uploadId = mine.getString("uploadId");
        String objectKey = mine.getString("key");
        Api.Team stranger = Api.team(unique("uppy-stranger"));
        RequestSpecification[] callers = {as(stranger.mintKey("sk").secret()), as(stranger.ownerToken(), stranger.id())
        };
        String before = Db.fingerprint();
        for (RequestSpecification caller : callers) {
            for (String[] call : calls(uploadId, objectKey)) {
                refused404(caller, call);
            }
        }
        // this team's own caller, with the upload id of one upload and the key of another
        for (String[] call : calls(uploadId, other.getString("key"))) {
            refused404(uppy(), call);
        }
        for (String[] call : calls("no-such-upload", objectKey)) {
            refused404(uppy(), call);
        }
        assertEquals(before, Db.fingerprint(), "nothing written");
        assertNull(objects.head(objectKey));
        uppy().get("/api/v1/assets/" + mine.getString("asset.id"))
                .then()
                .statusCode(200)
                .body("state", equalTo("pending_upload"));
    }

    static String[][] calls(String uploadId, String objectKey) {
        String q = "?key=" + objectKey;
        return new String[][] {
            {"GET", "/multipart/" + uploadId + "/1" + q, null},
            {"GET", "/multipart/" + uploadId + "/batch" + q + "&partNumbers=1", null},
            {"GET", "/multipart/" + uploadId + q, null},
            {"POST", "/multipart/" + uploadId + "/complete" + q, "{\"parts\":[{\"PartNumber\":1,\"ETag\":\"abc\"}]}"},
            {"DELETE", "/multipart/" + uploadId + q, null}
        };
    }

    static void refused404(RequestSpecification caller, String[] call) {
        RequestSpecification request = call[2] == null ? caller : caller.body(call[2]);
        request.request(call[0], BASE + call[1]).then().statusCode(404).body("detail.code", equalTo("not_found"));
    }

    /** The plugin's calls are cross-origin from an app: preflights pass for its methods, as for the rest of the API. */
    @Test
    void anAppsOriginPassesThePreflightOfEveryRoute() {
        String app = "https://app.example.test"; // the test profile's allowed origin (CorsTest)
        for (String[] call : new String[][] {
            {"GET", "/params"}, {"POST", "/multipart"}, {"GET", "/multipart/U/1"}, {"DELETE", "/multipart/U"}
        }) {
            given().header("Origin", app)
                    .header("Access-Control-Request-Method", call[0])
                    .header("Access-Control-Request-Headers", "authorization,content-type,x-team-id")
                    .options(BASE + call[1])
                    .then()
                    .statusCode(204)
                    .header("Access-Control-Allow-Origin", equalTo(app))
                    .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString(call[0]));
        }
    }
}
