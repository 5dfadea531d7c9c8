package dev.signet.http;

import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.ContractCheck;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.RawHttp;
import dev.signet.support.Storage;
import dev.signet.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Signet as a hostile client meets it: every endpoint × every body field × 40 hostile values, every field
 * missing, whole-body mutations, hostile path segments, query parameters and headers, over-long request
 * lines and headers, all sent as raw bytes. Every answer must be below 500; every 4xx must carry the JSON
 * error body; a refused request must leave every row (and, for the calls that delete objects, every
 * object) as it was; and the run must not log a single ERROR line.
 */
@QuarkusTest
class HostileInputTest {

    private static final Path LOG = Path.of("target/signet-test.log");

    /** JSON values in the place of one field. */
    static final List<String> HOSTILE_JSON = List.of(
            "\"\"",
            "\" \"",
            "null",
            "0",
            "-1",
            "1.5",
            "1e308",
            "-9223372036854775809",
            "9223372036854775808",
            "true",
            "[]",
            "{}",
            "[\"a\"]",
            "{\"a\":1}",
            "\"\\u0000\"",
            "\"a\\u0000b\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"\\u202egnp.exe\"",
            "\"a\\u200bb\"",
            "\"\\ufffd\"",
            "\"\\u0085\"",
            "\"a\\u2028b\"",
            "\"\\t\"",
            "\"\\r\\nX-Injected: 1\"",
            "\"../../etc/passwd\"",
            "\"/etc/passwd\"",
            "\"..\"",
            "\"%00\"",
            "\"%2e%2e%2f\"",
            "\"\\\\\\\\host\\\\share\"",
            "\"" + "x".repeat(5000) + "\"",
            "\"'; DROP TABLE assets; --\"",
            "\"<script>alert(1)</script>\"",
            "\"${jndi:ldap://127.0.0.1/x}\"",
            "\"\uD83D\uDE00\"",
            "\"workflow://../x\"",
            "\"00000000-0000-0000-0000-000000000000\"",
            "\"not-a-uuid\"",
            "\"2030-13-45T25:61:61Z\"");

    /** Values in the place of a query parameter or path segment, already percent-encoded or deliberately raw. */
    static final List<String> HOSTILE_URL = List.of(
            "",
            "%00",
            "a%00b",
            "%zz",
            "%",
            "%C3%28",
            "%ED%A0%80",
            "%EF%BF%BD",
            "..",
            "%2e%2e",
            "%2F",
            "%5C",
            "%E2%80%AE",
            "%E2%80%8B",
            "%0D%0AX-Injected:%201",
            "%F0%9F%98%80",
            "x".repeat(3000),
            "-1",
            "1.5",
            "99999999999999999999",
            "%27%3B%20DROP%20TABLE%20assets%3B--",
            "%3Cscript%3E",
            "00000000-0000-0000-0000-000000000000");

    /** Whole bodies in the place of a valid one. */
    static final List<String> HOSTILE_BODIES = List.of(
            "",
            "null",
            "[]",
            "{",
            "}",
            "not json",
            "\"a string\"",
            "12",
            "{\"name\":null,\"name\":\"x\"}",
            "{\"a\":1} trailing",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            "\uFEFF{}",
            "{\"\\u0000\":1}",
            "{\"a\":\"\\uZZZZ\"}");

    @TestHTTPResource("/")
    URL app;

    @Inject
    Storage storage;

    /** A request of the suite: what to send, as whom, and whether objects could be deleted by it. */
    record Call(
            String method,
            String target,
            String body,
            Map<String, String> headers,
            boolean touchesObjects,
            boolean beyondTheCodec) {

        Call(String method, String target, String body, Map<String, String> headers, boolean touchesObjects) {
            this(method, target, body, headers, touchesObjects, false);
        }

        Call(String method, String target, String body, Map<String, String> headers) {
            this(method, target, body, headers, false, false);
        }

        /**
         * Refused by the HTTP codec before Signet sees it (bytes it cannot parse, or past quarkus.http.limits):
         * Vert.x answers 400/414/431 with an empty body, and nothing may change.
         */
        Call refusedByTheCodec() {
            return new Call(method, target, body, headers, touchesObjects, true);
        }
    }

    /** One operation with a valid request; the suite mutates one part of it at a time. */
    record Operation(
            String method,
            String path,
            Map<String, String> body,
            Map<String, String> query,
            Map<String, String> headers,
            boolean touchesObjects) {}

