package dev.signet.usage;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reference 004: GET /objects/storage-usage over the active team's ready assets. */
@QuarkusTest
class StorageUsageTest {

    private static JsonPath usage(String token, Api.Team team, String createdBy) {
        var request = as(token, team.id());
        if (createdBy != null) {
            request.queryParam("createdBy", createdBy);
        }
        return request.get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void figuresEqualTheReadyAssetsAfterUploadsConfirmsAndDeletes() {
        Api.Team team = Api.team(unique("owner"));
        String member = unique("member");
        team.addMember(member, "member");
        String memberToken = Tokens.user(member);
        String workflow = as(team.ownerToken(), team.id())
                .body("{\"name\":\"Render\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String wf = "\"workflow_id\":\"" + workflow + "\"";

        Assets.ready(team.ownerToken(), team.id(), "a.bin", "application/octet-stream", Http.bytes(100), null);
        var inWf = Assets.ready(team.ownerToken(), team.id(), "b.bin", "application/octet-stream", Http.bytes(200), wf);
        Assets.ready(
                memberToken,
                team.id(),
                "c.bin",
                "application/octet-stream",
                Http.bytes(300),
                wf + ",\"kind\":\"output\"");
        var deleted =
                Assets.ready(team.ownerToken(), team.id(), "d.bin", "application/octet-stream", Http.bytes(400), wf);
        // pending and deleted assets do not count
        as(team.ownerToken(), team.id())
                .body("{\"type\":\"data\",\"file_size\":50}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201);
        as(team.ownerToken(), team.id())
                .delete("/api/v1/assets/" + deleted.getString("id"))
                .then()
                .statusCode(204);

        JsonPath all = usage(team.ownerToken(), team, null);
        assertEquals(team.id().toString(), all.getString("orgKey"));
        assertEquals(600, all.getLong("totalBytes"));
        assertEquals(300, all.getLong("inputBytes"));
        assertEquals(300, all.getLong("outputBytes"));
        assertEquals(3, all.getLong("fileCount"));
        assertEquals(
                List.of(Map.of("workflowId", workflow, "workflowName", "Render", "bytes", 500, "fileCount", 2)),
                all.getList("breakdown"));
        assertEquals(
                Db.count(
                        "SELECT coalesce(sum(size_bytes), 0) FROM assets WHERE team_id = ? AND state = 'ready'",
                        team.id()),
                all.getLong("totalBytes"));
        assertEquals(
                Db.count("SELECT count(*) FROM assets WHERE team_id = ? AND state = 'ready'", team.id()),
                all.getLong("fileCount"));

        JsonPath mine = usage(team.ownerToken(), team, member);
        assertEquals(300, mine.getLong("totalBytes"));
        assertEquals(1, mine.getLong("fileCount"));
        assertEquals(0, usage(team.ownerToken(), team, inWf.getString("id")).getLong("fileCount"));
        usage(memberToken, team, null);
        as(memberToken, team.id())
                .queryParam("createdBy", team.owner())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(403);
        assertEquals(600, usage(Tokens.platformAdmin(unique("ops")), team, null).getLong("totalBytes"));
    }

    @Test
    void anotherTeamSeesNothing() {
        Api.Team a = Api.team(unique("a"));
        Assets.ready(a.mintKey("sk").secret(), "a.bin", "application/octet-stream", Http.bytes(123), null);
        Api.Team b = Api.team(unique("b"));
        JsonPath theirs = usage(b.ownerToken(), b, null);
        assertEquals(0, theirs.getLong("totalBytes"));
        assertEquals(0, theirs.getLong("fileCount"));
        as(b.ownerToken(), b.id()).get("/api/v1/objects/storage-usage").then().body("breakdown", empty());
        as(b.ownerToken(), a.id()).get("/api/v1/objects/storage-usage").then().statusCode(403);
        as(b.mintKey("sk").secret(), a.id())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .body("orgKey", equalTo(b.id().toString()))
                .body("totalBytes", equalTo(0));
        as(a.mintKey("dk").secret()).get("/api/v1/objects/storage-usage").then().statusCode(403);
        as(a.ownerToken())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("missing_team_id"));
    }
}
