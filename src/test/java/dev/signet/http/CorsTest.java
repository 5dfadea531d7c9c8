package dev.signet.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Browsers of the configured origins may call the API with a bearer token, X-Team-ID and W3C trace context,
 * and read the headers they need; others get the JSON error body; caches learn that answers vary by origin.
 */
@QuarkusTest
class CorsTest {

    private static final String APP = "https://app.example.test";

    @Test
    void aConfiguredOriginPassesThePreflight() {
        given().header("Origin", APP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-team-id,traceparent,tracestate")
                .options("/api/v1/assets/upload-url")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Vary", containsString("Origin"))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers", containsString("X-Team-ID"))
                .header("Access-Control-Allow-Headers", containsString("traceparent"))
                .header("Access-Control-Allow-Headers", containsString("tracestate"))
                .header("Access-Control-Max-Age", equalTo("86400"))
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void anAllowedPageCanReadWhyItWasRefused() {
        given().header("Origin", APP)
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Vary", containsString("Origin"))
                .header("Access-Control-Expose-Headers", containsString("WWW-Authenticate"))
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .header("Access-Control-Allow-Credentials", nullValue())
                .body("detail.code", equalTo("missing_credentials"));
    }

    @Test
    void anotherOriginIsRefusedWithTheErrorBody() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v1/assets/upload-url")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("detail.code", equalTo("origin_not_allowed"));
        given().header("Origin", "https://evil.example")
                .get("/api/v1/teams")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .contentType("application/json")
                .body("detail.code", equalTo("origin_not_allowed"));
        // after a cross-origin redirect a browser sends Origin: null; Signet never redirects to itself
        given().header("Origin", "null").get("/api/v1/teams").then().statusCode(403);
    }

    @Test
    void sameOriginRequestsAreNotCrossOrigin() {
        given().header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("detail.code", not(equalTo("origin_not_allowed")));
    }
}
