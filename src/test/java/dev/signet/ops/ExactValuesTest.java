package dev.signet.ops;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Every enum, id and closed-set value of every endpoint, in bodies, query parameters, path parameters and the
 * X-Team-ID header, is taken only when it is exactly a valid value: padded with NUL or whitespace, in another
 * case, given as a number or empty, it is a 400 that names the field and creates nothing (no row, no object, no
 * multipart upload). Requests go out as raw bytes, so what is tested is what the server got.
 *
 * <p>Values are templates: {@code {team}}, {@code {workflow}}, {@code {asset}}, {@code {key}}, {@code {webhook}},
 * {@code {event}} and {@code {object_key}} are the scene's, filled in when the case runs.
 */
@QuarkusTest
class ExactValuesTest {

    @TestHTTPResource("/")
    URL app;

    @Inject
    S3AsyncClient s3;

    @ConfigProperty(name = "signet.storage.bucket")
    String bucket;

    static Map<String, String> scene;
    static String token;

    /** One request: where the bad value goes, and the field the 400 must name. */
    record Case(String name, String method, String target, String body, String teamHeader, String field) {

        Case(String name, String method, String target, String body, String field) {
            this(name, method, target, body, "{team}", field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String UPLOAD_URL =
            "{\"type\":\"data\",\"content_type\":\"application/octet-stream\",\"file_size\":10,%s}";
    private static final String MULTIPART =
            "{\"type\":\"data\",\"content_type\":\"application/octet-stream\",\"file_size\":20971520,%s}";
    private static final String HOOK_URL = "http://127.0.0.1:9/exact-values";

    /** A JSON value (as it appears in the body) that is not exactly {@code valid}. */
    static List<String> notExactly(String valid) {
        List<String> values = new ArrayList<>(List.of(
                valid + "\\u0000",
                "\\u0000" + valid,
                valid + "\\u0000\\u0000",
                " " + valid,
                valid + " ",
                valid + "\\t",
                "\\t" + valid,
                valid + "\\n",
                valid + "\\r",
                valid + "\\u000b",
                valid + "\\u00a0",
                valid + "\\u200b",
                valid.toUpperCase(Locale.ROOT),
                valid.substring(0, 1).toUpperCase(Locale.ROOT) + valid.substring(1),
                "",
                " ",
                "\\u0000",
                "0"));
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.toCollection(ArrayList::new));
    }

    static List<String> notExactlyEnum(String valid) {
        List<String> values = notExactly(valid);
        values.add("0");
        values.add("1");
        values.add("true");
        values.add("[\"" + valid + "\"]");
        return values;
    }

    /** JSON values that are not exactly the UUID {@code {asset}}-like template {@code valid}. */
    static List<String> notExactlyUuid(String valid) {
        List<String> values = new ArrayList<>();
        for (String v : uuidVariants(valid, false)) {
            values.add("\"" + v + "\"");
        }
        values.add("7");
        values.add("\"\"");
        values.add("\" \"");
        values.add("\"\\u0000\"");
        values.add("{}");
        return values;
    }

    /**
     * A UUID (a template such as {@code {asset}}) padded, wrapped or spelled in a form {@link java.util.UUID#fromString} or
     * Jackson would take; {@code percent}: for a URL (path or query), else for JSON.
     */
    static List<String> uuidVariants(String valid, boolean percent) {
        String nul = percent ? "%00" : "\\u0000";
        String tab = percent ? "%09" : "\\t";
        String space = percent ? "%20" : " ";
        String open = percent ? "%7B" : "{";
        String close = percent ? "%7D" : "}";
        return List.of(
                valid + nul,
                nul + valid,
                valid + space,
                space + valid,
                valid + tab,
                tab + valid,
                open + valid + close,
                "urn:uuid:" + valid,
                "{nodash:" + valid + "}",
                "{plus:" + valid + "}",
                "0-0-0-0-0",
                "00000000-0000-0000-0000-00000000000g");
    }

    static Stream<Case> refused() {
        List<Case> cases = new ArrayList<>();
        // bodies: enums
        body(cases, "POST", "/api/v1/assets/upload-url", UPLOAD_URL, "kind", notExactlyEnum("input"));
        body(
                cases,
                "POST",
                "/api/v1/assets/upload-url",
                UPLOAD_URL.replace("\"type\":\"data\",", ""),
                "type",
                notExactly("data"));
        body(cases, "POST", "/api/v1/assets/multipart", MULTIPART, "kind", notExactlyEnum("output"));
        body(cases, "POST", "/api/v1/assets/multipart", MULTIPART, "checksum_algorithm", notExactlyEnum("sha256"));
        body(
                cases,
                "POST",
                "/api/v1/assets/multipart",
                MULTIPART.replace("\"type\":\"data\",", ""),
                "type",
                notExactly("data"));
        body(cases, "POST", "/api/v1/api-keys", "{\"name\":\"k\",%s}", "kind", notExactlyEnum("dk"));
        body(
                cases,
                "POST",
                "/api/v1/teams/{team}/members",
                "{\"user_id\":\"exact-member\",%s}",
                "role",
                notExactlyEnum("member"));
        for (String value : notExactlyEnum("asset.ready")) {
            cases.add(new Case(
                    "POST /webhooks events[0]=" + value,
                    "POST",
                    "/api/v1/webhooks",
                    "{\"url\":\"" + HOOK_URL + "\",\"events\":[" + value + "]}",
                    "events[0]"));
            cases.add(new Case(
                    "PATCH /webhooks/{id} events[1]=" + value,
                    "PATCH",
                    "/api/v1/webhooks/{webhook}",
                    "{\"events\":[\"asset.failed\"," + value + "]}",
                    "events[1]"));
        }
        // bodies: ids
        body(cases, "POST", "/api/v1/assets/upload-url", UPLOAD_URL, "workflow_id", notExactlyUuid("{workflow}"));
        body(cases, "POST", "/api/v1/assets/multipart", MULTIPART, "workflow_id", notExactlyUuid("{workflow}"));
        body(cases, "POST", "/api/v1/webhooks/{webhook}/deliveries", "{%s}", "event_id", notExactlyUuid("{event}"));
        // query parameters
        for (String[] closed : new String[][] {{"kind", "input"}, {"state", "ready"}}) {
            for (String value : percentVariants(closed[1])) {
                cases.add(new Case(
                        "GET /assets?" + closed[0] + "=" + value,
                        "GET",
                        "/api/v1/assets?" + closed[0] + "=" + value,
                        null,
                        closed[0]));
            }
        }
        for (String value : uuidVariants("{workflow}", true)) {
            cases.add(new Case(
                    "GET /assets?workflow_id=" + value,
                    "GET",
                    "/api/v1/assets?workflow_id=" + value,
                    null,
                    "workflow_id"));
        }
        for (String[] closed : new String[][] {{"type", "inline"}, {"redirect", "false"}}) {
            for (String value : percentVariants(closed[1])) {
                cases.add(new Case(
                        "GET /objects/download?" + closed[0] + "=" + value,
                        "GET",
                        "/api/v1/objects/download?objectKey={object_key}&" + closed[0] + "=" + value,
                        null,
                        closed[0]));
            }
        }
        // path parameters
        String[][] paths = {
            {"GET", "/api/v1/assets/%s", null, "{asset}", "id"},
            {"DELETE", "/api/v1/assets/%s", null, "{asset}", "id"},
            {"POST", "/api/v1/assets/%s/confirm", null, "{asset}", "id"},
            {"PATCH", "/api/v1/assets/%s", "{\"duration_seconds\":12.5}", "{asset}", "id"},
            {"GET", "/api/v1/assets/%s/multipart/parts", null, "{asset}", "id"},
            {"DELETE", "/api/v1/api-keys/%s", null, "{key}", "key_id"},
            {"GET", "/api/v1/webhooks/%s", null, "{webhook}", "webhook_id"},
            {"PATCH", "/api/v1/webhooks/%s", "{\"enabled\":false}", "{webhook}", "webhook_id"},
            {"DELETE", "/api/v1/webhooks/%s", null, "{webhook}", "webhook_id"},
            {"POST", "/api/v1/webhooks/%s/deliveries", "{\"event_id\":\"{event}\"}", "{webhook}", "webhook_id"},
            {"GET", "/api/v1/teams/%s/members", null, "{team}", "team_id"},
            {"POST", "/api/v1/teams/%s/members", "{\"user_id\":\"exact-member\"}", "{team}", "team_id"},
        };
        for (String[] path : paths) {
            for (String value : uuidVariants(path[3], true)) {
                String target = path[1].formatted(value);
                // NUL is refused at the edge, before routing, as part of the path
                String field = value.contains("%00") ? "path" : path[4];
                cases.add(new Case(path[0] + " " + target, path[0], target, path[2], field));
            }
        }
        // the X-Team-ID header (NUL is refused by the HTTP codec itself: see HostileInputTest)
        for (String value : List.of(
                "{team}\u000b",
                "{team}\u007f",
                "{{team}}",
                "urn:uuid:{team}",
                "{nodash:{team}}",
                "{plus:{team}}",
                "0-0-0-0-0",
                "{team}x")) {
            cases.add(new Case(
                    "POST /api-keys X-Team-ID: "
                            + value.replace("\u000b", "\\v").replace("\u007f", "\\x7f"),
                    "POST",
                    "/api/v1/api-keys",
                    "{\"name\":\"k\",\"kind\":\"dk\"}",
                    value,
                    "X-Team-ID"));
        }
        return cases.stream();
    }

    private static void body(
            List<Case> cases, String method, String path, String template, String field, List<String> values) {
        for (String value : values) {
            String body = template.formatted("\"" + field + "\":" + value);
            cases.add(new Case(method + " " + path + " " + field + "=" + value, method, path, body, field));
        }
    }

    /** A closed-set word for a URL, padded or in another case. */
    static List<String> percentVariants(String valid) {
        return List.of(
                valid + "%00",
                "%00" + valid,
                valid + "%20",
                "%20" + valid,
                valid + "%09",
                "%09" + valid,
                valid + "+",
                valid + "%C2%A0",
                valid.toUpperCase(Locale.ROOT),
                valid.substring(0, 1).toUpperCase(Locale.ROOT) + valid.substring(1),
                "",
                "0");
    }

    @BeforeEach
    void scene() {
        if (scene != null) {
            return;
        }
        Api.Team team = Api.team(unique("exact"));
        token = team.ownerToken();
        Api.Key key = team.mintKey("dk");
        String workflow = as(token, team.id())
                .body("{\"name\":\"exact values\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath asset =
                Assets.ready(token, team.id(), "exact.bin", "application/octet-stream", new byte[] {1, 2, 3}, null);
        String event = Db.string(
                "SELECT id::text FROM asset_events WHERE asset_id = ?::uuid ORDER BY seq DESC LIMIT 1",
                asset.getString("id"));
        String webhook = as(token, team.id())
                .body("{\"url\":\"" + HOOK_URL + "\",\"events\":[\"asset.expired\"]}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        scene = Map.of(
                "team", team.id().toString(),
                "workflow", workflow,
                "asset", asset.getString("id"),
                "key", key.id().toString(),
                "webhook", webhook,
                "event", event,
                "object_key", asset.getString("object_key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aValueThatIsNotExactlyValidIsRefusedNamingTheFieldAndChangesNothing(Case c) {
        String before = state();
        RawHttp.Answer answer = send(c.method(), fill(c.target()), fill(c.body()), fill(c.teamHeader()));
        assertEquals(400, answer.status(), c + " → " + answer.body());
        if (c.teamHeader().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            // a control character in a header: the HTTP codec refuses it itself, before Signet (see HostileInputTest)
            assertEquals(before, state(), c + ": the refused request changed something");
            return;
        }
        JsonPath error = JsonPath.from(answer.body());
        String code = error.getString("detail.code");
        String message = error.getString("detail.message");
        if (c.field().equals("X-Team-ID")) {
            assertTrue(message.contains("X-Team-ID"), c + " → " + answer.body());
        } else {
            assertEquals("invalid_request", code, c + " → " + answer.body());
            assertTrue(message.startsWith(c.field() + ": "), c + " → " + answer.body());
        }
        assertEquals(before, state(), c + ": the refused request changed something");
    }

    static Stream<Case> taken() {
        return Stream.of(
                new Case(
                        "upload-url kind and workflow_id",
                        "POST",
                        "/api/v1/assets/upload-url",
                        UPLOAD_URL.formatted("\"kind\":\"output\",\"workflow_id\":\"{workflow}\""),
                        "201"),
                new Case(
                        "upload-url workflow_id in upper case (RFC 9562: hex digits are read in either case)",
                        "POST",
                        "/api/v1/assets/upload-url",
                        UPLOAD_URL.formatted("\"workflow_id\":\"{upper:{workflow}}\""),
                        "201"),
                new Case(
                        "multipart kind and checksum_algorithm",
                        "POST",
                        "/api/v1/assets/multipart",
                        MULTIPART.formatted("\"kind\":\"input\",\"checksum_algorithm\":\"sha256\""),
                        "201"),
                new Case("api-keys kind", "POST", "/api/v1/api-keys", "{\"name\":\"k\",\"kind\":\"sk\"}", "201"),
                new Case(
                        "members role",
                        "POST",
                        "/api/v1/teams/{team}/members",
                        "{\"user_id\":\"exact-admin\",\"role\":\"admin\"}",
                        "201"),
                new Case(
                        "webhooks events",
                        "POST",
                        "/api/v1/webhooks",
                        "{\"url\":\"" + HOOK_URL + "\",\"events\":[\"asset.ready\",\"asset.updated\"]}",
                        "201"),
                new Case(
                        "assets query",
                        "GET",
                        "/api/v1/assets?kind=input&state=ready&workflow_id={workflow}",
                        null,
                        "200"),
                new Case("asset id in upper case", "GET", "/api/v1/assets/{upper:{asset}}", null, "200"),
                new Case(
                        "download query",
                        "GET",
                        "/api/v1/objects/download?objectKey={object_key}&type=inline&redirect=false",
                        null,
                        "200"),
                new Case(
                        "X-Team-ID with optional whitespace around it (RFC 9110 5.5: not part of the value)",
                        "GET",
                        "/api/v1/api-keys",
                        null,
                        " \t{team} \t",
                        "200"),
                new Case("X-Team-ID in upper case", "GET", "/api/v1/api-keys", null, "{upper:{team}}", "200"));
    }

    /** The controls: the exact values are taken (here {@code field} is the status expected). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("taken")
    void exactValuesAreTaken(Case c) {
        RawHttp.Answer answer = send(c.method(), fill(c.target()), fill(c.body()), fill(c.teamHeader()));
        assertEquals(Integer.parseInt(c.field()), answer.status(), c + " → " + answer.body());
    }

    /**
     * Rows, the team's objects and unfinished multipart uploads (every key a request of the scene can make starts
     * with its team's id: listing only those keeps 450 cases quick), and whether the scene's webhook is enabled.
     */
    private String state() {
        String prefix = scene.get("team") + "/";
        String stored = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).join().contents().stream()
                .map(o -> o.key() + " " + o.size() + " " + o.eTag())
                .sorted()
                .collect(Collectors.joining(","));
        String uploads = s3.listMultipartUploads(r -> r.bucket(bucket).prefix(prefix)).join().uploads().stream()
                .map(u -> u.key() + " " + u.uploadId())
                .sorted()
                .collect(Collectors.joining(","));
        String webhook = Db.string("SELECT state FROM webhooks WHERE id = ?::uuid", scene.get("webhook"));
        return Db.fingerprint() + "\n" + stored + "\n" + uploads + "\n" + webhook;
    }

    /** Fills the scene into a template; {@code {nodash:x}}, {@code {plus:x}} and {@code {upper:x}} respell x. */
    private static String fill(String template) {
        if (template == null) {
            return null;
        }
        String filled = template;
        for (Map.Entry<String, String> value : scene.entrySet()) {
            String uuid = value.getValue();
            filled = filled.replace("{nodash:{" + value.getKey() + "}}", uuid.replace("-", ""))
                    .replace("{upper:{" + value.getKey() + "}}", uuid.toUpperCase(Locale.ROOT))
                    .replace("{plus:{" + value.getKey() + "}}", "+" + uuid.substring(1))
                    .replace("{" + value.getKey() + "}", uuid);
        }
        return filled;
    }

    private RawHttp.Answer send(String method, String target, String body, String teamHeader) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: " + app.getHost() + ":" + app.getPort()
                + "\r\nAuthorization: Bearer " + token
                + "\r\nX-Team-ID: " + teamHeader
                + (body == null ? "" : "\r\nContent-Type: application/json");
        return RawHttp.send(app.getPort(), head, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }
}
