package dev.signet.access;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.Caches;
import dev.signet.support.Db;
import dev.signet.support.Tokens;
import dev.signet.team.TeamMemberships;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The X-Team-ID rules of reference 003 on a team-scoped endpoint (POST and GET /api-keys). */
@QuarkusTest
class TeamHeaderTest {

    private static final String MINT = "{\"name\":\"k\",\"kind\":\"dk\"}";

    @Test
    void jwtCallersMustNameAValidTeamTheyBelongTo() {
        Api.Team team = Api.team(unique("owner"));
        Api.Team other = Api.team(unique("other"));
        String before = Db.snapshot();
        as(team.ownerToken())
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("missing_team_id"));
        as(team.ownerToken())
                .header("X-Team-ID", "")
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("missing_team_id"));
        as(team.ownerToken())
                .header("X-Team-ID", "team-1")
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_team_id"));
        as(team.ownerToken())
                .header("X-Team-ID", team.id() + "x")
                .get("/api/v1/api-keys")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_team_id"));
        as(team.ownerToken(), other.id())
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(403)
                .body("detail.code", equalTo("forbidden"));
        as(team.ownerToken(), java.util.UUID.randomUUID())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(403);
        assertEquals(before, Db.snapshot());
        as(team.ownerToken(), team.id())
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201);
    }

    @Test
    void keyCallersMayOmitTheHeaderAndAnyValueIsIgnored() {
        Api.Team team = Api.team(unique("owner"));
        Api.Team other = Api.team(unique("other"));
        Api.Key key = team.mintKey("sk");
        as(key.secret())
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("team_id", equalTo(team.id().toString()));
        as(key.secret())
                .header("X-Team-ID", "garbage")
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("team_id", equalTo(team.id().toString()));
        as(key.secret(), other.id())
                .body(MINT)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("team_id", equalTo(team.id().toString()));
        assertEquals(0, Db.count("SELECT count(*) FROM api_keys WHERE team_id = ?", other.id()));
    }

    @Test
    void platformAdminsActInAnyExistingTeam() {
        Api.Team team = Api.team(unique("owner"));
        String admin = Tokens.platformAdmin(unique("ops"));
        as(admin, team.id()).get("/api/v1/api-keys").then().statusCode(200);
        as(admin, java.util.UUID.randomUUID()).get("/api/v1/api-keys").then().statusCode(403);
    }

    /** Memberships are cached 1 s for JWT callers (they are asked on every request), like API keys. */
    @Test
    void aRemovedMemberIsRefusedAtOnceHereAndWithinASecondElsewhere() {
        Api.Team team = Api.team(unique("owner"));
        String member = unique("member");
        String token = Tokens.user(member);
        team.addMember(member, "member");
        as(token, team.id()).get("/api/v1/workflows").then().statusCode(200); // now cached
        as(team.ownerToken())
                .delete("/api/v1/teams/" + team.id() + "/members/" + member)
                .then()
                .statusCode(204);
        as(token, team.id()).get("/api/v1/workflows").then().statusCode(403);

        // a user who just joined is let in on the next request, although "not a member" was cached
        team.addMember(member, "member");
        as(token, team.id()).get("/api/v1/workflows").then().statusCode(200);

        // removed on another replica (straight in the database): refused once the cached role expired (the cache
        // keeps roles a tenth of its second here: what is tested is that the removal is seen after the expiry)
        try (var cache = Caches.withTtl(TeamMemberships.MEMBERSHIP_CACHE, Duration.ofMillis(100))) {
            assertEquals(1, Db.update("DELETE FROM memberships WHERE team_id = ? AND user_id = ?", team.id(), member));
            Await.past(Instant.now().plus(cache.ttl()));
            as(token, team.id()).get("/api/v1/workflows").then().statusCode(403);
        }
    }
}
