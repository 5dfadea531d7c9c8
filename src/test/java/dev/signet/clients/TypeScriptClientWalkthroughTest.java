package dev.signet.clients;

import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Node;
import dev.signet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through in TypeScript (src/test/node/src/walkthrough.ts): types generated from docs/openapi.yaml
 * by openapi-typescript, calls made with openapi-fetch, compiled by the build with tsc --strict, run here with node
 * against this test app.
 */
@QuarkusTest
class TypeScriptClientWalkthroughTest {

    @Test
    void theReadmeWalkThroughWithTheGeneratedTypeScriptClient() {
        Node.Run run = Node.run(
                "walkthrough.js",
                Map.of(
                        "SIGNET_BASE_URL",
                        "http://127.0.0.1:" + RestAssured.port,
                        "SIGNET_TOKEN",
                        Tokens.user(unique("ts-walker"))),
                Duration.ofMinutes(2));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("[walkthrough] done: 12 steps passed"), run.output());
    }
}
