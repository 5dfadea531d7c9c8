package dev.signet.team;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class TeamResourceTest {

    @Test
    void creatorBecomesOwnerAndSeesOnlyTheirTeams() {
        String alice = unique("alice");
        String id = as(Tokens.user(alice))
                .body("{\"name\":\"Alice's team\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/teams/"))
                .body("name", equalTo("Alice's team"))
                .body("role", equalTo("owner"))
                .body("created_at", notNullValue())
                .extract()
                .path("id");
        assertEquals(7, java.util.UUID.fromString(id).version(), "team ids are UUIDv7");
        Api.Team other = Api.team(unique("bob"));
        as(Tokens.user(alice))
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(java.util.List.of(id)))
                .body("items.id", not(hasItem(other.id().toString())));
    }

    static Stream<Arguments> badTeamBodies() {
        return Stream.of(
                Arguments.of("{}", "name: must not be blank"),
                Arguments.of("{\"name\":\"   \"}", "name: must not be blank"),
                Arguments.of("{\"name\":null}", "name: must not be blank"),
                Arguments.of("{\"name\":42}", "name: must be a string"),
                Arguments.of("{\"name\":[\"a\"]}", "name: must be a string"),
                Arguments.of("{\"name\":\"" + "x".repeat(101) + "\"}", "name: must be at most 100 characters"),
                Arguments.of(
                        "{\"name\":\"bad\\u0000name\"}", "name: must not contain NUL, unpaired surrogates or U+FFFD"),
                Arguments.of(
                        "{\"name\":\"evil\\u202egnp.exe\"}", "name: must not contain control or invisible characters"),
                Arguments.of(
                        "{\"name\":\"zero\\u200bwidth\"}", "name: must not contain control or invisible characters"),
                Arguments.of("{\"name\":\"lone\\ud800\"}", "name: must not contain NUL, unpaired surrogates or U+FFFD"),
                Arguments.of("{\"name\":\"line\\nbreak\"}", "name: must not contain control or invisible characters"),
                Arguments.of("{\"name\":", "not valid JSON"),
                Arguments.of("[1,2]", "body: must be a JSON object"),
                Arguments.of("", "body: a JSON body is required"),
                Arguments.of("{\"name\":null,\"name\":\"x\"}", "name: appears more than once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTeamBodies")
    void badInputIsA400NamingTheFieldAndStoresNothing(String body, String message) {
        String before = Db.snapshot();
        as(Tokens.user(unique("carol")))
                .body(body)
                .post("/api/v1/teams")
                .then()
                .statusCode(400)
                .body("detail.code", org.hamcrest.Matchers.oneOf("invalid_request", "malformed_json"))
                .body("detail.message", containsString(message));
        assertEquals(before, Db.snapshot());
    }

    @Test
    void apiKeysCannotCreateTeams() {
        Api.Key key = Api.team(unique("dora")).mintKey("sk");
        String before = Db.snapshot();
        as(key.secret())
                .body("{\"name\":\"sneaky\"}")
                .post("/api/v1/teams")
                .then()
                .statusCode(403)
                .body("detail.code", equalTo("forbidden"));
        assertEquals(before, Db.snapshot());
    }

    @Test
    void ownersManageMembers() {
        Api.Team team = Api.team(unique("erin"));
        String frank = unique("frank");
        as(team.ownerToken())
                .body("{\"user_id\":\"" + frank + "\",\"role\":\"admin\"}")
                .post("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(201)
                .body("user_id", equalTo(frank))
                .body("role", equalTo("admin"));
        as(team.ownerToken())
                .get("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(200)
                .body("items.user_id", hasItem(frank))
                .body("items.find { it.user_id == '" + team.owner() + "' }.role", equalTo("owner"));
        // the new member sees the team among theirs
        as(Tokens.user(frank))
                .get("/api/v1/teams")
                .then()
                .body("items.find { it.id == '" + team.id() + "' }.role", equalTo("admin"));
        as(team.ownerToken())
                .body("{\"user_id\":\"" + frank + "\"}")
                .post("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("already_member"));
        as(team.ownerToken())
                .delete("/api/v1/teams/" + team.id() + "/members/" + frank)
                .then()
                .statusCode(204);
        as(team.ownerToken())
                .delete("/api/v1/teams/" + team.id() + "/members/" + frank)
                .then()
                .statusCode(404);
    }

    @Test
    void adminsCannotTouchOwnersAndTheLastOwnerStays() {
        Api.Team team = Api.team(unique("gina"));
        String admin = unique("admin");
        team.addMember(admin, "admin");
        String adminToken = Tokens.user(admin);
        as(adminToken)
                .body("{\"user_id\":\"" + unique("x") + "\",\"role\":\"owner\"}")
                .post("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(403);
        as(adminToken)
                .delete("/api/v1/teams/" + team.id() + "/members/" + team.owner())
                .then()
                .statusCode(403);
        as(adminToken)
                .body("{\"user_id\":\"" + unique("m") + "\",\"role\":\"member\"}")
                .post("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(201);
        as(team.ownerToken())
                .delete("/api/v1/teams/" + team.id() + "/members/" + team.owner())
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("last_owner"));
    }

    @Test
    void plainMembersCannotManageMembers() {
        Api.Team team = Api.team(unique("hank"));
        String member = unique("member");
        team.addMember(member, "member");
        as(Tokens.user(member))
                .get("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(403);
        as(Tokens.user(member))
                .body("{\"user_id\":\"x\"}")
                .post("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(403);
    }

    @Test
    void anotherTeamsMembersDoNotExistForYou() {
        Api.Team a = Api.team(unique("ivy"));
        Api.Team b = Api.team(unique("jack"));
        String before = Db.snapshot();
        as(a.ownerToken())
                .get("/api/v1/teams/" + b.id() + "/members")
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
        as(a.ownerToken())
                .body("{\"user_id\":\"" + a.owner() + "\",\"role\":\"owner\"}")
                .post("/api/v1/teams/" + b.id() + "/members")
                .then()
                .statusCode(404);
        as(a.ownerToken())
                .delete("/api/v1/teams/" + b.id() + "/members/" + b.owner())
                .then()
                .statusCode(404);
        // an API key of team A is no person: it manages no membership anywhere
        Api.Key key = a.mintKey("sk");
        before = Db.snapshot();
        as(key.secret()).get("/api/v1/teams/" + a.id() + "/members").then().statusCode(403);
        as(key.secret())
                .delete("/api/v1/teams/" + b.id() + "/members/" + b.owner())
                .then()
                .statusCode(403);
        assertEquals(before, Db.snapshot());
    }

    @Test
    void platformAdminActsAsAdminAnywhere() {
        Api.Team team = Api.team(unique("kim"));
        as(Tokens.platformAdmin(unique("root")))
                .get("/api/v1/teams/" + team.id() + "/members")
                .then()
                .statusCode(200)
                .body("items.user_id", hasItem(team.owner()));
    }

    @Test
    void malformedTeamIdIsA400() {
        as(Tokens.user(unique("lee")))
                .get("/api/v1/teams/not-a-uuid/members")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("team_id: must be a UUID"));
    }

    @Test
    void badMemberBodiesAreRefused() {
        Api.Team team = Api.team(unique("mo"));
        String before = Db.snapshot();
        for (String body : new String[] {
            "{}",
            "{\"user_id\":\"u\",\"role\":\"king\"}",
            "{\"user_id\":\"a\\tb\"}",
            "{\"user_id\":\"" + "u".repeat(256) + "\"}",
            "{\"user_id\":7}"
        }) {
            as(team.ownerToken())
                    .body(body)
                    .post("/api/v1/teams/" + team.id() + "/members")
                    .then()
                    .statusCode(400)
                    .body("detail.code", equalTo("invalid_request"));
        }
        assertEquals(before, Db.snapshot());
    }
}
