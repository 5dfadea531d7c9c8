package dev.signet.apikey;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signet.support.Api;
import dev.signet.support.Await;
import dev.signet.support.Caches;
import dev.signet.support.Db;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyResourceTest {

    @Test
    void secretIsShownOnceAndStoredOnlyAsHash() {
        Api.Team team = Api.team(unique("owner"));
        String expires = Instant.now().plusSeconds(86400).toString();
        var minted = as(team.ownerToken(), team.id())
                .body("{\"name\":\"ci\",\"kind\":\"sk\",\"expires_at\":\"" + expires + "\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("key", matchesPattern("sk-[A-Za-z0-9_-]{43}"))
                .body("kind", equalTo("sk"))
                .body("team_id", equalTo(team.id().toString()))
                .body("created_by", equalTo(team.owner()))
                .body("expires_at", notNullValue())
                .extract();
        String secret = minted.path("key");
        String id = minted.path("id");
        String listed = as(team.ownerToken(), team.id())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id))
                .body("items[0]", not(hasKey("key")))
                .body("items[0]", not(hasKey("secret_hash")))
                .extract()
                .asString();
        assertFalse(listed.contains(secret.substring(10)), "a listing never shows the secret");
        assertEquals(ApiKeySecrets.hash(secret), Db.string("SELECT secret_hash FROM api_keys WHERE id = ?::uuid", id));
        assertEquals(0, Db.count("SELECT count(*) FROM api_keys WHERE secret_hash = ? OR prefix = ?", secret, secret));
    }

    @Test
    void fullKeysManageKeysDownloadKeysDoNot() {
        Api.Team team = Api.team(unique("owner"));
        Api.Key sk = team.mintKey("sk");
        Api.Key dk = team.mintKey("dk");
        String minted = as(sk.secret())
                .body("{\"name\":\"by key\",\"kind\":\"dk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("created_by", equalTo("api-key:" + sk.id()))
                .extract()
                .path("id");
        String before = Db.snapshot();
        as(dk.secret())
                .body("{\"name\":\"nope\",\"kind\":\"sk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(403)
                .body("detail.code", equalTo("forbidden"))
                .body("detail.message", containsString("Download-only"));
        as(dk.secret()).get("/api/v1/api-keys").then().statusCode(403);
        as(dk.secret()).delete("/api/v1/api-keys/" + minted).then().statusCode(403);
        assertEquals(before, Db.snapshot());
        as(sk.secret()).delete("/api/v1/api-keys/" + minted).then().statusCode(204);
    }

    @Test
    void membersWithoutManagerRoleCannotMint() {
        Api.Team team = Api.team(unique("owner"));
        String member = unique("member");
        team.addMember(member, "member");
        String before = Db.snapshot();
        as(Tokens.user(member), team.id())
                .body("{\"name\":\"x\",\"kind\":\"sk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(403);
        assertEquals(before, Db.snapshot());
        String admin = unique("admin");
        team.addMember(admin, "admin");
        as(Tokens.user(admin), team.id())
                .body("{\"name\":\"x\",\"kind\":\"dk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201);
    }

    @Test
    void anotherTeamsKeysAreNotFound() {
        Api.Team a = Api.team(unique("a"));
        Api.Team b = Api.team(unique("b"));
        Api.Key bKey = b.mintKey("sk");
        Api.Key aKey = a.mintKey("sk");
        String before = Db.snapshot();
        as(a.ownerToken(), a.id())
                .delete("/api/v1/api-keys/" + bKey.id())
                .then()
                .statusCode(404)
                .body("detail.code", equalTo("not_found"));
        as(aKey.secret()).delete("/api/v1/api-keys/" + bKey.id()).then().statusCode(404);
        // A key ignores X-Team-ID: naming team B still acts on team A
        as(aKey.secret(), b.id()).delete("/api/v1/api-keys/" + bKey.id()).then().statusCode(404);
        as(aKey.secret(), b.id())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(bKey.id().toString())))
                .body("items.team_id", not(hasItem(b.id().toString())));
        // A's owner naming team B in X-Team-ID is refused
        as(a.ownerToken(), b.id()).get("/api/v1/api-keys").then().statusCode(403);
        assertEquals(before, Db.snapshot());
        as(bKey.secret()).get("/api/v1/api-keys").then().statusCode(200);
    }

    /**
     * Credentials are cached for one second: a key revoked by another replica (here: straight in the
     * database) is refused within that second, while the key works from the cache until then. (The cache keeps
     * them a tenth of that here: what is tested is that the revocation is seen once the cached copy expired.)
     */
    @Test
    void aKeyRevokedElsewhereIsRefusedWithinOneSecond() {
        Api.Team team = Api.team(unique("owner"));
        Api.Key key = team.mintKey("sk");
        try (var cache = Caches.withTtl(ApiKeyRepository.CREDENTIAL_CACHE, Duration.ofMillis(100))) {
            as(key.secret()).get("/api/v1/api-keys").then().statusCode(200); // now cached
            assertEquals(1, Db.update("UPDATE api_keys SET revoked_at = now() WHERE id = ?", key.id()));
            // every cached copy was loaded before the update (and expires within the TTL of it) or after it (revoked)
            Await.past(Instant.now().plus(cache.ttl()));
            as(key.secret())
                    .get("/api/v1/api-keys")
                    .then()
                    .statusCode(401)
                    .body("detail.code", equalTo("api_key_revoked"));
        }
    }

    @Test
    void revokingTwiceIsHarmless() {
        Api.Team team = Api.team(unique("owner"));
        Api.Key key = team.mintKey("dk");
        as(team.ownerToken(), team.id())
                .delete("/api/v1/api-keys/" + key.id())
                .then()
                .statusCode(204);
        as(team.ownerToken(), team.id())
                .delete("/api/v1/api-keys/" + key.id())
                .then()
                .statusCode(204);
        as(team.ownerToken(), team.id())
                .get("/api/v1/api-keys")
                .then()
                .body("items.find { it.id == '" + key.id() + "' }.revoked_at", notNullValue());
    }

    @Test
    void badMintRequestsAreRefusedAndStoreNothing() {
        Api.Team team = Api.team(unique("owner"));
        String past = Instant.now().minusSeconds(60).toString();
        String[][] cases = {
            {"{\"kind\":\"sk\"}", "name: must not be blank"},
            {"{\"name\":\"k\"}", "kind: must not be null"},
            {"{\"name\":\"k\",\"kind\":\"root\"}", "kind: must be one of sk, dk"},
            {"{\"name\":\"k\",\"kind\":\"sk\",\"expires_at\":\"tomorrow\"}", "expires_at: must be an ISO-8601"},
            {"{\"name\":\"k\",\"kind\":\"sk\",\"expires_at\":\"" + past + "\"}", "expires_at: must be in the future"},
            {"{\"name\":\"k\",\"kind\":\"sk\",\"expires_at\":12}", "expires_at"},
            {"{\"name\":\"" + "n".repeat(101) + "\",\"kind\":\"sk\"}", "name: must be at most 100 characters"},
            {"{\"name\":\"k\",\"kind\":\"sk\"", "not valid JSON"},
            // upload keys (issue 23): an expiry, at most signet.uppy.upload-key-max-lifetime (PT24H) ahead
            {"{\"name\":\"k\",\"kind\":\"uk\"}", "expires_at: is required for an upload (uk) key"},
            {
                "{\"name\":\"k\",\"kind\":\"uk\",\"expires_at\":\""
                        + Instant.now().plusSeconds(86_400 + 120) + "\"}",
                "expires_at: must be at most PT24H ahead for an upload (uk) key (signet.uppy.upload-key-max-lifetime)"
            },
            {"{\"name\":\"k\",\"kind\":\"uk\",\"expires_at\":\"" + past + "\"}", "expires_at: must be in the future"},
        };
        String before = Db.snapshot();
        for (String[] c : cases) {
            as(team.ownerToken(), team.id())
                    .body(c[0])
                    .post("/api/v1/api-keys")
                    .then()
                    .statusCode(400)
                    .body("detail.message", containsString(c[1]));
        }
        as(team.ownerToken(), team.id())
                .delete("/api/v1/api-keys/not-a-uuid")
                .then()
                .statusCode(400)
                .body("detail.message", equalTo("key_id: must be a UUID"));
        assertEquals(before, Db.snapshot());
    }

    @Test
    void keysWithoutExpiryNeverExpire() {
        Api.Team team = Api.team(unique("owner"));
        as(team.ownerToken(), team.id())
                .body("{\"name\":\"forever\",\"kind\":\"dk\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("expires_at", nullValue());
    }
}
