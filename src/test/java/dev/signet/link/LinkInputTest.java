package dev.signet.link;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.Http;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to every link endpoint: 400 with the error shape naming the field, and nothing created or used. */
@QuarkusTest
class LinkInputTest {

    static Api.Key sk;
    static String asset;
    static String link;

    @BeforeEach
    void scene() {
        if (sk != null) {
            return;
        }
        sk = Api.team(unique("link-input")).mintKey("sk");
        asset = Assets.ready(sk.secret(), "in.bin", "application/octet-stream", Http.bytes(5), null)
                .getString("id");
        link = as(sk.secret())
                .body(body("\"expires_at\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\""))
                .post("/api/v1/links")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A create body for the scene's asset with these fields. */
    static String body(String fields) {
        return "{\"asset_id\":\"" + asset + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    static String soon() {
        return "\"expires_at\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"";
    }

    static Stream<Arguments> badCreates() {
        String many = String.join(",", Collections.nCopies(33, "\"10.0.0.1\""));
        return Stream.of(
                Arguments.of("no body", null, null),
                Arguments.of("no asset", "{" + "\"expires_at\":\"2099-01-01T00:00:00Z\"}", "asset_id"),
                Arguments.of(
                        "asset not a UUID",
                        "{\"asset_id\":\"x\"," + "\"expires_at\":\"2099-01-01T00:00:00Z\"}",
                        "asset_id"),
                Arguments.of("no expiry", "ASSET{}", "expires_at"),
                Arguments.of("expiry not RFC 3339", "ASSET{\"expires_at\":\"tomorrow\"}", "expires_at"),
                Arguments.of("expiry in the past", "ASSET{\"expires_at\":\"2020-01-01T00:00:00Z\"}", "expires_at"),
                Arguments.of(
                        "expiry past the max",
                        "ASSET{\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(31)) + "\"}",
                        "expires_at"),
                Arguments.of("max_uses 0", "ASSET{SOON,\"max_uses\":0}", "max_uses"),
                Arguments.of("max_uses negative", "ASSET{SOON,\"max_uses\":-1}", "max_uses"),
                Arguments.of("max_uses not a number", "ASSET{SOON,\"max_uses\":\"one\"}", "max_uses"),
                Arguments.of("max_uses fraction", "ASSET{SOON,\"max_uses\":1.5}", "max_uses"),
                Arguments.of("allowed_ips empty", "ASSET{SOON,\"allowed_ips\":[]}", "allowed_ips"),
                Arguments.of("allowed_ips too many", "ASSET{SOON,\"allowed_ips\":[" + many + "]}", "allowed_ips"),
                Arguments.of(
                        "allowed_ips a host name", "ASSET{SOON,\"allowed_ips\":[\"example.com\"]}", "allowed_ips[0]"),
                Arguments.of(
                        "allowed_ips IPv4 shorthand",
                        "ASSET{SOON,\"allowed_ips\":[\"10.0.0.0/8\",\"10.1\"]}",
                        "allowed_ips[1]"),
                Arguments.of(
                        "allowed_ips leading zero", "ASSET{SOON,\"allowed_ips\":[\"010.0.0.1\"]}", "allowed_ips[0]"),
                Arguments.of(
                        "allowed_ips octet > 255", "ASSET{SOON,\"allowed_ips\":[\"10.0.0.256\"]}", "allowed_ips[0]"),
                Arguments.of("allowed_ips host bits", "ASSET{SOON,\"allowed_ips\":[\"10.0.0.1/8\"]}", "allowed_ips[0]"),
                Arguments.of(
                        "allowed_ips v4 prefix > 32",
                        "ASSET{SOON,\"allowed_ips\":[\"10.0.0.0/33\"]}",
                        "allowed_ips[0]"),
                Arguments.of(
                        "allowed_ips v6 prefix > 128",
                        "ASSET{SOON,\"allowed_ips\":[\"2001:db8::/129\"]}",
                        "allowed_ips[0]"),
                Arguments.of("allowed_ips v6 zone", "ASSET{SOON,\"allowed_ips\":[\"fe80::1%eth0\"]}", "allowed_ips[0]"),
                Arguments.of("allowed_ips bad v6", "ASSET{SOON,\"allowed_ips\":[\"2001:db8:::1\"]}", "allowed_ips[0]"),
                Arguments.of(
                        "allowed_ips prefix with sign",
                        "ASSET{SOON,\"allowed_ips\":[\"10.0.0.0/+8\"]}",
                        "allowed_ips[0]"),
                Arguments.of("allowed_ips empty entry", "ASSET{SOON,\"allowed_ips\":[\"\"]}", "allowed_ips[0]"),
                Arguments.of("allowed_ips null entry", "ASSET{SOON,\"allowed_ips\":[null]}", "allowed_ips[0]"),
                Arguments.of("allowed_ips not a list", "ASSET{SOON,\"allowed_ips\":\"10.0.0.0/8\"}", "allowed_ips"),
                Arguments.of("disposition unknown", "ASSET{SOON,\"disposition\":\"download\"}", "disposition"),
                Arguments.of("file_name a path", "ASSET{SOON,\"file_name\":\"../x.bin\"}", "file_name"),
                Arguments.of("file_name blank", "ASSET{SOON,\"file_name\":\" \"}", "file_name"),
                Arguments.of("file_name control", "ASSET{SOON,\"file_name\":\"a\\u0007.bin\"}", "file_name"),
                Arguments.of(
                        "file_name too long", "ASSET{SOON,\"file_name\":\"" + "x".repeat(256) + "\"}", "file_name"),
                Arguments.of("malformed JSON", "{", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreatesAreRefusedAndCreateNothing(String name, String template, String field) {
        String before = Db.fingerprint();
        var request = as(sk.secret());
        if (template != null) {
            String body = template.startsWith("ASSET{")
                    ? body(template.substring("ASSET{".length(), template.length() - 1)
                            .replace("SOON", soon()))
                    : template;
            request.body(body);
        }
        var answer =
                request.post("/api/v1/links").then().log().ifValidationFails().statusCode(400);
        answer.body("detail.code", equalTo(field == null ? answer.extract().path("detail.code") : "invalid_request"));
        if (field != null) {
            String message = answer.extract().path("detail.message");
            assertEquals(true, message.startsWith(field + ":"), message);
        }
        assertEquals(before, Db.fingerprint(), "nothing created");
    }

    static Stream<Arguments> badReads() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/links?asset_id=nope", "asset_id"),
                Arguments.of("GET", "/api/v1/links?limit=0", "limit"),
                Arguments.of("GET", "/api/v1/links?limit=201", "limit"),
                Arguments.of("GET", "/api/v1/links?limit=x", "limit"),
                Arguments.of("GET", "/api/v1/links?cursor=%25%25", "cursor"),
                Arguments.of("GET", "/api/v1/links?cursor=bm90LWEtdXVpZA", "cursor"),
                Arguments.of("GET", "/api/v1/links/nope", "link_id"),
                Arguments.of("DELETE", "/api/v1/links/nope", "link_id"),
                Arguments.of("GET", "/api/v1/links/nope/uses", "link_id"),
                Arguments.of("GET", "/api/v1/links/LINK/uses?limit=0", "limit"),
                Arguments.of("GET", "/api/v1/links/LINK/uses?cursor=bm90LWEtbnVtYmVy", "cursor"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badReads")
    void badReadsAreRefused(String method, String path, String field) {
        String before = Db.fingerprint();
        String message = as(sk.secret())
                .request(method, path.replace("LINK", link))
                .then()
                .log()
                .ifValidationFails()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_request"))
                .extract()
                .path("detail.message");
        assertEquals(true, message.startsWith(field + ":"), message);
        assertEquals(before, Db.fingerprint(), "nothing changed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void aMalformedTokenIsNotFoundAndLogsNothing(String token) {
        String before = Db.fingerprint();
        io.restassured.RestAssured.given()
                .redirects()
                .follow(false)
                .urlEncodingEnabled(false)
                .get("/l/" + token)
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("link_not_found"));
        assertEquals(before, Db.fingerprint());
    }

    static List<String> tokens() {
        return List.of(
                "x",
                "lk_",
                "lk_" + "A".repeat(42),
                "lk_" + "A".repeat(44),
                "lk_" + "A".repeat(42) + "%21",
                "LK_" + "A".repeat(43));
    }
}
