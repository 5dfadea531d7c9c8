package dev.signet.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.common.Text;
import dev.signet.error.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of what workers write back to an asset ({@code PATCH /assets/{id}}, reference 002's "ffprobe runs in
 * the cpu-worker after confirm_upload and writes the authoritative value to the row"). The body is read as a
 * JSON tree so that a field left out (unchanged) differs from {@code null} (cleared).
 *
 * @param duration empty: leave as it is; present: set (a null value clears)
 * @param metadata empty: leave as it is; present: replace (null clears), as compact JSON text
 */
public record WriteBack(Optional<Value<BigDecimal>> duration, Optional<Value<String>> metadata) {

    /** A value to store; {@code value} null means clear. */
    public record Value<T>(T value) {}

    /** numeric(14, 3): 11 digits before the point. */
    static final BigDecimal MAX_DURATION = new BigDecimal("99999999999.999");

    public static final int MAX_METADATA_BYTES = 4096;
    static final int MAX_METADATA_DEPTH = 8;
    static final int MAX_METADATA_NUMBER_CHARS = 100;
    private static final Set<String> FIELDS = Set.of("duration_seconds", "metadata");

    public boolean isEmpty() {
        return duration.isEmpty() && metadata.isEmpty();
    }

    /** Validates the body; a 400 naming the field for anything else. */
    public static WriteBack parse(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.invalidField("body", "must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.invalidField(
                        name.length() <= 64 && Text.visible(name) ? name : "body", "unknown field");
            }
        }
        Optional<Value<BigDecimal>> duration = object.has("duration_seconds")
                ? Optional.of(new Value<>(duration(object.get("duration_seconds"))))
                : Optional.empty();
        Optional<Value<String>> metadata =
                object.has("metadata") ? Optional.of(new Value<>(metadata(object.get("metadata")))) : Optional.empty();
        WriteBack writeBack = new WriteBack(duration, metadata);
        if (writeBack.isEmpty()) {
            throw ApiException.invalidField("body", "set duration_seconds or metadata");
        }
        return writeBack;
    }

    /** A JSON number or a plain decimal string, ≥ 0, kept to the millisecond. */
    static BigDecimal duration(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual() && node.textValue().matches("[0-9]{1,20}(\\.[0-9]{1,20})?")) {
            value = new BigDecimal(node.textValue());
        } else {
            throw ApiException.invalidField("duration_seconds", "must be a non-negative decimal number of seconds");
        }
        if (value.signum() < 0) {
            throw ApiException.invalidField("duration_seconds", "must not be negative");
        }
        BigDecimal rounded = value.setScale(3, RoundingMode.HALF_UP);
        if (rounded.compareTo(MAX_DURATION) > 0) {
            throw ApiException.invalidField("duration_seconds", "must be at most " + MAX_DURATION.toPlainString());
        }
        return rounded;
    }

    /** A JSON object of at most 4 KiB and depth 8 whose every key and string is well-formed text. */
    static String metadata(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.invalidField("metadata", "must be a JSON object");
        }
        check(node, 1);
        String json = node.toString();
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw ApiException.invalidField("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
        }
        return json;
    }

    private static void check(JsonNode node, int depth) {
        if (depth > MAX_METADATA_DEPTH) {
            throw ApiException.invalidField("metadata", "must not nest deeper than " + MAX_METADATA_DEPTH + " levels");
        }
        if (node.isNumber() && node.decimalValue().toPlainString().length() > MAX_METADATA_NUMBER_CHARS) {
            // PostgreSQL stores a number in full: 1e100000 is 6 bytes of JSON and 100 kB of jsonb
            throw ApiException.invalidField(
                    "metadata",
                    "numbers must be at most " + MAX_METADATA_NUMBER_CHARS + " characters written out in full");
        }
        if (node.isTextual() && !Text.wellFormed(node.textValue())) {
            throw ApiException.invalidField("metadata", "strings must not contain NUL, unpaired surrogates or U+FFFD");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!Text.wellFormed(field.getKey())) {
                    throw ApiException.invalidField(
                            "metadata", "keys must not contain NUL, unpaired surrogates or U+FFFD");
                }
                check(field.getValue(), depth + 1);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                check(element, depth + 1);
            }
        }
    }
}
