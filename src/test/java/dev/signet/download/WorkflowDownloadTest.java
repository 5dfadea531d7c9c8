package dev.signet.download;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Await;
import dev.signet.support.ClassTeam;
import dev.signet.support.Http;
import dev.signet.support.Storage;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reference 001: POST /workflows/download-url with its six documented errors. */
@QuarkusTest
class WorkflowDownloadTest {

    @Inject
    Storage objects;

    @Inject
    InMemorySpanExporter spans;

    @RegisterExtension
    static final ClassTeam team = new ClassTeam("wf", "sk");

    static String workflow;
    static final byte[] CUSTOMERS = "id,name\n1,Ada\n".getBytes();
    static final byte[] RESOLVED = Http.bytes(2048);
    static final byte[] PARQUET = Http.bytes(999);

    @BeforeEach
    void scene() {
        if (workflow == null) {
            workflow = as(team.sk().secret())
                    .body("{\"name\":\"resolve\"}")
                    .post("/api/v1/workflows")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            Assets.ready(
                    team.sk().secret(), "customers.csv", "text/csv", CUSTOMERS, "\"workflow_id\":\"" + workflow + "\"");
            objects.write(
                    team.id() + "/workflows/" + workflow + "/artifacts/resolved_identities.csv", "text/csv", RESOLVED);
            Assets.ready(
                    team.sk().secret(),
                    "trait_frequencies.parquet",
                    "application/octet-stream",
                    PARQUET,
                    "\"workflow_id\":\"" + workflow + "\",\"kind\":\"output\"");
        }
    }

    private JsonPath download(String credential, String uri, int status) {
        return as(credential)
                .body("{\"resource_uri\":\"" + uri + "\"}")
                .post("/api/v1/workflows/download-url")
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    @Test
    void uploadsResolveToTheWorkflowsInputsByName() {
        String uri = "workflow://" + workflow + "/uploads/customers.csv";
        JsonPath answer = download(team.mintKey("dk").secret(), uri, 200);
        assertEquals(uri, answer.getString("resource_uri"));
        assertEquals("customers.csv", answer.getString("filename"));
        assertEquals(workflow, answer.getString("workflow_id"));
        Instant expires = Instant.parse(answer.getString("download_expires_at"));
        assertTrue(answer.getString("download_expires_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertTrue(Math.abs(Duration.between(Instant.now().plus(Duration.ofHours(1)), expires)
                        .toSeconds())
                < 60);
        assertTrue(answer.getString("download_url").contains("X-Amz-Expires=3600"));
        assertArrayEquals(CUSTOMERS, Http.get(answer.getString("download_url")).body());
    }

    @Test
    void artifactsComeFromTheArtifactPrefixThenFromOutputAssets() {
        JsonPath fromPrefix =
                download(team.sk().secret(), "workflow://" + workflow + "/artifacts/resolved_identities.csv", 200);
        assertArrayEquals(
                RESOLVED, Http.get(fromPrefix.getString("download_url")).body());
        JsonPath fromState =
                download(team.sk().secret(), "workflow://" + workflow + "/artifacts/trait_frequencies.parquet", 200);
        assertArrayEquals(PARQUET, Http.get(fromState.getString("download_url")).body());
        // an input is not an artifact, and an artifact is not an upload
        download(team.sk().secret(), "workflow://" + workflow + "/artifacts/customers.csv", 404);
        download(team.sk().secret(), "workflow://" + workflow + "/uploads/resolved_identities.csv", 404);
    }

    @Test
    void theTraceIdIsTheRequestsExportedTrace() {
        String traceId = download(team.sk().secret(), "workflow://" + workflow + "/uploads/customers.csv", 200)
                .getString("tool_trace_id");
        assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.equals("0".repeat(32)), traceId);
        boolean exported = Await.within(
                Duration.ofSeconds(10),
                () -> spans.getFinishedSpanItems().stream()
                        .anyMatch(span -> span.getTraceId().equals(traceId)));
        assertTrue(exported, "a span of trace " + traceId + " was exported");
    }

    @Test
    void theSixDocumentedErrors() {
        String missing = "workflow://" + workflow + "/uploads/nothing.csv";
        assertEquals(
                "No resource at " + missing
                        + ". The artifact does not exist or has expired. Retrying with the same URI will not succeed.",
                download(team.sk().secret(), missing, 404).getString("detail.message"));

        Api.Team other = Api.team(unique("other"));
        String theirs = "workflow://" + workflow + "/uploads/customers.csv";
        for (String credential :
                new String[] {other.mintKey("sk").secret(), other.mintKey("dk").secret()}) {
            assertEquals(
                    "Access denied to " + theirs + ". Check that the workflow_id matches the requesting session.",
                    download(credential, theirs, 403).getString("detail.message"));
        }
        String unknown = "workflow://" + UUID.randomUUID() + "/uploads/customers.csv";
        assertEquals(
                "Access denied to " + unknown + ". Check that the workflow_id matches the requesting session.",
                download(team.sk().secret(), unknown, 403).getString("detail.message"));

        assertEquals(
                "Invalid URI protocol. Expected 'workflow://', got: s3://bucket/customers.csv",
                download(team.sk().secret(), "s3://bucket/customers.csv", 400).getString("detail.message"));
        for (String bad : new String[] {
            "workflow://" + workflow + "/uploads",
            "workflow://" + workflow + "/uploads/a/b.csv",
            "workflow://not-a-uuid/uploads/a.csv",
            "workflow://" + workflow + "/uploads/..",
            "workflow://" + workflow + "//a.csv",
            "workflow://"
        }) {
            assertEquals(
                    "Invalid URI path. Expected format: workflow://{workflowId}/{type}/{filename}, got: " + bad,
                    download(team.sk().secret(), bad, 400).getString("detail.message"));
        }
        assertEquals(
                "Invalid resource type 'outputs'. Expected 'uploads' or 'artifacts'",
                download(team.sk().secret(), "workflow://" + workflow + "/outputs/a.csv", 400)
                        .getString("detail.message"));
    }

    @Test
    void expiredOrDeletedAssetsAreGone() {
        JsonPath asset = Assets.ready(
                team.sk().secret(), "old.csv", "text/csv", CUSTOMERS, "\"workflow_id\":\"" + workflow + "\"");
        download(team.sk().secret(), "workflow://" + workflow + "/uploads/old.csv", 200);
        as(team.sk().secret())
                .delete("/api/v1/assets/" + asset.getString("id"))
                .then()
                .statusCode(204);
        download(team.sk().secret(), "workflow://" + workflow + "/uploads/old.csv", 404);
    }
}
