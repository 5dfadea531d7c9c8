package dev.signet.link;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Node;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Download links in a real browser: headless Chromium (src/test/node/src/link-browser-test.ts) downloads a file
 * through an {@code <a href download>} to an attachment link and shows it by navigating to an inline link, each
 * time through Signet's 302 to storage. Needs the Node harness (not with {@code -Dsignet.node.skip=true}).
 */
@QuarkusTest
class LinkBrowserTest {

    @Test
    void chromiumDownloadsAndShowsTheFileThroughLinks() throws Exception {
        Api.Key sk = Api.team(unique("link-browser")).mintKey("sk");
        StringBuilder text = new StringBuilder();
        Random random = new Random(22);
        while (text.length() < 200_000) {
            text.append(Long.toHexString(random.nextLong())).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        String asset = Assets.ready(sk.secret(), "notes.txt", "text/plain", bytes, null)
                .getString("id");
        String attachment = link(sk, asset, "\"file_name\":\"saved notes.txt\"");
        String inline = link(sk, asset, "\"disposition\":\"inline\"");

        Node.Run run = Node.run(
                "link-browser-test.js",
                Map.of(
                        "CHROMIUM",
                        Node.chromium(),
                        "ATTACHMENT_URL",
                        attachment,
                        "INLINE_URL",
                        inline,
                        "SHA256",
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                        "FILE_NAME",
                        "saved notes.txt"),
                Duration.ofMinutes(3));
        assertEquals(0, run.exitCode(), run.output());
        assertNotNull(run.last("RESULT "), run.output());

        // each link was used once, by the browser
        LinkTest.settled();
        List<Map<String, Object>> uses = as(sk.secret())
                .get("/api/v1/links?asset_id=" + asset)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertEquals(List.of(1, 1), uses.stream().map(u -> u.get("uses")).toList());
        String agent = as(sk.secret())
                .get("/api/v1/links/" + uses.get(0).get("id") + "/uses")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].user_agent");
        assertTrue(agent.contains("Chrome"), agent);
    }

    private static String link(Api.Key sk, String asset, String extra) {
        JsonPath link = as(sk.secret())
                .body("{\"asset_id\":\"" + asset + "\",\"expires_at\":\""
                        + Instant.now().plusSeconds(3600) + "\"," + extra + "}")
                .post("/api/v1/links")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return link.getString("url");
    }
}