    @Test
    void noInputCausesA5xxAnErrorLogLineOrAChange() throws IOException {
        long logMark = Files.size(LOG);
        Api.Team team = Api.team(unique("hostile"));
        Api.Key sk = team.mintKey("sk");
        String member = unique("hostile-member");
        team.addMember(member, "member");
        String workflow = Api.as(sk.secret())
                .body("{\"name\":\"w\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String readyKey = Assets.ready(
                        sk.secret(), "h.txt", "text/plain", Http.bytes(4), "\"workflow_id\":\"" + workflow + "\"")
                .getString("object_key");
        Supplier<String> asset = () -> Api.as(sk.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        String keyId = team.mintKey("dk").id().toString();
        Map<String, String> jwt = Map.of(
                "Authorization",
                "Bearer " + team.ownerToken(),
                "X-Team-ID",
                team.id().toString());
        Map<String, String> key = Map.of("Authorization", "Bearer " + sk.secret());
        Map<String, String> none = Map.of();
        String assetId = asset.get();
        Supplier<String> multipart = () -> Api.as(sk.secret())
                .body("{\"type\":\"video\",\"content_type\":\"video/mp4\","
                        + "\"file_size\":10,\"checksum_algorithm\":\"sha256\"}")
                .post("/api/v1/assets/multipart")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        String signing = multipart.get();
        String completing = multipart.get();
        String sha256 = "\"n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=\"";
        String readyId = Db.string("SELECT id::text FROM assets WHERE object_key = ?", readyKey);
        String readyEvent = Db.string("SELECT id::text FROM asset_events WHERE asset_id = ?::uuid", readyId);
        // a webhook whose filter the scene's events never match (asset.expired), so nothing is sent meanwhile
        String webhook = Api.as(sk.secret())
                .body("{\"url\":\"http://127.0.0.1:9/hostile\",\"events\":[\"asset.expired\"]}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        List<Operation> operations = List.of(
                op("POST", "/api/v1/teams", body("name", "\"t\""), none, jwt, false),
                op("GET", "/api/v1/teams", null, none, key, false),
                op("GET", "/api/v1/teams/" + team.id() + "/members", null, none, jwt, false),
                op(
                        "POST",
                        "/api/v1/teams/" + team.id() + "/members",
                        body("user_id", "\"u\"", "role", "\"member\""),
                        none,
                        jwt,
                        false),
                op("DELETE", "/api/v1/teams/" + team.id() + "/members/" + member, null, none, jwt, false),
                op(
                        "POST",
                        "/api/v1/api-keys",
                        body("name", "\"k\"", "kind", "\"dk\"", "expires_at", "\"2099-01-01T00:00:00Z\""),
                        none,
                        jwt,
                        false),
                op("GET", "/api/v1/api-keys", null, none, jwt, false),
                op("DELETE", "/api/v1/api-keys/" + keyId, null, none, jwt, false),
                op(
                        "POST",
                        "/api/v1/assets/upload-url",
                        body(
                                "type",
                                "\"data\"",
                                "content_type",
                                "\"text/plain\"",
                                "file_name",
                                "\"a.txt\"",
                                "file_size",
                                "3",
                                "workflow_id",
                                "\"" + workflow + "\"",
                                "kind",
                                "\"input\""),
                        none,
                        key,
                        false),
                op(
                        "GET",
                        "/api/v1/assets",
                        null,
                        query(
                                "state",
                                "ready",
                                "type",
                                "data",
                                "kind",
                                "input",
                                "workflow_id",
                                workflow,
                                "limit",
                                "5",
                                "cursor",
                                ""),
                        key,
                        false),
                op("GET", "/api/v1/assets/" + assetId, null, none, key, false),
                op("DELETE", "/api/v1/assets/" + assetId, null, none, key, true),
                op("POST", "/api/v1/assets/" + assetId + "/confirm", null, none, key, true),
                op(
                        "POST",
                        "/api/v1/assets/multipart",
                        body(
                                "type",
                                "\"video\"",
                                "content_type",
                                "\"video/mp4\"",
                                "file_name",
                                "\"m.mp4\"",
                                "file_size",
                                "10485760",
                                "part_size",
                                "5242880",
                                "workflow_id",
                                "\"" + workflow + "\"",
                                "kind",
                                "\"input\"",
                                "checksum_algorithm",
                                "\"sha256\""),
                        none,
                        key,
                        false),
                op(
                        "POST",
                        "/api/v1/assets/" + signing + "/multipart/parts",
                        body(
                                "part_numbers",
                                "[1]",
                                "checksums_sha256",
                                "{\"1\":" + sha256 + "}",
                                "upload_id",
                                "\"" + uploadIdOf(signing) + "\""),
                        none,
                        key,
                        false),
                op("GET", "/api/v1/assets/" + signing + "/multipart/parts", null, none, key, false),
                op(
                        "POST",
                        "/api/v1/assets/" + completing + "/multipart/complete",
                        body(
                                "parts",
                                "[{\"part_number\":1,\"etag\":\"0123456789abcdef0123456789abcdef\",\"checksum_sha256\":"
                                        + sha256 + "}]",
                                "upload_id",
                                "\"" + uploadIdOf(completing) + "\""),
                        none,
                        key,
                        true),
                op(
                        "POST",
                        "/api/v1/r/files/presign",
                        body(
                                "file_name",
                                "\"p.bin\"",
                                "file_size",
                                "3",
                                "content_type",
                                "\"application/octet-stream\""),
                        none,
                        key,
                        false),
                op("POST", "/api/v1/workflows", body("name", "\"w\""), none, key, false),
                op("GET", "/api/v1/workflows", null, none, jwt, false),
                op(
                        "POST",
                        "/api/v1/workflows/download-url",
                        body("resource_uri", "\"workflow://" + workflow + "/uploads/h.txt\""),
                        none,
                        key,
                        false),
                op(
                        "POST",
                        "/api/v1/inference/assets/signed-url",
                        body(
                                "object_path",
                                "\"" + readyKey.substring(team.id().toString().length() + 1) + "\"",
                                "expires_in",
                                "60"),
                        none,
                        key,
                        false),
                op(
                        "GET",
                        "/api/v1/objects/download",
                        null,
                        query("objectKey", readyKey, "type", "inline"),
                        none,
                        false),
                op("GET", "/api/v1/objects/storage-usage", null, query("createdBy", "someone"), jwt, false),
                op(
                        "PATCH",
                        "/api/v1/assets/" + readyId,
                        body("duration_seconds", "\"12.5\"", "metadata", "{\"codec\":\"h264\"}"),
                        none,
                        key,
                        false),
                op(
                        "POST",
                        "/api/v1/webhooks",
                        body(
                                "url",
                                "\"http://127.0.0.1:9/hostile\"",
                                "events",
                                "[\"asset.expired\"]",
                                "description",
                                "\"d\""),
                        none,
                        jwt,
                        false),
                op("GET", "/api/v1/webhooks", null, none, key, false),
                op("GET", "/api/v1/webhooks/" + webhook, null, none, key, false),
                op(
                        "PATCH",
                        "/api/v1/webhooks/" + webhook,
                        body(
                                "url",
                                "\"http://127.0.0.1:9/hostile2\"",
                                "events",
                                "[\"asset.expired\"]",
                                "description",
                                "\"e\"",
                                "enabled",
                                "false"),
                        none,
                        key,
                        false),
                op(
                        "GET",
                        "/api/v1/webhooks/" + webhook + "/deliveries",
                        null,
                        query("limit", "5", "cursor", ""),
                        key,
                        false),
                op(
                        "POST",
                        "/api/v1/webhooks/" + webhook + "/deliveries",
                        body("event_id", "\"" + readyEvent + "\""),
                        none,
                        key,
                        false),
                op("DELETE", "/api/v1/webhooks/" + webhook, null, none, key, false));

        List<Call> calls = new ArrayList<>();
        for (Operation operation : operations) {
            calls.addAll(mutations(operation));
        }
        calls.addAll(headerMutations(team, sk));
        List<String> failures = new ArrayList<>();
        ContractCheck.Answers contract = ContractCheck.answers();
        for (Call call : calls) {
            String before = Db.fingerprint();
            String objectsBefore = call.touchesObjects() ? storage.fingerprint() : null;
            RawHttp.Answer answer = send(call);
            String what =
                    call.method() + " " + abbreviate(call.target()) + " " + abbreviate(String.valueOf(call.body()))
                            + " " + abbreviate(call.headers().toString()) + " -> " + answer.status() + " "
                            + abbreviate(answer.body());
            if (answer.status() < 100 || answer.status() >= 500) {
                failures.add("5xx or no answer: " + what);
            } else if (call.beyondTheCodec()) {
                if (answer.status() != 400 && answer.status() != 414 && answer.status() != 431) {
                    failures.add("not refused by the codec: " + what);
                }
                if (!before.equals(Db.fingerprint())) {
                    failures.add("refused but a row changed: " + what);
                }
            } else if (answer.status() >= 400) {
                if (!call.target().contains("//")) { // an empty path segment names no operation of the document
                    contract.check(call.method(), call.target(), answer)
                            .forEach(problem -> failures.add("not as documented (" + problem + "): " + what));
                }
                if (!answer.headers().contains("content-type: application/json")
                        || !answer.body().contains("\"detail\"")
                        || !answer.body().contains("\"code\"")) {
                    failures.add("no JSON error body: " + what);
                }
                if (!before.equals(Db.fingerprint())) {
                    failures.add("refused but a row changed: " + what);
                }
                if (objectsBefore != null && !objectsBefore.equals(storage.fingerprint())) {
                    failures.add("refused but an object changed: " + what);
                }
            }
        }
        Files.write(Path.of("target/hostile-input-failures.txt"), failures);
        assertTrue(calls.size() > 1000, "only " + calls.size() + " hostile requests");
        assertEquals(
                List.of(),
                failures.subList(0, Math.min(40, failures.size())),
                failures.size() + " of " + calls.size() + " hostile requests misbehaved");
        String log = new String(Files.readAllBytes(LOG), StandardCharsets.UTF_8).substring((int) logMark);
        assertEquals(
                List.of(),
                log.lines().filter(l -> l.contains(" ERROR ")).limit(10).toList(),
                "ERROR lines logged during the hostile requests");
    }

    /** Each body field replaced by each hostile value and left out; whole bodies; each query value; each path id. */
    private List<Call> mutations(Operation op) {
        List<Call> calls = new ArrayList<>();
        if (op.body() != null) {
            for (String field : op.body().keySet()) {
                for (String value : HOSTILE_JSON) {
                    Map<String, String> body = new LinkedHashMap<>(op.body());
                    body.put(field, value);
                    calls.add(new Call(
                            op.method(), target(op.path(), op.query()), json(body), op.headers(), op.touchesObjects()));
                }
                Map<String, String> without = new LinkedHashMap<>(op.body());
                without.remove(field);
                calls.add(new Call(
                        op.method(), target(op.path(), op.query()), json(without), op.headers(), op.touchesObjects()));
            }
        }
        for (String body : HOSTILE_BODIES) {
            calls.add(new Call(op.method(), target(op.path(), op.query()), body, op.headers(), op.touchesObjects()));
        }
        for (String name : op.query().keySet()) {
            for (String value : HOSTILE_URL) {
                Map<String, String> query = new LinkedHashMap<>(op.query());
                query.put(name, value);
                calls.add(new Call(
                        op.method(),
                        op.path() + "?" + rawQuery(query, name),
                        json(op.body()),
                        op.headers(),
                        op.touchesObjects()));
            }
        }
        String[] segments = op.path().split("/");
        for (int i = 3; i < segments.length; i++) {
            if (segments[i].length() < 20) {
                continue; // only the ids in the path
            }
            for (String value : HOSTILE_URL) {
                String[] hostile = segments.clone();
                hostile[i] = value;
                calls.add(new Call(
                        op.method(),
                        target(String.join("/", hostile), op.query()),
                        json(op.body()),
                        op.headers(),
                        op.touchesObjects()));
            }
        }
        return calls;
    }

    /** Credentials, team header and content type as an attacker sends them, and the HTTP layer's own limits. */
    private List<Call> headerMutations(Api.Team team, Api.Key sk) {
        List<Call> calls = new ArrayList<>();
        String body = "{\"type\":\"data\",\"content_type\":\"text/plain\"}";
        List<String> authorizations = List.of(
                "",
                "Bearer",
                "Bearer ",
                "Basic Zm9vOmJhcg==",
                "bearer " + sk.secret(),
                "Bearer " + sk.secret() + "\u0000",
                "Bearer sk-\u202e",
                "Bearer " + "x".repeat(10000),
                "Bearer a.b.c",
                "Bearer ..",
                "Bearer eyJhbGciOiJub25lIn0.e30.",
                "Bearer " + sk.secret() + " extra",
                "Bearer " + Tokens.algNone("x"),
                "Bearer sk-" + "\u00e9".repeat(40),
                "Bearer dk-%00",
                "Bearer " + team.ownerToken().replace('.', ','),
                "Bearer\t" + sk.secret());
        for (String authorization : authorizations) {
            Call call = new Call("POST", "/api/v1/assets/upload-url", body, Map.of("Authorization", authorization));
            calls.add(authorization.contains("\u0000") ? call.refusedByTheCodec() : call);
        }
        List<String> teamIds = List.of(
                "",
                " ",
                "x",
                team.id() + "\u0000",
                "\u202e" + team.id(),
                "%00",
                team.id().toString().toUpperCase(),
                team.id() + "," + team.id(),
                "00000000-0000-0000-0000-000000000000",
                "x".repeat(5000),
                "' OR 1=1 --",
                "\t" + team.id());
        for (String teamId : teamIds) {
            Call call = new Call(
                    "POST",
                    "/api/v1/assets/upload-url",
                    body,
                    Map.of("Authorization", "Bearer " + team.ownerToken(), "X-Team-ID", teamId));
            calls.add(teamId.contains("\u0000") ? call.refusedByTheCodec() : call);
        }
        List<String> contentTypes = List.of(
                "text/plain",
                "application/xml",
                "application/json; charset=utf-16",
                "application/json; charset=nonsense",
                "multipart/form-data; boundary=x",
                "",
                "*/*",
                "application/json\u0000",
                "application/x-www-form-urlencoded");
        for (String contentType : contentTypes) {
            Call call = new Call(
                    "POST",
                    "/api/v1/assets/upload-url",
                    body,
                    Map.of("Authorization", "Bearer " + sk.secret(), "Content-Type", contentType));
            calls.add(contentType.contains("\u0000") ? call.refusedByTheCodec() : call);
        }
        calls.add(new Call("GET", "/api/v1/objects/download?objectKey=" + "a".repeat(70_000), null, Map.of())
                .refusedByTheCodec());
        calls.add(new Call("GET", "/api/v1/objects/download?objectKey=" + "a".repeat(10_000), null, Map.of()));
        calls.add(new Call(
                "GET",
                "/api/v1/teams",
                null,
                Map.of("Authorization", "Bearer " + sk.secret(), "X-Padding", "p".repeat(40_000))));
        calls.add(new Call(
                        "GET",
                        "/api/v1/teams",
                        null,
                        Map.of("Authorization", "Bearer " + sk.secret(), "X-Padding", "p".repeat(100_000)))
                .refusedByTheCodec());
        calls.add(new Call(
                        "GET",
                        "/api/v1/teams",
                        null,
                        Map.of("Authorization", "Bearer " + sk.secret(), "X-Bad", "a\u0001b"))
                .refusedByTheCodec());
        calls.add(new Call("GET", "/api/v1/teams", null, Map.of("Accept", "text/html")));
        calls.add(new Call("DELETE", "/api/v1/teams", null, Map.of("Authorization", "Bearer " + sk.secret())));
        calls.add(new Call("PATCH", "/api/v1/assets", body, Map.of("Authorization", "Bearer " + sk.secret())));
        calls.add(new Call("GET", "/api/v1/nothing/../../etc/passwd", null, Map.of()));
        calls.add(new Call("GET", "/api/v1/%2e%2e/%2e%2e/etc/passwd", null, Map.of()));
        calls.add(new Call("GET", "/api/v1/teams%00", null, Map.of()));
        return calls;
    }

    private RawHttp.Answer send(Call call) {
        StringBuilder head = new StringBuilder(call.method())
                .append(' ')
                .append(call.target())
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(app.getHost())
                .append(':')
                .append(app.getPort());
        boolean contentType = false;
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            head.append("\r\n").append(header.getKey()).append(": ").append(header.getValue());
            contentType |= header.getKey().equalsIgnoreCase("Content-Type");
        }
        byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0 && !contentType) {
            head.append("\r\nContent-Type: application/json");
        }
        return RawHttp.send(app.getPort(), head.toString(), body);
    }

    private static String uploadIdOf(String assetId) {
        return Db.string("SELECT upload_id FROM assets WHERE id = ?::uuid", assetId);
    }

    private static Operation op(
            String method,
            String path,
            Map<String, String> body,
            Map<String, String> query,
            Map<String, String> headers,
            boolean touchesObjects) {
        return new Operation(method, path, body, query, headers, touchesObjects);
    }

    private static Map<String, String> body(String... pairs) {
        return pairs(pairs);
    }

    private static Map<String, String> query(String... pairs) {
        return pairs(pairs);
    }

    private static Map<String, String> pairs(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String json(Map<String, String> body) {
        if (body == null) {
            return null;
        }
        StringBuilder json = new StringBuilder("{");
        body.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
        return json.append('}').toString();
    }

    private static String target(String path, Map<String, String> query) {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder target = new StringBuilder(path).append('?');
        query.forEach((name, value) -> target.append(target.charAt(target.length() - 1) == '?' ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return target.toString();
    }

    /** The query with every value encoded except {@code raw}'s, which is sent exactly as given. */
    private static String rawQuery(Map<String, String> query, String raw) {
        StringBuilder target = new StringBuilder();
        query.forEach((name, value) -> target.append(target.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(name.equals(raw) ? value : URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return target.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + ")" : s;
    }
}
