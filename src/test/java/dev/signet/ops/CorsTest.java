package dev.signet.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Browsers of the configured origins may call the API with a bearer token and X-Team-ID; others may not. */
@QuarkusTest
class CorsTest {

    @Test
    void aConfiguredOriginPassesThePreflight() {
        given().header("Origin", "https://app.example.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-team-id")
                .options("/api/v1/assets/upload-url")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://app.example.test"))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("X-Team-ID"));
    }

    @Test
    void anotherOriginIsRefused() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v1/assets/upload-url")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").get("/api/v1/teams")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}
