package dev.signet.quota;

import static dev.signet.quota.QuotaTest.counters;
import static dev.signet.quota.QuotaTest.create;
import static dev.signet.quota.QuotaTest.setQuota;
import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Api;
import dev.signet.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configured default quota ({@code signet.quotas.default-bytes}, {@code default-files}) holds for a team that has
 * none of its own: it reaches the database with every grouped INSERT, so a new team is refused by it on each way in,
 * and a team's own quota replaces it.
 */
@QuarkusTest
@TestProfile(QuotaDefaultsTest.Defaults.class)
class QuotaDefaultsTest {

    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.quotas.default-bytes", "1000", "signet.quotas.default-files", "3");
        }
    }

    private static final String TEN_BYTES = "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":10}";

    @Test
    void aTeamWithoutItsOwnQuotaIsRefusedByTheDefaultOnEveryWayIn() {
        Api.Team team = Api.team(unique("default"));
        Api.Key key = team.mintKey("sk");
        String before = Db.fingerprint();
        as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(400)
                .body("detail.code", equalTo("invalid_request"))
                .body(
                        "detail.message",
                        equalTo("file_size: required, because the team has a storage quota (1,000 bytes): declare the"
                                + " file's size."));
        as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":1001}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("quota_exceeded"))
                .body(
                        "detail.message",
                        equalTo("This upload of 1,001 bytes would pass the team's quota: 0 bytes used, 0 reserved by"
                                + " pending uploads, quota 1,000."));
        as(key.secret())
                .body("{\"file_name\":\"big.csv\",\"content_type\":\"text/csv\",\"file_size\":1001}")
                .post("/api/v1/r/files/presign")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("quota_exceeded"));
        as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":1001}")
                .post("/api/v1/assets/multipart")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("quota_exceeded"));
        assertEquals(before, Db.fingerprint(), "refused uploads store nothing");

        create(key.secret(), TEN_BYTES);
        create(key.secret(), TEN_BYTES);
        create(key.secret(), TEN_BYTES);
        as(key.secret())
                .body(TEN_BYTES)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(409)
                .body(
                        "detail.message",
                        equalTo("This upload would pass the team's quota of files: 0 files stored, 3 pending uploads,"
                                + " quota 3."));
        assertEquals("0|0|30|3", counters(team.id()));

        as(team.ownerToken())
                .get("/api/v1/teams/" + team.id() + "/quota")
                .then()
                .statusCode(200)
                .body("source", equalTo("default"))
                .body("quota_bytes", equalTo(1000))
                .body("quota_files", equalTo(3));
        as(key.secret())
                .get("/api/v1/objects/storage-usage")
                .then()
                .statusCode(200)
                .body("quotaBytes", equalTo(1000))
                .body("quotaFiles", equalTo(3))
                .body("reservedBytes", equalTo(30));
    }

    @Test
    void aTeamsOwnQuotaReplacesTheDefault() {
        Api.Team team = Api.team(unique("own"));
        Api.Key key = team.mintKey("sk");
        setQuota(team.id(), 5000L, 10L);
        create(key.secret(), "{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":4000}");
        for (int i = 0; i < 4; i++) {
            create(key.secret(), TEN_BYTES);
        }
        assertEquals("0|0|4040|5", counters(team.id()));
        as(key.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_size\":1000}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(409)
                .body(
                        "detail.message",
                        equalTo("This upload of 1,000 bytes would pass the team's quota: 0 bytes used, 4,040 reserved"
                                + " by pending uploads, quota 5,000."));
    }
}
