package dev.signet.asset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signet.asset.AssetDtos.AssetSummary;
import java.io.IOException;

/**
 * An asset as an event keeps it: the row after the change, which the event trigger (migration V5) copies with
 * {@code to_jsonb(NEW)} into {@code asset_events.asset}. It is rendered the one way the API renders an asset,
 * {@link AssetSummary#of}, from an {@link Asset} holding what Hibernate would read from that row: so an event
 * carries its asset exactly as {@code GET /assets/{id}} showed it after the change.
 * <p>
 * The snapshot must come as PostgreSQL's text of the jsonb ({@code asset::text}), not decoded by the database
 * client: that decodes numbers into doubles, and {@code 12.500} would come out {@code 12.5}. Read here, a number
 * keeps its scale ({@code BigDecimal} from the text), and {@code metadata} is its text in the snapshot, which is
 * PostgreSQL's own text of that jsonb, as {@link Asset#metadata} reads it ({@code metadata::text}).
 */
public final class AssetSnapshot {

    /**
     * The snapshot's keys are the columns, named from the entity's fields by the physical naming strategy
     * (quarkus.hibernate-orm.physical-naming-strategy: camelCase to snake_case). Its own reader, not the API's
     * mapper: the API's refuses input a row may hold (strings with U+FFFD, written by SQL).
     */
    private static final ObjectReader ROWS = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(Asset.class, MetadataAsText.class)
            .build()
            .readerFor(Asset.class);

    /** {@code metadata} is a JSON object in the snapshot and text in the entity: taken as text by {@link #read}. */
    @JsonIgnoreProperties("metadata")
    private abstract static class MetadataAsText {}

    private AssetSnapshot() {}

    /** The asset of an event, as the API shows it; {@code snapshot}: the text of {@code asset_events.asset}. */
    public static AssetSummary summary(String snapshot) {
        try {
            return AssetSummary.of(read(snapshot));
        } catch (IOException e) {
            throw new IllegalStateException("the event's asset cannot be read: " + e.getMessage(), e);
        }
    }

    static Asset read(String snapshot) throws IOException {
        Asset asset = ROWS.readValue(snapshot);
        asset.metadata = metadataText(snapshot);
        return asset;
    }

    /** The text of the top-level {@code metadata} object exactly as it stands in the snapshot, or null. */
    private static String metadataText(String snapshot) throws IOException {
        try (JsonParser parser = ROWS.createParser(snapshot)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("metadata") && value == JsonToken.START_OBJECT) {
                    int from = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    return snapshot.substring(
                            from, (int) parser.currentLocation().getCharOffset());
                }
                parser.skipChildren();
            }
            return null;
        }
    }
}
