package dev.signet.support;

import static dev.signet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.support.WebhookReceiver.Received;
import java.util.List;

/**
 * An event's asset held to the API: the delivery's body matches the document's webhook schema, and its
 * {@code data.asset} is the JSON object {@code GET /assets/{id}} answers at that moment, property for property and
 * in the same order, every number with its decimal scale (both parsed exactly, then written the same way).
 */
public final class EventAssets {

    /** Numbers as written: 12.500 stays 12.500, 29.970 is not 29.97. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private EventAssets() {}

    /** Checks the delivery (see above) with the caller's credential; answers its asset, parsed exactly. */
    public static JsonNode assertAssetAsGetShowsIt(Received delivery, String credential) {
        assertTrue(delivery.verified(), "the standardwebhooks library refused it: " + delivery.error());
        assertEquals(
                List.of(),
                ContractCheck.event(delivery.body()),
                "the event breaks the webhook schema of docs/openapi.yaml: " + delivery.body());
        JsonNode asset = exact(delivery.body()).path("data").path("asset");
        String id = asset.path("id").asText();
        String shown = as(credential)
                .get("/api/v1/assets/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                written(exact(shown)),
                written(asset),
                delivery.type() + " carries another rendering of the asset than GET /assets/" + id);
        return asset;
    }

    private static JsonNode exact(String json) {
        try {
            return EXACT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String written(JsonNode node) {
        try {
            return EXACT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
