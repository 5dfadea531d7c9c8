package dev.signet.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.common.Text;
import dev.signet.error.ApiException;
import java.util.Iterator;
import java.util.Set;

/**
 * A team's own quota as {@code PUT /teams/{teamId}/quota} sets it. Read from a JSON tree so that a key left out (a
 * 400: both are required, lest a forgotten key silently lift a limit) differs from {@code null} (unlimited).
 *
 * @param quotaBytes null: unlimited
 * @param quotaFiles null: unlimited
 */
public record QuotaChange(Long quotaBytes, Long quotaFiles) {

    private static final Set<String> FIELDS = Set.of("quota_bytes", "quota_files");

    /** Validates the body; a 400 naming the field for anything else. */
    public static QuotaChange parse(JsonNode body) {
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
        return new QuotaChange(limit(object, "quota_bytes"), limit(object, "quota_files"));
    }

    private static Long limit(ObjectNode object, String field) {
        if (!object.has(field)) {
            throw ApiException.invalidField(field, "required: a non-negative integer, or null for unlimited");
        }
        JsonNode value = object.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw ApiException.invalidField(field, "must be a non-negative integer, or null for unlimited");
        }
        return value.longValue();
    }
}
