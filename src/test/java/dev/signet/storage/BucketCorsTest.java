package dev.signet.storage;

import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bucket CORS rules of the local stack (LocalStack.CORS, the README's S3Proxy rules) as S3Proxy answers them:
 * a page of this machine may PUT to an upload URL with the headers it signs and read downloads; after a
 * cross-origin redirect (Origin: null) storage still answers; other origins get no CORS headers.
 */
@QuarkusTest
class BucketCorsTest {

    private static final String PAGE = "http://127.0.0.1:5173";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void aPagePreflightsItsPutWithTheSignedHeaders() throws Exception {
        String upload = uploadUrl();
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(upload))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PAGE)
                .header("Access-Control-Request-Method", "PUT")
                // as Chromium sends them: lower case, comma-separated without spaces
                .header("Access-Control-Request-Headers", "content-type,if-none-match"));
        assertEquals(200, preflight.statusCode(), preflight.body());
        assertEquals(PAGE, header(preflight, "Access-Control-Allow-Origin"));
        assertTrue(header(preflight, "Access-Control-Allow-Methods").contains("PUT"));
        assertTrue(
                header(preflight, "Access-Control-Allow-Headers").toLowerCase().contains("if-none-match"));

        HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(upload))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "PUT"));
        assertEquals(403, stranger.statusCode());
        assertTrue(stranger.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void afterTheCrossOriginRedirectStorageAnswersOriginNull() throws Exception {
        String key = unique("sk-team-of");
        var team = Api.team(key);
        String secret = team.mintKey("sk").secret();
        JsonPath asset =
                Assets.ready(secret, "Grüße – 日本.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), null);
        String location = given().redirects()
                .follow(false)
                .queryParam("objectKey", asset.getString("object_key"))
                .queryParam("type", "attachment")
                .get("/api/v1/objects/download")
                .then()
                .statusCode(302)
                .extract()
                .header("Location");

        // what a browser sends to storage when a page of another origin fetch()es the 302
        HttpResponse<String> tainted =
                send(HttpRequest.newBuilder(URI.create(location)).header("Origin", "null"));
        assertEquals(200, tainted.statusCode());
        assertEquals("null", header(tainted, "Access-Control-Allow-Origin"));
        assertTrue(header(tainted, "Access-Control-Expose-Headers").contains("Content-Disposition"));
        assertTrue(header(tainted, "Content-Disposition").contains("filename*=UTF-8''Gr%C3%BC%C3%9Fe"));

        HttpResponse<String> stranger =
                send(HttpRequest.newBuilder(URI.create(location)).header("Origin", "https://evil.example"));
        assertEquals(200, stranger.statusCode());
        assertFalse(
                stranger.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                "a browser would not let another origin read it");
    }

    private static String uploadUrl() {
        var team = Api.team(unique("cors"));
        return Api.as(team.mintKey("sk").secret())
                .body("{\"type\":\"document\",\"content_type\":\"text/plain\",\"file_name\":\"a.txt\",\"file_size\":1}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("upload.url");
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
