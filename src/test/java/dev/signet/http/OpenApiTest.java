package dev.signet.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Endpoints;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated OpenAPI document describes every endpoint, and docs/openapi.yaml is that document. */
@QuarkusTest
class OpenApiTest {

    private static final Path COMMITTED = Path.of("docs/openapi.yaml");

    @Test
    void everyEndpointIsInTheDocument() throws Exception {
        JsonPath doc = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> endpoints = new ArrayList<>(Endpoints.all().keySet());
        assertTrue(endpoints.size() >= 20, "found only " + endpoints);
        List<String> missing = new ArrayList<>();
        for (String endpoint : endpoints) {
            String[] parts = endpoint.split(" ", 2);
            Map<String, Object> item = paths.get(parts[1]);
            if (item == null || !item.containsKey(parts[0].toLowerCase())) {
                missing.add(endpoint);
            }
        }
        assertEquals(List.of(), missing, "endpoints missing from /q/openapi");
    }

    @Test
    void operationsCarryTheSecuritySchemesTheErrorBodyAndTheReferenceExamples() {
        JsonPath doc = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"),
                withoutDescription(doc.getMap("components.securitySchemes.bearerJwt")));
        assertEquals("sk-… or dk-…", doc.getString("components.securitySchemes.bearerApiKey.bearerFormat"));
        assertEquals(List.of("detail"), doc.getList("components.schemas.Error.required"));

        String presign = "paths.'/api/v1/r/files/presign'.post";
        assertEquals(
                List.of(Map.of("bearerJwt", List.of()), Map.of("bearerApiKey", List.of())),
                doc.getList(presign + ".security"));
        assertEquals("X-Team-ID", doc.getString(presign + ".parameters.find { it.in == 'header' }.name"));
        assertEquals(
                "#/components/schemas/Error",
                doc.getString(presign + ".responses.'400'.content.'application/json'.schema.$ref"));
        assertEquals(
                "#/components/schemas/Error",
                doc.getString(presign + ".responses.'401'.content.'application/json'.schema.$ref"));
        assertEquals(
                1048576,
                doc.getInt(presign + ".requestBody.content.'application/json'.examples.reference.value.file_size"));
        assertTrue(
                doc.getString(presign + ".responses.'200'.content.'application/json'.examples.reference.value.file_key")
                        .startsWith("inputs/"));
        // schemas follow the wire's snake_case (usage keeps reference 004's camelCase)
        assertTrue(doc.getMap("components.schemas.PresignResponse.properties").containsKey("upload_headers"));
        assertTrue(doc.getMap("components.schemas.StorageUsage.properties").containsKey("totalBytes"));
        // the public download needs no credential
        assertEquals(List.of(), doc.getList("paths.'/api/v1/objects/download'.get.security"));
        assertTrue(doc.getMap("paths.'/api/v1/objects/download'.get.responses").containsKey("302"));
    }

    @Test
    void theCommittedSpecIsTheGeneratedOne() throws IOException {
        String served = given().accept("application/yaml")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path current = Path.of("target/openapi.yaml");
        Files.writeString(current, served);
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertEquals(committed, served, "docs/openapi.yaml is out of date: cp target/openapi.yaml docs/openapi.yaml");
    }

    private static Map<String, Object> withoutDescription(Map<String, Object> scheme) {
        var copy = new java.util.HashMap<>(scheme);
        copy.remove("description");
        return copy;
    }
}
