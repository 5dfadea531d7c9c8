package dev.signet.workflow;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WorkflowResourceTest {

    @Test
    void teamsCreateAndListTheirOwnWorkflows() {
        Api.Team a = Api.team(unique("a"));
        Api.Team b = Api.team(unique("b"));
        String id = as(a.ownerToken(), a.id())
                .body("{\"name\":\"Identity resolution\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .body("name", equalTo("Identity resolution"))
                .body("artifact_prefix", containsString(a.id() + "/workflows/"))
                .extract()
                .path("id");
        as(a.ownerToken(), a.id())
                .get("/api/v1/workflows")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        as(b.ownerToken(), b.id())
                .get("/api/v1/workflows")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        as(b.mintKey("sk").secret(), a.id()).get("/api/v1/workflows").then().body("items.id", not(hasItem(id)));
    }

    @Test
    void badWorkflowsAreRefused() {
        Api.Team team = Api.team(unique("c"));
        Api.Key dk = team.mintKey("dk");
        String rows = Db.snapshot();
        for (String body : new String[] {
            "{}",
            "{\"name\":\"\"}",
            "{\"name\":5}",
            "{\"name\":\"a\\nb\"}",
            "{\"name\":\"" + "w".repeat(201) + "\"}",
            "nope"
        }) {
            as(team.ownerToken(), team.id())
                    .body(body)
                    .post("/api/v1/workflows")
                    .then()
                    .statusCode(400);
        }
        as(dk.secret())
                .body("{\"name\":\"x\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(403);
        as(team.ownerToken())
                .body("{\"name\":\"x\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(400);
        assertEquals(rows, Db.snapshot(), "no workflow row was created");
    }
}
