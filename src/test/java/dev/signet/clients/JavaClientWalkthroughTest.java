package dev.signet.clients;

import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.client.ApiClient;
import dev.signet.client.ApiException;
import dev.signet.client.api.ApiKeysApi;
import dev.signet.client.api.AssetsApi;
import dev.signet.client.api.DownloadsApi;
import dev.signet.client.api.ObjectsApi;
import dev.signet.client.api.TeamsApi;
import dev.signet.client.api.WorkflowsApi;
import dev.signet.client.model.AssetState;
import dev.signet.client.model.AssetSummary;
import dev.signet.client.model.CreateTeam;
import dev.signet.client.model.CreateUploadUrl;
import dev.signet.client.model.CreateWorkflow;
import dev.signet.client.model.DownloadLink;
import dev.signet.client.model.KeyKind;
import dev.signet.client.model.MintKey;
import dev.signet.client.model.MintedKey;
import dev.signet.client.model.SignedUrlRequest;
import dev.signet.client.model.SignedUrlResponse;
import dev.signet.client.model.StorageUsage;
import dev.signet.client.model.TeamView;
import dev.signet.client.model.UploadUrlResponse;
import dev.signet.client.model.WorkflowDownloadRequest;
import dev.signet.client.model.WorkflowDownloadResponse;
import dev.signet.support.Http;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through with the Java client that openapi-generator (library {@code native}: java.net.http and
 * Jackson) generates from docs/openapi.yaml at every build: every call of the walk-through goes through the
 * generated API classes and models, and only the bytes go straight to storage.
 */
@QuarkusTest
class JavaClientWalkthroughTest {

    private static final byte[] HELLO = "hello signet\n".getBytes(StandardCharsets.UTF_8);
    private static final HttpClient STORAGE = HttpClient.newHttpClient();

