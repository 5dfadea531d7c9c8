package dev.signet.common;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.signet.error.ApiException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Identifiers and timestamps as the database stores them. */
public final class Ids {

    /**
     * UUIDv7: time-ordered, so keyset pagination by id follows creation order. Its random part makes ids
     * unguessable (object keys act as download capabilities), so the generator and its SecureRandom are made
     * at run time, never frozen into a native image.
     */
    private static final Lazy<TimeBasedEpochGenerator> UUID_V7 =
            new Lazy<>(() -> Generators.timeBasedEpochGenerator(new SecureRandom()));

    private Ids() {}

    public static UUID newId() {
        return UUID_V7.get().generate();
    }

    /** Now, at PostgreSQL's microsecond precision, so a response shows exactly what was stored. */
    public static Instant now() {
        return truncate(Instant.now());
    }

    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Parses a UUID given by the client, or fails with a 400 that names the field. */
    public static UUID parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the common error
        }
        throw ApiException.invalidField(field, "must be a UUID");
    }
}
