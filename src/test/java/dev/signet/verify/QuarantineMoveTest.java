package dev.signet.verify;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Samples;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code signet.scanning.quarantine=move}: an infected verdict keeps the bytes for whoever investigates, under
 * {@code quarantine/} in the bucket, where no download path reaches them.
 */
@QuarkusTest
@TestProfile(QuarantineMoveTest.Move.class)
class QuarantineMoveTest {

    public static class Move implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.scanning.quarantine", "move");
        }
    }

    @Inject
    Storage objects;

    @Test
    void anInfectedObjectIsMovedUnderQuarantineAndNoDownloadReachesIt() {
        Api.Team team = Api.team(unique("move"));
        ScanningGateTest.setScanning(team, "true").then().statusCode(200);
        Api.Key sk = team.mintKey("sk");
        Api.Key vk = team.mintKey("vk");
        byte[] eicar = Samples.eicar();
        JsonPath created = as(sk.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\",\"file_name\":\"eicar.txt\",\"file_size\":"
                        + eicar.length + "}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String id = created.getString("asset.id");
        String key = created.getString("asset.object_key");
        Map<String, String> headers = created.getMap("upload.headers");
        assertEquals(
                200, Http.put(created.getString("upload.url"), headers, eicar).statusCode());
        as(sk.secret())
                .post("/api/v1/assets/" + id + "/confirm")
                .then()
                .statusCode(200)
                .body("state", equalTo("scanning"));

        as(vk.secret())
                .body("{\"verdict\":\"infected\",\"detail\":\"Eicar-Test-Signature\"}")
                .post("/api/v1/assets/" + id + "/verdict")
                .then()
                .statusCode(200)
                .body("state", equalTo("quarantined"));

        assertNull(objects.head(key), "nothing is left at the asset's key");
        String quarantined = "quarantine/" + key;
        assertNotNull(objects.head(quarantined), "the bytes are kept under quarantine/");
        assertArrayEquals(eicar, objects.read(quarantined));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = ?",
                        id,
                        "asset.quarantined"));

        for (String objectKey : new String[] {key, quarantined}) {
            Response download = RestAssured.given()
                    .config(RestAssuredConfig.config()
                            .redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                    .queryParam("objectKey", objectKey)
                    .get("/api/v1/objects/download");
            assertEquals(404, download.statusCode(), objectKey + ": " + download.asString());
        }
        Response signed = as(sk.secret())
                .body("{\"object_path\":\"" + key.substring(team.id().toString().length() + 1) + "\"}")
                .post("/api/v1/inference/assets/signed-url");
        assertEquals(404, signed.statusCode(), signed.asString());
        Response scanUrl = as(vk.secret()).post("/api/v1/assets/" + id + "/scan-url");
        assertEquals(409, scanUrl.statusCode(), scanUrl.asString());
    }
}
