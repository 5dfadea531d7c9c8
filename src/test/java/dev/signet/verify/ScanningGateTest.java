package dev.signet.verify;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Samples;
import dev.signet.support.Storage;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scanning gate (issue 21) on real storage and PostgreSQL: with it on, nothing is served before a clean verdict. */
@QuarkusTest
class ScanningGateTest {

    @Inject
    Storage objects;

    @Inject
    UploadSweeper sweeper;

    Api.Team team;
    Api.Key sk;
    Api.Key vk;
    String workflow;

    @BeforeEach
    void gatedTeam() {
        team = Api.team(unique("gated"));
        setScanning(team, "true").then().statusCode(200).body("enabled", org.hamcrest.Matchers.is(true));
        sk = team.mintKey("sk");
        vk = team.mintKey("vk");
        assertTrue(vk.secret().startsWith("vk-"), vk.secret());
        workflow = as(sk.secret())
                .body("{\"name\":\"gate\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Response setScanning(Api.Team team, String enabled) {
        return as(Tokens.platformAdmin(unique("root")), team.id())
                .body("{\"enabled\":" + enabled + "}")
                .put("/api/v1/teams/" + team.id() + "/scanning");
    }

    /** An upload confirmed behind the gate: scanning. */
    JsonPath scanning(String name, byte[] bytes) {
        JsonPath created = as(sk.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"" + name + "\",\"file_size\":"
                        + bytes.length + ",\"workflow_id\":\"" + workflow + "\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        Map<String, String> headers = created.getMap("upload.headers");
        assertEquals(
                200, Http.put(created.getString("upload.url"), headers, bytes).statusCode());
        JsonPath confirmed = as(sk.secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("scanning", confirmed.getString("state"));
        return confirmed;
    }

    long events(String id, String type) {
        return Db.count("SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = ?", id, type);
    }

    /** Every download path: signed URL (000), workflow URI (001), public redirect (004). */
    void everyDownloadRefuses(String key, String name, int status, String code) {
        String path = key.substring(team.id().toString().length() + 1);
        List<Response> answers = List.of(
                as(sk.secret()).body("{\"object_path\":\"" + path + "\"}").post("/api/v1/inference/assets/signed-url"),
                as(sk.secret())
                        .body("{\"resource_uri\":\"workflow://" + workflow + "/uploads/" + name + "\"}")
                        .post("/api/v1/workflows/download-url"),
                RestAssured.given()
                        .config(RestAssuredConfig.config()
                                .redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                        .queryParam("objectKey", key)
                        .get("/api/v1/objects/download"));
        for (Response answer : answers) {
            assertEquals(status, answer.statusCode(), answer.asString());
            assertEquals(code, answer.jsonPath().getString("detail.code"), answer.asString());
            if (status == 409) {
                assertEquals("60", answer.getHeader("Retry-After"));
            }
        }
    }

    @Test
    void aScanningAssetIsRefusedByEveryDownloadPathUntilItsCleanVerdict() {
        JsonPath asset = scanning("clean.txt", "clean words".getBytes());
        String id = asset.getString("id");
        String key = asset.getString("object_key");
        assertEquals(1, events(id, "asset.scanning"));
        everyDownloadRefuses(key, "clean.txt", 409, "asset_scanning");
        // confirming again answers it as it is
        as(sk.secret()).post("/api/v1/assets/" + id + "/confirm").then().statusCode(200);

        // the scanner lists it, fetches it, judges it
        JsonPath listed = as(vk.secret())
                .get("/api/v1/scans")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(id), listed.getList("items.id"));
        String url = as(vk.secret())
                .post("/api/v1/assets/" + id + "/scan-url")
                .then()
                .statusCode(200)
                .extract()
                .path("url");
        assertEquals("clean words", new String(Http.get(url).body()));
        as(vk.secret())
                .body("{\"verdict\":\"clean\",\"detail\":\"OK\"}")
                .post("/api/v1/assets/" + id + "/verdict")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.is("ready"));
        assertEquals(1, events(id, "asset.ready"));
        // now every path serves it
        String path = key.substring(team.id().toString().length() + 1);
        as(sk.secret())
                .body("{\"object_path\":\"" + path + "\"}")
                .post("/api/v1/inference/assets/signed-url")
                .then()
                .statusCode(200);
        as(sk.secret())
                .body("{\"resource_uri\":\"workflow://" + workflow + "/uploads/clean.txt\"}")
                .post("/api/v1/workflows/download-url")
                .then()
                .statusCode(200);
        // a second verdict changes nothing
        Response again = as(vk.secret()).body("{\"verdict\":\"infected\"}").post("/api/v1/assets/" + id + "/verdict");
        assertEquals(409, again.statusCode(), again.asString());
        assertEquals("invalid_state", again.jsonPath().getString("detail.code"));
        assertNotNull(objects.head(key));
    }

    @Test
    void anInfectedVerdictQuarantinesForGood() {
        JsonPath asset = scanning("eicar.txt", Samples.eicar());
        String id = asset.getString("id");
        String key = asset.getString("object_key");
        as(vk.secret())
                .body("{\"verdict\":\"infected\",\"detail\":\"Eicar-Test-Signature\"}")
                .post("/api/v1/assets/" + id + "/verdict")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.is("quarantined"));
        assertNull(objects.head(key), "signet.scanning.quarantine=delete: the object is gone");
        assertEquals(1, events(id, "asset.quarantined"));
        assertEquals(
                "Eicar-Test-Signature",
                Db.string(
                        "SELECT asset->>'scan_detail' FROM asset_events WHERE asset_id = ?::uuid "
                                + "AND type = 'asset.quarantined'",
                        id));
        everyDownloadRefuses(key, "eicar.txt", 404, "not_found");
        Response url = as(vk.secret()).post("/api/v1/assets/" + id + "/scan-url");
        assertEquals(409, url.statusCode(), url.asString());
    }

    @Test
    void onlyTheScannerKeyFetchesOrJudgesAndBadVerdictsChangeNothing() {
        JsonPath asset = scanning("x.txt", "x".getBytes());
        String id = asset.getString("id");
        Api.Key otherVk = Api.team(unique("other")).mintKey("vk");
        Api.Key dk = team.mintKey("dk");
        String before = Db.snapshot();
        // another team's scanner key: not found
        assertEquals(
                404,
                as(otherVk.secret()).post("/api/v1/assets/" + id + "/scan-url").statusCode());
        assertEquals(
                404,
                as(otherVk.secret())
                        .body("{\"verdict\":\"clean\"}")
                        .post("/api/v1/assets/" + id + "/verdict")
                        .statusCode());
        // people and other keys: forbidden
        for (var caller : List.of(as(sk.secret()), as(dk.secret()), as(team.ownerToken(), team.id()))) {
            Response refused = caller.body("{\"verdict\":\"clean\"}").post("/api/v1/assets/" + id + "/verdict");
            assertEquals(403, refused.statusCode(), refused.asString());
            assertEquals("forbidden", refused.jsonPath().getString("detail.code"));
        }
        assertEquals(
                403, as(sk.secret()).post("/api/v1/assets/" + id + "/scan-url").statusCode());
        // junk
        for (String body :
                List.of("{}", "{\"verdict\":\"maybe\"}", "{\"verdict\":1}", "[]", "{\"verdict\":\"Clean\"}")) {
            Response bad = as(vk.secret()).body(body).post("/api/v1/assets/" + id + "/verdict");
            assertEquals(400, bad.statusCode(), body + " " + bad.asString());
            assertTrue(bad.asString().contains("\"detail\""));
        }
        assertEquals(
                400,
                as(vk.secret())
                        .body("{\"verdict\":\"clean\"}")
                        .post("/api/v1/assets/nope/verdict")
                        .statusCode());
        assertEquals(before, Db.snapshot(), "nothing changed");
        // the scanner key can do nothing else
        assertEquals(403, as(vk.secret()).get("/api/v1/assets").statusCode());
        assertEquals(403, as(vk.secret()).get("/api/v1/teams").statusCode());
    }

    @Test
    void anUnansweredScanIsReportedOnceAndNeverReleased() {
        JsonPath asset = scanning("slow.txt", "slow".getBytes());
        String id = asset.getString("id");
        Db.update("UPDATE assets SET scanning_since = now() - interval '31 minutes' WHERE id = ?::uuid", id);
        sweeper.sweep().await().indefinitely();
        sweeper.sweep().await().indefinitely();
        assertEquals(1, events(id, "asset.scan_overdue"));
        as(sk.secret())
                .get("/api/v1/assets/" + id)
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.is("scanning"));
        everyDownloadRefuses(asset.getString("object_key"), "slow.txt", 409, "asset_scanning");
    }

