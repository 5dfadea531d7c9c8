package dev.signet.download;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.support.Api;
import dev.signet.support.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With the S3 server stopped, downloads answer 503 with a retry hint, and recover when it returns. */
@QuarkusTest
class StorageOutageTest {

    @Test
    void unreachableStorageIsA503ThatHeals() {
        Api.Team team = Api.team(unique("outage"));
        Api.Key key = team.mintKey("sk");
        String workflow = as(key.secret())
                .body("{\"name\":\"w\"}")
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String request = "{\"resource_uri\":\"workflow://" + workflow + "/artifacts/out.csv\"}";
        LocalStackResource.stack().stopS3();
        try {
            as(key.secret())
                    .body(request)
                    .post("/api/v1/workflows/download-url")
                    .then()
                    .statusCode(503)
                    .body("detail.code", equalTo("service_unavailable"))
                    .body("detail.message", equalTo("Failed to generate download URL. Please try again."));
            as(key.secret())
                    .body("{\"object_path\":\"results/x.json\"}")
                    .post("/api/v1/inference/assets/signed-url")
                    .then()
                    .statusCode(503)
                    .body("detail.message", equalTo("A backing service is unreachable. Please try again."));
        } finally {
            LocalStackResource.stack().startS3();
        }
        as(key.secret())
                .body(request)
                .post("/api/v1/workflows/download-url")
                .then()
                .statusCode(404);
    }
}