    private static ApiClient as(String credential) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + RestAssured.port);
        if (credential != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + credential));
        }
        return client;
    }

    @Test
    void theReadmeWalkThroughWithTheGeneratedJavaClient() throws Exception {
        // 1. a JWT for the user (the test's identity provider stands in for POST /dev/token)
        ApiClient person = as(Tokens.user(unique("java-walker")));

        // 2. a team; the caller becomes its owner
        TeamView team = new TeamsApi(person).createTeam(new CreateTeam().name("Acme"));
        UUID teamId = team.getId();
        assertEquals("owner", team.getRole().getValue());

        // 3. an API key for that team: the secret is shown this once
        ApiKeysApi personKeys = new ApiKeysApi(person);
        MintedKey ci = personKeys.createApiKey(new MintKey().name("ci").kind(KeyKind.SK), teamId);
        assertTrue(ci.getKey().startsWith("sk-"));

        // 4. the team's keys with the key itself (no X-Team-ID: the key knows its team), never a secret
        var listed = new ApiKeysApi(as(ci.getKey())).listApiKeys((UUID) null);
        assertTrue(listed.getItems().stream().anyMatch(k -> k.getId().equals(ci.getId())));
        assertFalse(listed.toString().contains(ci.getKey()));

        // 5. revoke it (204); the very next request with it is refused: 401 api_key_revoked
        personKeys.revokeApiKey(ci.getId().toString(), teamId);
        ApiException revoked =
                assertThrows(ApiException.class, () -> new ApiKeysApi(as(ci.getKey())).listApiKeys((UUID) null));
        assertEquals(401, revoked.getCode());
        assertTrue(revoked.getResponseBody().contains("api_key_revoked"), revoked.getResponseBody());

        ApiClient uploader = as(personKeys
                .createApiKey(new MintKey().name("uploader").kind(KeyKind.SK), teamId)
                .getKey());
        AssetsApi assets = new AssetsApi(uploader);

        // 6. an upload URL: the asset row is created in state pending_upload
        UploadUrlResponse created = assets.createUploadUrl(
                new CreateUploadUrl()
                        .type("document")
                        .contentType("text/plain")
                        .fileName("hello.txt")
                        .fileSize((long) HELLO.length),
                null);
        assertEquals(AssetState.PENDING_UPLOAD, created.getAsset().getState());
        assertEquals("PUT", created.getUpload().getMethod());

        // 7. PUT the bytes straight to S3 with the listed headers: 200, then 412 for a second one
        assertEquals(200, put(created.getUpload().getUrl(), created.getUpload().getHeaders()));
        assertEquals(412, put(created.getUpload().getUrl(), created.getUpload().getHeaders()));

        // 8. confirm: ready, and listed as ready
        String assetId = created.getAsset().getId().toString();
        AssetSummary confirmed = assets.confirmUpload(assetId, null);
        assertEquals(AssetState.READY, confirmed.getState());
        assertEquals(Long.valueOf(HELLO.length), confirmed.getSizeBytes());
        assertTrue(assets.listAssets(AssetsApi.APIListAssetsRequest.newBuilder().build()).getItems().stream()
                .anyMatch(a -> a.getId().toString().equals(assetId) && a.getState() == AssetState.READY));

        // 9. reference 000: a signed GET for a path inside the team's storage
        String objectKey = assets.getAsset(assetId, null).getObjectKey();
        assertTrue(objectKey.startsWith(teamId + "/"), objectKey);
        SignedUrlResponse signed = new DownloadsApi(uploader)
                .createSignedUrl(
                        new SignedUrlRequest()
                                .objectPath(
                                        objectKey.substring(teamId.toString().length() + 1))
                                .expiresIn(600),
                        null);
        assertEquals(600, signed.getExpiresIn());
        assertArrayEquals(HELLO, get(signed.getSignedUrl()).body());

        // 10. reference 001: a workflow's file by resource URI
        WorkflowsApi workflows = new WorkflowsApi(uploader);
        UUID workflowId = workflows
                .createWorkflow(new CreateWorkflow().name("demo"), null)
                .getId();
        UploadUrlResponse input = assets.createUploadUrl(
                new CreateUploadUrl()
                        .type("data")
                        .contentType("text/plain")
                        .fileName("hello.txt")
                        .workflowId(workflowId),
                null);
        assertEquals(200, put(input.getUpload().getUrl(), input.getUpload().getHeaders()));
        assets.confirmUpload(input.getAsset().getId().toString(), null);
        String resourceUri = "workflow://" + workflowId + "/uploads/hello.txt";
        WorkflowDownloadResponse download =
                workflows.createWorkflowDownloadUrl(new WorkflowDownloadRequest().resourceUri(resourceUri), null);
        assertEquals(resourceUri, download.getResourceUri());
        assertEquals("hello.txt", download.getFilename());
        assertArrayEquals(HELLO, get(download.getDownloadUrl()).body());

        // 11. reference 004: the public download, no credential. An SDK asks with redirect=false and gets the URL
        // as JSON; by default the answer is the 302, which the generated client (java.net.http follows no
        // redirect) reports as an exception carrying the status and the headers, Location among them.
        ObjectsApi anonymous = new ObjectsApi(as(null));
        DownloadLink link = anonymous.downloadObject(ObjectsApi.APIDownloadObjectRequest.newBuilder()
                .objectKey(objectKey)
                .type("attachment")
                .redirect(false)
                .build());
        assertTrue(link.getExpiresAt().isAfter(OffsetDateTime.now()));
        HttpResponse<byte[]> fetched = get(link.getUrl());
        assertArrayEquals(HELLO, fetched.body());
        assertTrue(
                fetched.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        ApiException redirect = assertThrows(
                ApiException.class,
                () -> anonymous.downloadObject(ObjectsApi.APIDownloadObjectRequest.newBuilder()
                        .objectKey(objectKey)
                        .type("attachment")
                        .build()));
        assertEquals(302, redirect.getCode());
        String location = redirect.getResponseHeaders().firstValue("Location").orElse(null);
        assertNotNull(location);
        assertArrayEquals(HELLO, get(location).body());

        // 12. what the team stores (reference 004, camelCase as documented)
        StorageUsage usage = new ObjectsApi(person).getStorageUsage(null, teamId);
        assertEquals(2L * HELLO.length, usage.getTotalBytes());
        assertEquals(2L, usage.getFileCount());
        assertTrue(
                usage.getBreakdown().stream()
                        .anyMatch(w -> w.getWorkflowId().equals(workflowId.toString()) && w.getBytes() == HELLO.length),
                String.valueOf(usage));
    }

    /** The tests' one PUT to storage, which always sees storage's answer (a refusal included). */
    private static int put(String url, Map<String, String> headers) {
        return Http.put(url, headers, HELLO).statusCode();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response =
                STORAGE.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), url);
        return response;
    }
}
