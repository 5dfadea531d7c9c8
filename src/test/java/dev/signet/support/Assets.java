package dev.signet.support;

import static dev.signet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.util.Map;

/** Uploads through Signet as a client would: upload URL, PUT, confirm. */
public final class Assets {

    private Assets() {}

    /** A ready asset uploaded with an API key; {@code extra} is more JSON fields for the upload-url body. */
    public static JsonPath ready(String credential, String fileName, String contentType, byte[] bytes, String extra) {
        return ready(() -> as(credential), fileName, contentType, bytes, extra);
    }

    /** The same for a JWT caller acting in {@code team}. */
    public static JsonPath ready(
            String token, java.util.UUID team, String fileName, String contentType, byte[] bytes, String extra) {
        return ready(() -> as(token, team), fileName, contentType, bytes, extra);
    }

    private static JsonPath ready(
            java.util.function.Supplier<io.restassured.specification.RequestSpecification> caller,
            String fileName,
            String contentType,
            byte[] bytes,
            String extra) {
        String body = "{\"type\":\"data\",\"content_type\":\"" + contentType + "\",\"file_name\":\""
                + fileName.replace("\"", "\\\"") + "\",\"file_size\":" + bytes.length
                + (extra == null ? "" : "," + extra) + "}";
        JsonPath created = caller.get()
                .body(body)
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        Map<String, String> headers = created.getMap("upload.headers");
        assertEquals(
                200, Http.put(created.getString("upload.url"), headers, bytes).statusCode());
        return caller.get()
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
