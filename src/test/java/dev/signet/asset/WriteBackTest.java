package dev.signet.asset;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code PATCH /assets/{id}}: what workers write back (reference 002's duration_seconds, and metadata). */
@QuarkusTest
class WriteBackTest {

    @Test
    void durationAndMetadataAreSetChangedAndCleared() {
        Api.Key key = Api.team(unique("writer")).mintKey("sk");
        String asset = Assets.ready(key.secret(), "v.mp4", "video/mp4", Http.bytes(100), null)
                .getString("id");
        as(key.secret())
                .get("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", nullValue())
                .body("metadata", nullValue());

        // ffprobe's string, rounded to the column's millisecond; a JSON number; metadata as given
        as(key.secret())
                .body("{\"duration_seconds\":\"5.005333\",\"metadata\":{\"width\":1920,\"tags\":[\"a\",{\"b\":null}]}}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", equalTo("5.005"))
                .body("metadata.width", equalTo(1920))
                .body("metadata.tags[1].b", nullValue());
        as(key.secret())
                .get("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", equalTo("5.005"))
                .body("metadata.tags[0]", equalTo("a"));
        as(key.secret())
                .body("{\"duration_seconds\":0}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", equalTo("0.000"))
                .body("metadata.width", equalTo(1920));
        as(key.secret())
                .body("{\"duration_seconds\":null,\"metadata\":null}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", nullValue())
                .body("metadata", nullValue());
        assertEquals(
                3,
                Db.count(
                        "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.updated'",
                        asset));
        // reference 002's listing shows it too
        as(key.secret())
                .body("{\"duration_seconds\":324.412}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200);
        as(key.secret())
                .get("/api/v1/assets?state=ready")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + asset + "' }.duration_seconds", equalTo("324.412"));
    }

    @Test
    void metadataNumbersKeepEveryDigitTheyWereSentWith() {
        Api.Key key = Api.team(unique("digits")).mintKey("sk");
        String asset = Assets.ready(key.secret(), "d.mp4", "video/mp4", Http.bytes(10), null)
                .getString("id");
        String metadata = "{\"big\":123456789012345678901234567890,\"price\":19.90,"
                + "\"ratio\":0.1000000000000000055511151231257827,\"small\":0.000001}";
        String patched = as(key.secret())
                .body("{\"duration_seconds\":12.5,\"metadata\":" + metadata + "}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String read = as(key.secret())
                .get("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String answer : new String[] {patched.replace(" ", ""), read.replace(" ", "")}) { // jsonb's spacing
            assertTrue(answer.contains("\"metadata\":" + metadata), answer);
            assertTrue(answer.contains("\"duration_seconds\":\"12.500\""), answer);
        }
    }

    static Api.Key badWriter;
    static String badWriterAsset;

    static Stream<Arguments> badValues() {
        String deep = "{\"a\":".repeat(8) + "1" + "}".repeat(8);
        return Stream.of(
                Arguments.of("{}", "body: set duration_seconds or metadata"),
                Arguments.of("[]", "body: must be a JSON object"),
                Arguments.of("{\"duration_seconds\":-1}", "duration_seconds: must not be negative"),
                Arguments.of("{\"duration_seconds\":\"-1\"}", "duration_seconds: must be a non-negative decimal"),
                Arguments.of("{\"duration_seconds\":\"1e3\"}", "duration_seconds: must be a non-negative decimal"),
                Arguments.of("{\"duration_seconds\":\"NaN\"}", "duration_seconds: must be a non-negative decimal"),
                Arguments.of("{\"duration_seconds\":true}", "duration_seconds: must be a non-negative decimal"),
                Arguments.of("{\"duration_seconds\":1e300}", "duration_seconds: must be at most 99999999999.999"),
                Arguments.of("{\"metadata\":[1]}", "metadata: must be a JSON object"),
                Arguments.of("{\"metadata\":\"x\"}", "metadata: must be a JSON object"),
                Arguments.of(
                        "{\"metadata\":{\"a\":\"" + "x".repeat(4100) + "\"}}", "metadata: must be at most 4096 bytes"),
                Arguments.of("{\"metadata\":{\"a\":\"\\u0000\"}}", "metadata: strings must not contain NUL"),
                Arguments.of("{\"metadata\":{\"a\\u0000\":1}}", "metadata: keys must not contain NUL"),
                Arguments.of(
                        "{\"metadata\":" + "{\"a\":".repeat(8) + deep + "}".repeat(8) + "}",
                        "metadata: must not nest deeper"),
                Arguments.of("{\"metadata\":{\"a\":1e400}}", "metadata: numbers must be at most 100 characters"),
                Arguments.of("{\"metadata\":{\"a\":1e-100}}", "metadata: numbers must be at most 100 characters"),
                Arguments.of("{\"metadata\":{\"a\":" + "9".repeat(101) + "}}", "metadata: numbers must be at most"),
                Arguments.of("{\"duration\":3}", "duration: unknown field"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badValues")
    void badValuesAreRefusedNamingTheFieldAndChangeNothing(String body, String message) {
        if (badWriter == null) {
            badWriter = Api.team(unique("bad-writer")).mintKey("sk");
            badWriterAsset = Assets.ready(badWriter.secret(), "b.mp4", "video/mp4", Http.bytes(10), null)
                    .getString("id");
        }
        String before = Db.fingerprint();
        var answer = as(badWriter.secret())
                .body(body)
                .patch("/api/v1/assets/" + badWriterAsset)
                .then()
                .extract();
        String seen = body + " -> " + answer.statusCode() + " " + answer.asString();
        assertEquals(400, answer.statusCode(), seen);
        assertEquals("invalid_request", answer.path("detail.code"), seen);
        assertTrue(answer.<String>path("detail.message").startsWith(message), seen);
        assertEquals(before, Db.fingerprint());
    }

    @Test
    void onlyFullKeysAdminsAndOwnersWriteBackAndOnlyToTheirTeamsPendingOrReadyAssets() {
        Api.Team team = Api.team(unique("wb-team"));
        Api.Key sk = team.mintKey("sk");
        String admin = unique("wb-admin");
        String member = unique("wb-member");
        team.addMember(admin, "admin");
        team.addMember(member, "member");
        String asset = Assets.ready(sk.secret(), "a.mp4", "video/mp4", Http.bytes(10), null)
                .getString("id");
        String body = "{\"duration_seconds\":1}";
        as(team.mintKey("dk").secret())
                .body(body)
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(403)
                .body("detail.message", equalTo("Download-only (dk-) API keys can only create download URLs."));
        as(Tokens.user(member), team.id())
                .body(body)
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(403);
        as(Tokens.user(admin), team.id())
                .body(body)
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200);
        as(team.ownerToken(), team.id())
                .body("{\"duration_seconds\":2}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200)
                .body("duration_seconds", equalTo("2.000"));
        Api.Key other = Api.team(unique("wb-other")).mintKey("sk");
        as(other.secret())
                .body(body)
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(404)
                .body("detail.message", equalTo("Asset not found."));
        as(sk.secret())
                .body(body)
                .patch("/api/v1/assets/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(404);

        // a pending upload can be written to; a deleted asset cannot
        String pending = as(sk.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        as(sk.secret())
                .body("{\"metadata\":{\"source\":\"camera-1\"}}")
                .patch("/api/v1/assets/" + pending)
                .then()
                .statusCode(200)
                .body("state", equalTo("pending_upload"))
                .body("metadata.source", equalTo("camera-1"));
        as(sk.secret()).delete("/api/v1/assets/" + asset).then().statusCode(204);
        as(sk.secret())
                .body("{\"duration_seconds\":3}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("asset_not_writable"));
    }
}