    @Test
    void scanningCountsAsReservedUnderTheQuotaAndNotAsUsage() {
        scanning("q.txt", "12345".getBytes());
        assertEquals(
                "0 0 5 1",
                Db.string(
                        "SELECT used_bytes || ' ' || used_files || ' ' || reserved_bytes || ' ' || reserved_files "
                                + "FROM team_quotas WHERE team_id = ?::uuid",
                        team.id().toString()));
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM team_quota_reconcile(?::uuid)",
                        team.id().toString()),
                "no drift");
    }

    @Test
    void theTeamSettingFollowsTheDefaultWhenNull() {
        setScanning(team, "null")
                .then()
                .statusCode(200)
                .body("enabled", org.hamcrest.Matchers.is(false))
                .body("team_setting", org.hamcrest.Matchers.nullValue());
        String id = as(sk.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":1}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        assertEquals(400, setScanning(team, "\"yes\"").statusCode());
        assertNotNull(id);
    }

    @Test
    void ownersReadTheGateOthersCannot() {
        as(team.ownerToken())
                .get("/api/v1/teams/" + team.id() + "/scanning")
                .then()
                .statusCode(200)
                .body("enabled", org.hamcrest.Matchers.is(true))
                .body("team_setting", org.hamcrest.Matchers.is(true))
                .body("deployment_default", org.hamcrest.Matchers.is(false));
        Api.Team other = Api.team(unique("other"));
        as(other.ownerToken())
                .get("/api/v1/teams/" + team.id() + "/scanning")
                .then()
                .statusCode(404);
        as(sk.secret()).get("/api/v1/teams/" + team.id() + "/scanning").then().statusCode(403);
    }
}
