package dev.signet.webhook;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.asset.UploadSweeper;
import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Db;
import dev.signet.support.Http;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox: every committed change of an asset's state, on every path (confirm, a mismatched upload, delete,
 * the sweeper's batch, a write-back), writes exactly one event, in the change's transaction, with a delivery per
 * webhook that asked for it; a change that rolled back writes none, and creating a pending upload is not a change.
 */
@QuarkusTest
class AssetEventsTest {

    @Inject
    UploadSweeper sweeper;

    static List<String> events(String asset) {
        String types = Db.string(
                "SELECT string_agg(type, ',' ORDER BY seq) FROM asset_events WHERE asset_id = ?::uuid", asset);
        return types == null ? List.of() : List.of(types.split(","));
    }

    static String pending(Api.Key key, String body) {
        return as(key.secret())
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
    }

    @Test
    void everyPathWritesOneEventPerChange() {
        Api.Team team = Api.team(unique("events"));
        Api.Key key = team.mintKey("sk");
        // a webhook for two types, so the fan-out is visible too
        String webhook = as(key.secret())
                .body("{\"url\":\"http://127.0.0.1:9/events\",\"events\":[\"asset.ready\"," + "\"asset.deleted\"]}")
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // upload URL (and reference 003's presign): a pending row, no event
        String pendingId = pending(key, "{\"type\":\"data\",\"content_type\":\"text/plain\"}");
        as(key.secret())
                .body("{\"file_name\":\"p.bin\",\"file_size\":3,\"content_type\":\"application/octet-stream\"}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(200);
        assertEquals(List.of(), events(pendingId));
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM asset_events WHERE team_id = ?::uuid",
                        team.id().toString()));

        // confirm: ready; a write-back: updated; delete: deleted
        JsonPath ready = Assets.ready(key.secret(), "e.txt", "text/plain", Http.bytes(5), null);
        String asset = ready.getString("id");
        as(key.secret()).post("/api/v1/assets/" + asset + "/confirm").then().statusCode(200); // again: no change
        as(key.secret())
                .body("{\"duration_seconds\":2.5}")
                .patch("/api/v1/assets/" + asset)
                .then()
                .statusCode(200);
        as(key.secret()).delete("/api/v1/assets/" + asset).then().statusCode(204);
        as(key.secret()).delete("/api/v1/assets/" + asset).then().statusCode(204); // again: no change
        assertEquals(List.of("asset.ready", "asset.updated", "asset.deleted"), events(asset));
        Map<String, Object> snapshot = Map.of(
                "state",
                Db.string(
                        "SELECT asset->>'state' FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.ready'",
                        asset));
        assertEquals(Map.of("state", "ready"), snapshot, "the event keeps the row as it was after its change");
        // fan-out: one delivery per event the webhook asked for, none for asset.updated
        assertEquals(
                2,
                Db.count(
                        "SELECT count(*) FROM webhook_deliveries d JOIN asset_events e ON e.id = d.event_id "
                                + "WHERE e.asset_id = ?::uuid AND d.webhook_id = ?::uuid",
                        asset,
                        webhook));

        // another size than declared: failed
        JsonPath created = as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":4}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String mismatched = created.getString("asset.id");
        Db.update("UPDATE assets SET declared_size = 5 WHERE id = ?::uuid", mismatched); // so the 4 bytes mismatch
        assertEquals(
                200,
                Http.put(created.getString("upload.url"), created.getMap("upload.headers"), Http.bytes(4))
                        .statusCode());
        as(key.secret())
                .post("/api/v1/assets/" + mismatched + "/confirm")
                .then()
                .statusCode(409);
        assertEquals(List.of("asset.failed"), events(mismatched));

        // the sweeper's batch: expired, one event per row
        String late1 = pending(key, "{\"type\":\"data\",\"content_type\":\"text/plain\"}");
        String late2 = pending(key, "{\"type\":\"data\",\"content_type\":\"text/plain\"}");
        Db.update(
                "UPDATE assets SET upload_expires_at = now() - interval '1 hour' WHERE id IN (?::uuid, ?::uuid)",
                late1,
                late2);
        sweeper.sweep().await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of("asset.expired"), events(late1));
        assertEquals(List.of("asset.expired"), events(late2));
        assertEquals(List.of(), events(pendingId));
        as(key.secret()).delete("/api/v1/webhooks/" + webhook).then().statusCode(204);
    }

    @Test
    void aChangeThatRolledBackHasNoEvent() throws Exception {
        Api.Key key = Api.team(unique("rollback")).mintKey("sk");
        // a transaction that changes a state and then fails: neither the change nor its event is kept
        String asset = pending(key, "{\"type\":\"data\",\"content_type\":\"text/plain\"}");
        try (AutoCloseable open = Db.inOpenTransaction("UPDATE assets SET state = 'ready' WHERE id = ?::uuid", asset)) {
            assertEquals(
                    0,
                    Db.count("SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid", asset),
                    "not visible before it commits");
        }
        assertEquals(List.of(), events(asset));
        assertEquals("pending_upload", Db.string("SELECT state FROM assets WHERE id = ?::uuid", asset));

        // the sweeper's batch statement failing on its last row: no row expired, no event for any of them
        String a = pending(key, "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"keep.txt\"}");
        String b =
                pending(key, "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"rollback-me.txt\"}");
        Db.update(
                "UPDATE assets SET upload_expires_at = now() - interval '2 hours' WHERE id IN (?::uuid, ?::uuid)",
                a,
                b);
        Db.update("""
                CREATE FUNCTION test_refuse_expiry() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused by the test'; END $$""");
        Db.update("""
                CREATE TRIGGER test_refuse_expiry AFTER UPDATE OF state ON assets FOR EACH ROW
                WHEN (NEW.file_name = 'rollback-me.txt' AND NEW.state = 'expired') EXECUTE FUNCTION test_refuse_expiry()""");
        try {
            assertThrows(RuntimeException.class, () -> sweeper.sweep().await().atMost(Duration.ofSeconds(30)));
        } finally {
            Db.update("DROP TRIGGER test_refuse_expiry ON assets");
            Db.update("DROP FUNCTION test_refuse_expiry()");
        }
        assertEquals(List.of(), events(a));
        assertEquals(List.of(), events(b));
        assertEquals("pending_upload", Db.string("SELECT state FROM assets WHERE id = ?::uuid", a));
        // and once the cause is gone, the same sweep commits both changes with their events
        sweeper.sweep().await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of("asset.expired"), events(a));
        assertEquals(List.of("asset.expired"), events(b));
    }
}
